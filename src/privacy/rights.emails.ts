import { emailFamily, preparedMessage } from '../notifications/kinds.ts';
import { selectPrepared, type PreparedMessage } from '../notifications/outbox.queries.ts';

/** The family's emails: rendered when asked for (./rights.template.ts) and stored whole; one per person, about no activity. */
export const RIGHTS_EMAIL_KINDS = ['privacy_link', 'privacy_erased'] as const;

export const rightsEmails = emailFamily<PreparedMessage>({
  kinds: RIGHTS_EMAIL_KINDS,
  words: {
    privacy_link: { 'zh-CN': '个人信息链接', en: 'Personal data link' },
    privacy_erased: { 'zh-CN': '个人信息已删除', en: 'Personal data erased' },
  },
  // Not about an activity: the organizers' outbox list shows none of them.
  listed: [],
  read: (db, ids) => selectPrepared(db, ids),
  skip: () => null,
  compose: (p, _now, ctx) => preparedMessage(p, ctx),
});
