import type { LinkSigner } from '../auth/signed-links.ts';
import type { CheckInSigner } from '../attendance/code.ts';
import { selectCalendarActivities } from '../activities/ical-events.queries.ts';
import { emailFamily } from '../notifications/kinds.ts';
import type { ICalActivity } from '../shared/ical/events.ts';
import { composeMessage, skipReason } from './emails.compose.ts';
import { selectDeliveryDetails, type DeliveryDetails } from './emails.queries.ts';
import { MESSAGE_KINDS } from './messages.template.ts';

export interface RegistrationEmailDeps {
  signer: LinkSigner;
  /** Signs the check-in code confirmations carry (src/attendance); without it they carry none. */
  checkIn?: CheckInSigner | undefined;
}

/**
 * The participants' emails (MESSAGE_KINDS: confirmation, waitlisted, promotion, change, cancellation,
 * activity_cancelled, reminder, registrant_message), registered with the outbox as one family: one
 * read per round (./emails.queries.ts), skip and compose in ./emails.compose.ts, templates
 * ./messages.template.ts and ./invitation.template.ts.
 */
export function registrationEmails(deps: RegistrationEmailDeps) {
  return emailFamily<DeliveryDetails, Map<number, ICalActivity>>({
    kinds: MESSAGE_KINDS,
    words: {
      confirmation: { 'zh-CN': '报名确认', en: 'Confirmation' }, waitlisted: { 'zh-CN': '候补通知', en: 'Waitlisted' },
      promotion: { 'zh-CN': '候补转正', en: 'Promotion' }, change: { 'zh-CN': '变更通知', en: 'Change' },
      cancellation: { 'zh-CN': '取消报名', en: 'Cancellation' }, activity_cancelled: { 'zh-CN': '活动取消', en: 'Activity cancelled' },
      reminder: { 'zh-CN': '提醒', en: 'Reminder' }, registrant_message: { 'zh-CN': '给报名者的消息', en: 'Message to registrants' },
    },
    read: (db, ids, now) => selectDeliveryDetails(db, ids, now),
    skip: skipReason,
    // Invitations render the activity's current series (rule, cancelled and moved occurrences), read once per round.
    async prepare(db, rows) {
      const wanted = rows.flatMap((d) => [...(d.method ? [d.activityId] : []), ...(d.payload.carriesActivity ? [Number(d.payload.carriesActivity)] : [])]);
      return new Map((await selectCalendarActivities(db, [...new Set(wanted)])).map((a) => [a.id, a]));
    },
    compose: (d, now, ctx, calendars) =>
      composeMessage(d, now, { ...ctx, ...deps }, calendars.get(d.activityId), calendars.get(Number(d.payload.carriesActivity))),
  });
}
