import ical, { escape, ICalEventStatus, ICalEventTransparency, type ICalEventData } from 'ical-generator';
import { DateTime } from 'luxon';
import { activityUid } from '../shared/ical-ids.ts';
import type { Localized } from '../shared/types.ts';
import { vtimezone } from './vtimezone.ts';
import { WallTime, zoneTable, type ZoneTables } from './zones.ts';

/**
 * PURE: feed rows in, RFC 5545 text out (ical-generator does the escaping and folding).
 *
 * What ical-generator 11 gets wrong for subscription feeds, and what this file does about it:
 * - with a calendar-level zone name it writes DTSTAMP, LAST-MODIFIED and UNTIL as local times
 *   without Z → the calendar gets no zone name; every timed event carries its own TZID instead;
 * - it writes REFRESH-INTERVAL/X-PUBLISHED-TTL after the VTIMEZONEs and ends without the final
 *   CRLF → it writes the envelope without events; VTIMEZONEs and events are appended after it;
 * - native Dates take the server's TZ → only WallTime values (zones.ts) reach it, never Date;
 * - it has no VALUE=DATE form of RECURRENCE-ID → written as a property of its own for all-day series;
 * - it folds the whole file a character at a time → each event is folded by foldLine() instead.
 * Nothing here reads the clock: the same rows give the same bytes.
 */
export const RENDER_VERSION = 1;

export type DisplayLanguage = 'zh-CN' | 'en' | 'both';

export interface FeedInfo {
  name: string;
  description: string;
  language: DisplayLanguage;
  publicBaseUrl: string;
}

/** An occurrence of a recurring activity that differs from its rule: cancelled or moved. */
export interface FeedException {
  originalStartsAt: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'cancelled';
  updatedAt: string;
}

export interface FeedActivity {
  id: number;
  title: Localized;
  description: Localized;
  organizer: Localized;
  venue: Localized | null;
  venueLocation: string;
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
  exceptions: FeedException[];
  /** An extra line for this feed's audience, e.g. what a resource feed's activity claims. */
  note: Localized | null;
}

const LABELS = { organizer: { 'zh-CN': '主办', en: 'Organizer' } };

export function pick(text: Localized, language: DisplayLanguage, separator = ' / '): string {
  if (language !== 'both') return text[language];
  const zh = text['zh-CN'].trim();
  const en = text.en.trim();
  return !en || zh === en ? zh : !zh ? en : `${zh}${separator}${en}`;
}

