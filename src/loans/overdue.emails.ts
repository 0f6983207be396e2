import { emailFamily, preparedMessage } from '../notifications/kinds.ts';
import { selectPrepared, type PreparedMessage } from '../notifications/outbox.queries.ts';
import { selectReturnedLoanDeliveries } from './overdue.queries.ts';

/**
 * The overdue-loan email (kind `loan_overdue`): rendered when the sweep queues it (./overdue.sweep.ts,
 * template ./overdue.template.ts) and stored whole, so the worker sends the stored subject and
 * bodies with the outbox's From and Message-ID. One whose loan was returned in the meantime is skipped.
 */
export const loanEmails = emailFamily<PreparedMessage & { returned: boolean }>({
  kinds: ['loan_overdue'],
  words: { loan_overdue: { 'zh-CN': '借用逾期', en: 'Overdue loan' } },
  // Its rows name a loan, not an activity: the organizers' outbox list (per activity) does not show them.
  listed: [],
  async read(db, ids) {
    const returned = await selectReturnedLoanDeliveries(db, ids);
    return (await selectPrepared(db, ids)).map((p) => ({ ...p, returned: returned.has(p.id) }));
  },
  skip: (p) => (p.returned ? 'the loan was returned' : null),
  compose: (p, _now, ctx) => preparedMessage(p, ctx),
});
