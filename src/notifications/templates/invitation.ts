import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { DateTime } from 'luxon';
import { oneLine } from './format.ts';

/**
 * The iTIP invitation (RFC 5546) carried by confirmations, changes and cancellations. PURE.
 * UID and SEQUENCE are the activity's own (src/shared/ical-ids.ts), as in the feeds, so a
 * calendar app treats the emailed copy and the subscribed copy as one event and applies the
 * newest. Times are written in UTC (no VTIMEZONE needed); all-day dates in the activity's zone.
 */
export type InvitationMethod = 'REQUEST' | 'CANCEL';

export interface InvitationProps {
  method: InvitationMethod;
  uid: string;
  sequence: number;
  stamp: DateTime;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  summary: string;
  description: string;
  location: string | null;
  startsAt: DateTime;
  endsAt: DateTime;
  timeZone: string;
  allDay: boolean;
  /** RRULE text (without the `RRULE:` prefix) of a recurring activity. */
  recurrenceRule: string | null;
  url: string;
}

export function renderInvitation(p: InvitationProps): string {
  const calendar = ical({
    prodId: { company: 'Orrery', product: 'orrery', language: 'EN' },
    method: p.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  const start = p.allDay ? p.startsAt.setZone(p.timeZone) : p.startsAt.toUTC();
  const end = p.allDay ? p.endsAt.setZone(p.timeZone) : p.endsAt.toUTC();
  calendar.createEvent({
    id: p.uid,
    sequence: p.sequence,
    stamp: p.stamp.toUTC().toJSDate(),
    start: p.allDay ? start.toISODate()! : start.toJSDate(),
    end: p.allDay ? end.toISODate()! : end.toJSDate(),
    allDay: p.allDay,
    summary: oneLine(p.summary),
    description: p.description,
    location: p.location ? oneLine(p.location) : null,
    url: p.url,
    status: p.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: oneLine(p.organizer.name) || p.organizer.email, email: p.organizer.email },
    attendees: [{
      email: p.attendee.email,
      name: oneLine(p.attendee.name),
      role: ICalAttendeeRole.REQ,
      // The participant registered themselves, so they have already said yes.
      status: p.method === 'CANCEL' ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
      rsvp: false,
    }],
    ...(p.recurrenceRule ? { repeating: `RRULE:${p.recurrenceRule.replace(/^RRULE:/i, '')}` } : {}),
  });
  return calendar.toString();
}
