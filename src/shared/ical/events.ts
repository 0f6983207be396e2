import { ICalEventStatus, ICalEventTransparency, type ICalCalendar, type ICalEventData } from 'ical-generator';
import { activityUid } from '../ical-ids.ts';
import { parseUntil, untilInstant, type Until } from '../recurrence.ts';
import type { Localized } from '../types.ts';
import { inLanguage } from '../place.ts';
import { fold } from './fold.ts';
import { vtimezone } from './vtimezone.ts';
import { WallTime, zoneTable, type ZoneTables } from './zones.ts';

/**
 * PURE: activities in, their VTIMEZONEs and VEVENTs out — the one rendering of an activity as
 * calendar components, used by subscription feeds (src/feeds/ical.ts) and emailed iTIP invitations
 * (src/registrations/invitation.template.ts), so a calendar fed by both sees the same series:
 * one VEVENT with RRULE and EXDATEs for cancelled occurrences, one override with RECURRENCE-ID per
 * moved occurrence, the same UID and SEQUENCE.
 *
 * ical-generator writes each VEVENT, with three workarounds:
 * - native Dates take the server's TZ → only WallTime values (zones.ts) reach it, never Date;
 * - with a calendar-level zone name it writes DTSTAMP and UNTIL without Z → callers give the
 *   calendar no zone; every timed event carries its own TZID and we write UNTIL ourselves;
 * - it has no VALUE=DATE form of RECURRENCE-ID → written as a property of its own for all-day series.
 * Nothing here reads the clock: the same input gives the same bytes.
 */
export type DisplayLanguage = 'zh-CN' | 'en' | 'both';

/** An occurrence of a recurring activity that differs from its rule: cancelled or moved. */
export interface ICalException {
  originalStartsAt: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'cancelled';
  updatedAt: string;
}

export interface ICalActivity {
  id: number;
  title: Localized;
  description: Localized;
  organizer: Localized;
  venue: Localized | null;
  /** Where the venue is, in both languages (either may be empty). */
  venueLocation: Localized;
  /** Instants (ISO 8601 with offset); for a recurring activity, its first occurrence. */
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
  status: 'requested' | 'confirmed' | 'cancelled';
  sequence: number;
  recurrenceRule: string | null;
  createdAt: string;
  updatedAt: string;
  exceptions: ICalException[];
  /** An extra line for this audience, e.g. what a resource feed's activity claims. */
  note: Localized | null;
}

/** How the components are written: for a feed (the defaults) or for an iTIP message. */
export interface ComponentOptions {
  language: DisplayLanguage;
  publicBaseUrl: string;
  /**
   * iTIP: DTSTAMP is when the message was made (RFC 5546 orders messages of one SEQUENCE by it).
   * Feeds leave it out and stamp the row's update time, so unchanged data gives unchanged bytes.
   */
  stampedAt?: number;
  /** Properties added to every VEVENT (iTIP: ORGANIZER, ATTENDEE, URL, STATUS). */
  extra?: Partial<ICalEventData>;
  /** The series VEVENT only, without overrides (a METHOD:CANCEL of the whole activity). */
  seriesOnly?: boolean;
}

const LABELS = { organizer: { 'zh-CN': '主办', en: 'Organizer' } };

export function pick(text: Localized, language: DisplayLanguage, separator = ' / '): string {
  if (language !== 'both') return text[language];
  const zh = text['zh-CN'].trim();
  const en = text.en.trim();
  return !en || zh === en ? zh : !zh ? en : `${zh}${separator}${en}`;
}

function describe(a: ICalActivity, language: DisplayLanguage): string {
  // A "Busy" entry of a resource feed names no organizer.
  const name = pick(a.organizer, language);
  const organizer = name ? `${pick(LABELS.organizer, language, ' ')}: ${name}` : '';
  return [pick(a.description, language, '\n\n'), organizer, a.note ? pick(a.note, language) : '']
    .filter((part) => part.trim() !== '')
    .join('\n\n');
}