function describe(a: FeedActivity, language: DisplayLanguage): string {
  const organizer = `${pick(LABELS.organizer, language, ' ')}: ${pick(a.organizer, language)}`;
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

function until(value: string, zone: string, allDay: boolean, tables: ZoneTables): string {
  let instant: number;
  if (/^\d{8}T\d{6}Z$/.test(value)) {
    instant = Date.UTC(+value.slice(0, 4), +value.slice(4, 6) - 1, +value.slice(6, 8), +value.slice(9, 11), +value.slice(11, 13), +value.slice(13, 15));
  } else if (/^\d{8}(T\d{6})?$/.test(value)) {
    if (allDay) return value.slice(0, 8);
    const time = value.length === 8 ? { hour: 23, minute: 59, second: 59 } : { hour: +value.slice(9, 11), minute: +value.slice(11, 13), second: +value.slice(13, 15) };
    instant = DateTime.fromObject({ year: +value.slice(0, 4), month: +value.slice(4, 6), day: +value.slice(6, 8), ...time }, { zone }).toMillis();
  } else {
    return value;
  }
  const wall = new WallTime(instant, allDay ? zone : 'utc', tables);
  return allDay ? wall.date() : `${wall.local()}Z`;
}

/** Zone tables spanning every instant the feed prints, a year either side (for the VTIMEZONE rules). */
function tablesFor(activities: FeedActivity[]): ZoneTables {
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
  info: FeedInfo;
  tables: ZoneTables;
}

function common(a: FeedActivity, ctx: Ctx, updatedAt: number): Omit<ICalEventData, 'start'> {
  const language = ctx.info.language;
  const venue = a.venue ? pick(a.venue, language) : '';
  const location = [venue, a.venueLocation].filter(Boolean).join(', ');
  const utc = (t: number) => new WallTime(t, 'utc', ctx.tables);
  return {
    id: activityUid(a.id, ctx.info.publicBaseUrl),
    sequence: a.sequence,
    stamp: utc(updatedAt),
    lastModified: utc(updatedAt),
    created: utc(ms(a.createdAt)),
    summary: pick(a.title, language),
    description: describe(a, language),
    ...(location ? { location } : {}),
    status: STATUS[a.status],
    ...(a.allDay ? { transparency: ICalEventTransparency.TRANSPARENT } : {}),
  };
}

function times(a: FeedActivity, startsAt: string, endsAt: string, ctx: Ctx): Pick<ICalEventData, 'start' | 'end' | 'allDay' | 'timezone'> {
  const zone = a.timeZone;
  const start = new WallTime(ms(startsAt), zone, ctx.tables);
  if (!a.allDay) return { start, end: new WallTime(ms(endsAt), zone, ctx.tables), timezone: zone };
  // Dates only, without TZID: all-day events float by definition (and need no VTIMEZONE).
  const lastDay = new WallTime(ms(endsAt) - 1, zone, ctx.tables).date();
  const endDate = dayAfter(lastDay);
  const end = new WallTime(Date.UTC(+endDate.slice(0, 4), +endDate.slice(4, 6) - 1, +endDate.slice(6, 8)), 'utc', ctx.tables);
  return { start, end, allDay: true };
}

function moved(a: FeedActivity, e: FeedException): boolean {
  const length = ms(a.endsAt) - ms(a.startsAt);
  return ms(e.startsAt) !== ms(e.originalStartsAt) || ms(e.endsAt) - ms(e.startsAt) !== length;
}

/** RRULE plus one EXDATE line for the cancelled occurrences, in the series' zone. */
function repeating(a: FeedActivity, ctx: Ctx): string {
  const lines = [feedRule(a.recurrenceRule!, a.timeZone, a.allDay, ctx.tables)];
  const cancelled = a.exceptions.filter((e) => e.status === 'cancelled').map((e) => new WallTime(ms(e.originalStartsAt), a.timeZone, ctx.tables));
  if (cancelled.length > 0) {
    lines.push(a.allDay
      ? `EXDATE;VALUE=DATE:${cancelled.map((w) => w.date()).join(',')}`
      : `EXDATE;TZID=${a.timeZone}:${cancelled.map((w) => w.local()).join(',')}`);
  }
  return lines.join('\r\n');
}

function events(a: FeedActivity, ctx: Ctx): ICalEventData[] {
  const master: ICalEventData = { ...common(a, ctx, ms(a.updatedAt)), ...times(a, a.startsAt, a.endsAt, ctx) };
  if (!a.recurrenceRule) return [master];
  master.repeating = repeating(a, ctx);
  if (a.status === 'cancelled') return [master];
  const overrides = a.exceptions.filter((e) => e.status === 'scheduled' && moved(a, e)).map((e): ICalEventData => {
    const original = new WallTime(ms(e.originalStartsAt), a.timeZone, ctx.tables);
    const base = { ...common(a, ctx, Math.max(ms(a.updatedAt), ms(e.updatedAt))), ...times(a, e.startsAt, e.endsAt, ctx) };
    return a.allDay ? { ...base, x: [['RECURRENCE-ID;VALUE=DATE', original.date()]] } : { ...base, recurrenceId: original };
  });
  return [master, ...overrides];
}

/**
 * RFC 5545 §3.1: lines of at most 75 octets, continued on lines that start with a space, never
 * split inside a UTF-8 sequence. Our own because ical-generator's folds the whole calendar one
 * character at a time (a third of the render time and most of its garbage for 5,000 events).
 */
export function foldLine(line: string): string {
  // 25 UTF-16 units are at most 75 octets (a surrogate pair is 2 units for 4 octets).
  if (line.length <= 25) return line;
  let out = '';
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : 3;
    if (octets + size > 75) {
      out += `${line.slice(start, i)}\r\n `;
      start = i;
      octets = 1;
    }
    octets += size;
    if (size === 4) i++;
  }
  return start === 0 ? line : out + line.slice(start);
}

const fold = (text: string) => text.split('\r\n').map(foldLine).join('\r\n');

/** TEXT values of calendar properties: ical-generator writes NAME and X-WR-CAL* unescaped. */
const calendarText = (value: string) => escape(value.replace(/[\x00-\x1f\x7f]+/g, ' ').trim(), false);

export function renderFeed(info: FeedInfo, activities: FeedActivity[]): string {
  const ctx: Ctx = { info, tables: tablesFor(activities) };
  // The envelope comes from ical-generator with no events in it, so it has no VTIMEZONE to write
  // REFRESH-INTERVAL after: every calendar property lands before the first component.
  const calendar = ical({
    prodId: { company: 'Orrery', product: 'Orrery feeds', language: 'EN' },
    name: calendarText(info.name),
    description: calendarText(info.description) || null,
    scale: 'GREGORIAN',
    ttl: 3600,
  });
  const envelope = calendar.toString();
  const parts = [envelope.slice(0, envelope.lastIndexOf('END:VCALENDAR'))];
  const sorted = [...activities].sort((x, y) => ms(x.startsAt) - ms(y.startsAt) || x.id - y.id);
  const zones = new Set<string>();
  const bodies: string[] = [];
  for (const activity of sorted) {
    if (!activity.allDay) zones.add(activity.timeZone);
    for (const event of events(activity, ctx)) bodies.push(fold(calendar.createEvent(event).toString()));
  }
  for (const zone of [...zones].sort()) parts.push(`${fold(vtimezone(ctx.tables.get(zone)!))}\r\n`);
  return `${parts.join('')}${bodies.join('')}END:VCALENDAR\r\n`;
}
