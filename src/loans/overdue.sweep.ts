import { DateTime } from 'luxon';
import { withTransaction, type Pool } from '../db/pool.ts';
import { publish } from '../webhooks/events.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { periodicJob, type PeriodicJob } from '../shared/periodic.ts';
import { insertPreparedDelivery } from './overdue.queries.ts';
import { renderLoanOverdue } from './overdue.template.ts';
import { selectOverdueLoans } from './loans.queries.ts';
import { overdueNotice } from './overdue.rules.ts';

export interface OverdueSweepDeps {
  pool: Pool;
  clock: Clock;
}

/**
 * Queues today's overdue email for every open loan past due (through the outbox `deliveries`, sent by
 * the email worker). Idempotent and safe to run repeatedly or on several instances at once: each
 * row's dedupe key is the loan and the local day, so a day's second run adds nothing.
 * Returns the loan ids that got a new email.
 */
export async function sweepOverdueLoans(deps: OverdueSweepDeps): Promise<number[]> {
  const now = deps.clock.now().toUTC();
  const queued: number[] = [];
  for (const loan of await selectOverdueLoans(deps.pool, now.toISO()!)) {
    const dueBack = DateTime.fromISO(loan.dueBack, { zone: 'utc' });
    // The lending unit's zone: the days a person there counts, the day the email belongs to, the due time shown.
    const zone = loan.unitTimeZone;
    const notice = overdueNotice(loan.id, dueBack, now, zone);
    if (!notice) continue;
    const message = renderLoanOverdue({
      holderName: loan.holderName, pool: { 'zh-CN': loan.poolZh, en: loan.poolEn }, unit: { 'zh-CN': loan.unitZh, en: loan.unitEn },
      labels: loan.labels, dueBack, timeZone: zone, daysOverdue: notice.daysOverdue,
    });
    // The email and the event (webhooks, the lending unit's group robots) commit together, once per loan and day.
    const added = await withTransaction(deps.pool, async (db) => {
      const first = await insertPreparedDelivery(db, {
        dedupeKey: notice.dedupeKey, kind: 'loan_overdue', loanId: loan.id, recipient: loan.holderEmail,
        subject: message.subject, text: message.text, html: message.html, contentLanguage: message.contentLanguage, availableAt: now.toISO()!,
      });
      if (first) {
        await publish(db, now.toISO()!, {
          type: 'loan.overdue', scope: { unitIds: [loan.unitId], classIds: [] },
          data: { loanId: loan.id, resourceId: loan.resourceId, poolZh: loan.poolZh, unitZh: loan.unitZh, dueBack: loan.dueBack, daysOverdue: notice.daysOverdue, labels: loan.labels.map((l) => l['zh-CN']) },
        });
      }
      return first;
    });
    if (added) queued.push(loan.id);
  }
  return queued;
}

/** The sweep as a periodic job: every 10 minutes, once across all serve processes (src/background.ts). */
export function overdueLoansJob(deps: OverdueSweepDeps, log: Logger, everyMs = 600_000): PeriodicJob {
  return periodicJob({
    name: 'overdue-loans',
    everyMs,
    run: () => sweepOverdueLoans(deps),
    done: (loans) => {
      if (loans.length > 0) log.info({ module: 'loans', loans }, 'overdue loan emails queued');
    },
  });
}