const STATUS = { requested: ICalEventStatus.TENTATIVE, confirmed: ICalEventStatus.CONFIRMED, cancelled: ICalEventStatus.CANCELLED };

const ms = (iso: string) => Date.parse(iso);

/** Whole local days: the date of the start, and the day after the last instant (exclusive end). */
function dayAfter(yyyymmdd: string): string {
  const next = new Date(Date.UTC(+yyyymmdd.slice(0, 4), +yyyymmdd.slice(4, 6) - 1, +yyyymmdd.slice(6, 8) + 1));
  return next.toISOString().slice(0, 10).replace(/-/g, '');
}

/** UNTIL must be UTC for a TZID start and a DATE for an all-day start (RFC 5545 §3.3.10). */
export function feedRule(rule: string, zone: string, allDay: boolean, tables: ZoneTables): string {
  const parts = rule.trim().replace(/^RRULE:/i, '').toUpperCase().split(';');
  return 'RRULE:' + parts.map((part) => (part.startsWith('UNTIL=') ? `UNTIL=${until(part.slice(6), zone, allDay, tables)}` : part)).join(';');
}

/**
 * UNTIL read by the one RRULE grammar (shared/recurrence.ts) and written back as RFC 5545 wants it
 * here; a date-only UNTIL includes that whole day in the series' zone, as the expansion does.
 */
function until(value: string, zone: string, allDay: boolean, tables: ZoneTables): string {
  let parsed: Until;
  try {
    parsed = parseUntil(value);
  } catch {
    return value;
  }
  const wall = new WallTime(untilInstant(parsed, zone).toMillis(), allDay ? zone : 'utc', tables);
  return allDay ? wall.date() : `${wall.local()}Z`;
}

/** Zone tables spanning every instant printed, a year either side (for the VTIMEZONE rules). */
function tablesFor(activities: ICalActivity[]): ZoneTables {
  const spans = new Map<string, [number, number]>();
  for (const a of activities) {
    const times = [a.startsAt, a.endsAt, ...a.exceptions.flatMap((e) => [e.originalStartsAt, e.startsAt, e.endsAt])].map(ms);
    const [lo, hi] = spans.get(a.timeZone) ?? [Infinity, -Infinity];
    spans.set(a.timeZone, [Math.min(lo, ...times), Math.max(hi, ...times)]);
  }
  const year = (t: number) => new Date(t).getUTCFullYear();
  return new Map([...spans].map(([zone, [lo, hi]]) => [zone, zoneTable(zone, year(lo) - 1, year(hi) + 2)]));
}

interface Ctx {
  options: ComponentOptions;
  tables: ZoneTables;
}

function common(a: ICalActivity, ctx: Ctx, updatedAt: number): Omit<ICalEventData, 'start'> {
  const { language, publicBaseUrl, stampedAt } = ctx.options;
  const venue = a.venue ? pick(a.venue, language) : '';
  const where = language === 'both' ? pick(a.venueLocation, 'both') : inLanguage(a.venueLocation, language);
  const location = [venue, where].filter(Boolean).join(', ');
  const utc = (t: number) => new WallTime(t, 'utc', ctx.tables);
  return {
    id: activityUid(a.id, publicBaseUrl),
    sequence: a.sequence,
    stamp: utc(stampedAt ?? updatedAt),
    lastModified: utc(updatedAt),
    created: utc(ms(a.createdAt)),
    summary: pick(a.title, language),
    description: describe(a, language),
    ...(location ? { location } : {}),
    status: STATUS[a.status],
    ...(a.allDay ? { transparency: ICalEventTransparency.TRANSPARENT } : {}),
    ...ctx.options.extra,
  };
}

