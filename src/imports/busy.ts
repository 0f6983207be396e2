import ICAL from 'ical.js';
import { DateTime } from 'luxon';

/**
 * PURE: an external iCalendar file (a school's timetable) in, its busy periods between `from` and
 * `to` out (UTC ISO instants). ical.js parses and expands recurrences (RRULE, RDATE, EXDATE);
 * overrides (RECURRENCE-ID) replace their occurrence. Free (TRANSP:TRANSPARENT) and cancelled events
 * are not busy. Times are placed with luxon, never the server's zone: UTC as UTC, a TZID that names
 * an IANA zone in that zone (else the file's VTIMEZONE via ical.js), floating times and whole days
 * in `zone` (the resource's unit's zone).
 */
export interface BusyPeriod {
  startsAt: string;
  endsAt: string;
  summary: string;
}

/** A timetable repeats weekly for a term; more than this in one window is a runaway rule. */
export const MAX_BUSY_PERIODS = 5000;

function instant(time: ICAL.Time, zone: string): DateTime {
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.isDate ? 0 : time.hour, minute: time.isDate ? 0 : time.minute, second: time.isDate ? 0 : time.second };
  if (time.isDate) return DateTime.fromObject(wall, { zone });
  const tzid = (time as unknown as { timezone?: string }).timezone ?? time.zone?.tzid;
  if (time.zone === ICAL.Timezone.utcTimezone || tzid === 'UTC' || tzid === 'Z') return DateTime.fromObject(wall, { zone: 'utc' });
  if (tzid && tzid !== 'floating' && DateTime.fromObject(wall, { zone: tzid }).isValid) return DateTime.fromObject(wall, { zone: tzid });
  if (!tzid || tzid === 'floating') return DateTime.fromObject(wall, { zone });
  return DateTime.fromSeconds(time.toUnixTime(), { zone: 'utc' });
}

const busy = (event: ICAL.Event) =>
  event.component.getFirstPropertyValue('transp') !== 'TRANSPARENT' && event.component.getFirstPropertyValue('status') !== 'CANCELLED';

export function busyPeriods(text: string, from: DateTime, to: DateTime, zone: string): BusyPeriod[] {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
  const overrides = new Set(events.filter((e) => e.isRecurrenceException()).map((e) => `${e.uid}|${instant(e.recurrenceId, zone).toMillis()}`));
  const out: BusyPeriod[] = [];
  const add = (start: DateTime, end: DateTime, summary: string) => {
    if (end > start && start < to && end > from) out.push({ startsAt: start.toUTC().toISO()!, endsAt: end.toUTC().toISO()!, summary });
  };
  for (const event of events) {
    if (!busy(event)) continue;
    const summary = (event.summary ?? '').slice(0, 200);
    const length = event.endDate ? instant(event.endDate, zone).diff(instant(event.startDate, zone)) : event.duration ? { seconds: event.duration.toSeconds() } : { days: event.startDate.isDate ? 1 : 0 };
    if (!event.isRecurring()) {
      const start = instant(event.startDate, zone);
      add(start, start.plus(length), summary);
      continue;
    }
    const iterator = event.iterator();
    for (let next = iterator.next(), n = 0; next && n < MAX_BUSY_PERIODS; next = iterator.next(), n++) {
      const start = instant(next, zone);
      if (start >= to) break;
      if (!event.isRecurrenceException() && overrides.has(`${event.uid}|${start.toMillis()}`)) continue;
      add(start, start.plus(length), summary);
    }
    if (out.length > MAX_BUSY_PERIODS) throw new Error(`more than ${MAX_BUSY_PERIODS} busy periods`);
  }
  return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}
