import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { DateTime } from 'luxon';
import { calendarComponents, envelopeOf, type ICalActivity } from '../shared/ical/events.ts';
import type { Language } from '../shared/types.ts';
import { oneLine } from '../notifications/format.ts';

/**
 * The iTIP invitation (RFC 5546) carried by confirmations, changes and cancellations. PURE.
 * The VTIMEZONEs and VEVENTs are the feeds' own (src/shared/ical/events.ts): the series with its
 * RRULE and an EXDATE per cancelled occurrence, an override with RECURRENCE-ID per moved one, the
 * same UID, so a calendar fed by the email and one subscribed to a feed show the same occurrences.
 * On top: METHOD, ORGANIZER and the participant as ATTENDEE on every VEVENT, DTSTAMP = now.
 *
 * One occurrence cancelled or moved is sent as a REQUEST of the whole series (EXDATE / override)
 * with the raised SEQUENCE, not as a CANCEL or REQUEST naming one RECURRENCE-ID: the activity has
 * one SEQUENCE for all its occurrences, and a REQUEST with a higher SEQUENCE replaces the whole
 * series (RFC 5546 §3.2.2), so each message is complete on its own. That is what Google, Outlook
 * and Apple apply most reliably (an instance-only CANCEL is applied against whatever copy of the
 * series the client holds; a lost or coalesced earlier message would leave it wrong), and it lets
 * the outbox fold several changes into one email that carries the current state.
 * METHOD:CANCEL (§3.2.5) is for the whole activity, or for this participant leaving it: the series
 * VEVENT only, without RECURRENCE-ID, so it removes every occurrence.
 */
export type InvitationMethod = 'REQUEST' | 'CANCEL';

export interface InvitationProps {
  method: InvitationMethod;
  /** The activity as the feeds see it; its `sequence` is this participant's (activity's + offset). */
  activity: ICalActivity;
  language: Language;
  publicBaseUrl: string;
  stamp: DateTime;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  url: string;
}

export function renderInvitation(p: InvitationProps): string {
  const cancel = p.method === 'CANCEL';
  const calendar = ical({
    prodId: { company: 'Orrery', product: 'orrery', language: 'EN' },
    method: cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const envelope = envelopeOf(calendar);
  const components = calendarComponents(calendar, [p.activity], {
    language: p.language,
    publicBaseUrl: p.publicBaseUrl,
    stampedAt: p.stamp.toMillis(),
    seriesOnly: cancel,
    extra: {
      url: p.url,
      ...(cancel ? { status: ICalEventStatus.CANCELLED } : {}),
      organizer: { name: oneLine(p.organizer.name) || p.organizer.email, email: p.organizer.email },
      attendees: [{
        email: p.attendee.email,
        name: oneLine(p.attendee.name),
        role: ICalAttendeeRole.REQ,
        // The participant registered themselves, so they have already said yes.
        status: cancel ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
        rsvp: false,
      }],
    },
  });
  return `${envelope}${components}END:VCALENDAR\r\n`;
}