function times(a: ICalActivity, startsAt: string, endsAt: string, ctx: Ctx): Pick<ICalEventData, 'start' | 'end' | 'allDay' | 'timezone'> {
  const zone = a.timeZone;
  const start = new WallTime(ms(startsAt), zone, ctx.tables);
  if (!a.allDay) return { start, end: new WallTime(ms(endsAt), zone, ctx.tables), timezone: zone };
  // Dates only, without TZID: all-day events float by definition (and need no VTIMEZONE).
  const lastDay = new WallTime(ms(endsAt) - 1, zone, ctx.tables).date();
  const endDate = dayAfter(lastDay);
  const end = new WallTime(Date.UTC(+endDate.slice(0, 4), +endDate.slice(4, 6) - 1, +endDate.slice(6, 8)), 'utc', ctx.tables);
  return { start, end, allDay: true };
}

function moved(a: ICalActivity, e: ICalException): boolean {
  const length = ms(a.endsAt) - ms(a.startsAt);
  return ms(e.startsAt) !== ms(e.originalStartsAt) || ms(e.endsAt) - ms(e.startsAt) !== length;
}

/** RRULE plus one EXDATE line for the cancelled occurrences, in the series' zone. */
function repeating(a: ICalActivity, ctx: Ctx): string {
  const lines = [feedRule(a.recurrenceRule!, a.timeZone, a.allDay, ctx.tables)];
  const cancelled = a.exceptions.filter((e) => e.status === 'cancelled').map((e) => new WallTime(ms(e.originalStartsAt), a.timeZone, ctx.tables));
  if (cancelled.length > 0) {
    lines.push(a.allDay
      ? `EXDATE;VALUE=DATE:${cancelled.map((w) => w.date()).join(',')}`
      : `EXDATE;TZID=${a.timeZone}:${cancelled.map((w) => w.local()).join(',')}`);
  }
  return lines.join('\r\n');
}

function events(a: ICalActivity, ctx: Ctx): ICalEventData[] {
  const master: ICalEventData = { ...common(a, ctx, ms(a.updatedAt)), ...times(a, a.startsAt, a.endsAt, ctx) };
  if (!a.recurrenceRule) return [master];
  master.repeating = repeating(a, ctx);
  if (a.status === 'cancelled' || ctx.options.seriesOnly) return [master];
  const overrides = a.exceptions.filter((e) => e.status === 'scheduled' && moved(a, e)).map((e): ICalEventData => {
    const original = new WallTime(ms(e.originalStartsAt), a.timeZone, ctx.tables);
    const base = { ...common(a, ctx, Math.max(ms(a.updatedAt), ms(e.updatedAt))), ...times(a, e.startsAt, e.endsAt, ctx) };
    return a.allDay ? { ...base, x: [['RECURRENCE-ID;VALUE=DATE', original.date()]] } : { ...base, recurrenceId: original };
  });
  return [master, ...overrides];
}

/** The text of a calendar without its components: properties, ready for components and END:VCALENDAR. */
export function envelopeOf(calendar: ICalCalendar): string {
  const text = calendar.toString();
  return text.slice(0, text.lastIndexOf('END:VCALENDAR'));
}

/**
 * The VTIMEZONE of every zone a timed activity uses, then each activity's VEVENTs (by start), each
 * folded and ending with CRLF. `calendar` must have no zone of its own and no events: it only lends
 * ical-generator's event writer, which reads the calendar's settings.
 */
export function calendarComponents(calendar: ICalCalendar, activities: ICalActivity[], options: ComponentOptions): string {
  const ctx: Ctx = { options, tables: tablesFor(activities) };
  const sorted = [...activities].sort((x, y) => ms(x.startsAt) - ms(y.startsAt) || x.id - y.id);
  const zones = new Set<string>();
  const parts: string[] = [];
  for (const activity of sorted) {
    if (!activity.allDay) zones.add(activity.timeZone);
    for (const event of events(activity, ctx)) parts.push(fold(calendar.createEvent(event).toString()));
  }
  const timezones = [...zones].sort().map((zone) => `${fold(vtimezone(ctx.tables.get(zone)!))}\r\n`);
  return `${timezones.join('')}${parts.join('')}`;
}
