import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';

/**
 * Two independent parsers for every feed the tests produce: Mozilla's ical.js (what Thunderbird
 * uses) and Debian's python3-icalendar (tests/helpers/ical_check.py). Both throw on anything a strict
 * reader should refuse; both report local times computed from the feed's own VTIMEZONEs.
 * With `{ itip: true }` they check an emailed invitation instead: METHOD required, and ORGANIZER and
 * ATTENDEE on every VEVENT (a feed must have none of them).
 */
export interface ParseOptions {
  itip?: boolean;
}
export interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  location: string;
  status: string;
  sequence: number;
  tzid: string | null;
  allDay: boolean;
  /** Local time with offset, e.g. 2027-03-02T18:30:00+08:00 (a date for all-day events). */
  start: string;
  end: string | null;
  recurrenceId: string | null;
  rrule: string | null;
  /** Local starts of a recurring series: the RRULE minus EXDATEs, moved ones where an override says. */
  instances: string[] | null;
}

export interface ParsedFeed {
  /** METHOD of an iTIP message (invitations); null for a subscription feed. */
  method: string | null;
  name: string;
  description: string;
  timezones: string[];
  events: ParsedEvent[];
}

const SCRIPT = fileURLToPath(new URL('./ical_check.py', import.meta.url));

export function parseWithPython(text: string, options: ParseOptions = {}): ParsedFeed {
  const run = spawnSync('/usr/bin/python3', [SCRIPT, ...(options.itip ? ['--itip'] : [])], { input: Buffer.from(text, 'utf8'), encoding: 'utf8', timeout: 30_000 });
  if (run.error) throw run.error;
  const out = JSON.parse(run.stdout || '{}') as ParsedFeed & { ok: boolean; error?: string };
  if (!out.ok) throw new Error(`python3-icalendar: ${out.error ?? run.stderr}`);
  return out;
}

function offsetOf(time: ICAL.Time): string {
  const seconds = time.utcOffset();
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  return `${sign}${String(Math.floor(abs / 3600)).padStart(2, '0')}:${String(Math.floor((abs % 3600) / 60)).padStart(2, '0')}`;
}

function local(time: ICAL.Time): string {
  if (time.isDate) return time.toString();
  return `${time.toString().slice(0, 19)}${offsetOf(time)}`;
}

function fail(message: string): never {
  throw new Error(`ical.js: ${message}`);
}

function checkStamps(event: ICAL.Component): void {
  for (const name of ['dtstamp', 'last-modified', 'created']) {
    const value = event.getFirstPropertyValue(name) as ICAL.Time | null;
    if (name === 'dtstamp' && !value) fail('VEVENT without DTSTAMP');
    if (value && value.zone !== ICAL.Timezone.utcTimezone) fail(`${name} ${value.toString()} is not UTC`);
  }
}

export function parseWithIcalJs(text: string, options: ParseOptions = {}): ParsedFeed {
  const root = new ICAL.Component(ICAL.parse(text));
  if (root.name !== 'vcalendar') fail('not a VCALENDAR');
  const method = root.getFirstPropertyValue('method') as string | null;
  if (!options.itip && method) fail('a subscription feed has no METHOD');
  if (options.itip && !method) fail('an iTIP message without METHOD');
  const zones = new Map<string, ICAL.Timezone>();
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
    const zone = new ICAL.Timezone(vtimezone);
    zones.set(zone.tzid, zone);
    ICAL.TimezoneService.register(vtimezone);
  }
  const vevents = root.getAllSubcomponents('vevent');
  const masters = new Map<string, ICAL.Event>();
  const seen = new Set<string>();
  const events: ParsedEvent[] = [];
  for (const vevent of vevents) {
    const people = Boolean(vevent.getFirstProperty('organizer')) || Boolean(vevent.getFirstProperty('attendee'));
    if (!options.itip && people) fail('ORGANIZER/ATTENDEE in a feed');
    if (options.itip && !(vevent.getFirstProperty('organizer') && vevent.getFirstProperty('attendee'))) fail('an invitation VEVENT without ORGANIZER or ATTENDEE');
    checkStamps(vevent);
    const event = new ICAL.Event(vevent);
    const key = `${event.uid}|${event.recurrenceId?.toString() ?? ''}`;
    if (seen.has(key)) fail(`UID ${event.uid} appears twice for the same instance`);
    seen.add(key);
    const tzid = (vevent.getFirstProperty('dtstart')!.getParameter('tzid') as string | undefined) ?? null;
    if (!event.startDate.isDate && !tzid) fail(`${event.uid} has a floating or UTC start`);
    if (tzid && !zones.has(tzid)) fail(`TZID ${tzid} has no VTIMEZONE`);
    if (!event.isRecurrenceException()) masters.set(event.uid, event);
    events.push({
      uid: event.uid,
      summary: event.summary ?? '',
      description: event.description ?? '',
      location: event.location ?? '',
      status: String(vevent.getFirstPropertyValue('status') ?? ''),
      sequence: event.sequence ?? 0,
      tzid,
      allDay: event.startDate.isDate,
      start: local(event.startDate),
      end: event.endDate ? local(event.endDate) : null,
      recurrenceId: event.recurrenceId ? local(event.recurrenceId) : null,
      rrule: vevent.getFirstPropertyValue('rrule')?.toString() ?? null,
      instances: null,
    });
  }
  for (const vevent of vevents) {
    const event = new ICAL.Event(vevent);
    if (event.isRecurrenceException()) {
      const master = masters.get(event.uid) ?? fail(`override of ${event.uid} without its series`);
      master.relateException(event);
    }
  }
  for (const parsed of events) {
    const master = masters.get(parsed.uid);
    if (!master || parsed.recurrenceId !== null || !master.isRecurring()) continue;
    const iterator = master.iterator();
    const instances: string[] = [];
    for (let next = iterator.next(); next && instances.length < 80; next = iterator.next()) {
      instances.push(local(master.getOccurrenceDetails(next).startDate));
    }
    parsed.instances = instances;
  }
  return { method, name: String(root.getFirstPropertyValue('x-wr-calname') ?? ''), description: String(root.getFirstPropertyValue('x-wr-caldesc') ?? ''), timezones: [...zones.keys()].sort(), events };
}

/** Both parsers must accept the feed and agree on every event's times. */
export function parseStrictly(text: string, options: ParseOptions = {}): ParsedFeed {
  const mozilla = parseWithIcalJs(text, options);
  const debian = parseWithPython(text, options);
  const times = (f: ParsedFeed) => f.events.map((e) => [e.uid, e.recurrenceId, e.start, e.end, e.status, e.sequence, e.summary, e.instances]);
  if (JSON.stringify(times(mozilla)) !== JSON.stringify(times(debian))) {
    throw new Error(`the parsers disagree:\nical.js ${JSON.stringify(times(mozilla))}\npython  ${JSON.stringify(times(debian))}`);
  }
  return mozilla;
}
