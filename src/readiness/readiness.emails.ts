import { emailFamily, preparedMessage } from '../notifications/kinds.ts';
import { selectPrepared, type PreparedMessage } from '../notifications/outbox.queries.ts';

/**
 * The readiness emails to organizers (`readiness_missing`, `readiness_broken`): rendered by the sweep
 * (./readiness.service.ts with ./readiness.template.ts) and stored whole, so the worker sends the
 * stored subject and bodies.
 */
export const readinessEmails = emailFamily<PreparedMessage>({
  kinds: ['readiness_missing', 'readiness_broken'],
  words: {
    readiness_missing: { 'zh-CN': '出行准备未完成', en: 'Visit not ready' },
    readiness_broken: { 'zh-CN': '出行准备不再就绪', en: 'Visit no longer ready' },
  },
  // Not offered by the organizers' outbox list filter (as before kinds were registered here).
  listed: [],
  read: (db, ids) => selectPrepared(db, ids),
  skip: () => null,
  compose: (p, _now, ctx) => preparedMessage(p, ctx),
});
