import { DateTime } from 'luxon';

/**
 * PURE: the RFC 5545 RRULE subset Orrery accepts (FREQ=DAILY/WEEKLY/MONTHLY, INTERVAL, BYDAY, COUNT
 * or UNTIL, WKST=MO), and its expansion into occurrences in the activity's own zone. Local wall-clock
 * fields are rebuilt for every occurrence, so 16:00 stays 16:00 across a daylight-saving change.
 */
export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY';

/** A BYDAY item: ISO weekday (1 = Monday) and, for MONTHLY only, an ordinal (1MO, -1FR). */
export interface ByDay {
  weekday: number;
  ordinal?: number | undefined;
}

/** UNTIL as written: a UTC instant (…Z), a floating local date-time, or a local date (inclusive). */
export type Until = { form: 'utc' | 'local' | 'date'; text: string };

export interface RecurrenceRule {
  freq: Frequency;
  interval: number;
  byDay: ByDay[];
  count?: number | undefined;
  until?: Until | undefined;
}

export interface Instance {
  startsAt: DateTime;
  endsAt: DateTime;
}

export interface ExpansionLimits {
  maxOccurrences: number;
  maxYears: number;
}

/** Past these a rule is refused: storage stays bounded and nobody books two years ahead by accident. */
export const DEFAULT_LIMITS: ExpansionLimits = { maxOccurrences: 500, maxYears: 2 };

/** The rule text is not in the supported subset (a 422 on the field). */
export class RecurrenceRuleError extends Error {}

/** The rule is valid but expands past the limits. */
export class RecurrenceLimitError extends Error {}

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

function parseByDay(value: string, freq: Frequency): ByDay[] {
  return value.split(',').map((item) => {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
    if (!match) throw new RecurrenceRuleError(`BYDAY item "${item}" is not like MO, 2TU or -1FR`);
    const ordinal = match[1] === undefined ? undefined : Number(match[1]);
    if (ordinal !== undefined && (freq !== 'MONTHLY' || ordinal === 0 || Math.abs(ordinal) > 5)) {
      throw new RecurrenceRuleError('ordinals in BYDAY (2TU, -1FR) are only for FREQ=MONTHLY, from -5 to 5');
    }
    return { weekday: DAYS.indexOf(match[2]!) + 1, ordinal };
  });
}

export function parseUntil(value: string): Until {
  if (/^\d{8}T\d{6}Z$/.test(value)) return { form: 'utc', text: value };
  if (/^\d{8}T\d{6}$/.test(value)) return { form: 'local', text: value };
  if (/^\d{8}$/.test(value)) return { form: 'date', text: value };
  throw new RecurrenceRuleError('UNTIL must look like 20270630, 20270630T170000 or 20270630T090000Z');
}

function positive(name: string, value: string, max: number): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new RecurrenceRuleError(`${name} must be a whole number from 1 to ${max}`);
  }
  return Number(value);
}

/** Parses `FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10` (an optional `RRULE:` prefix is allowed). */
export function parseRule(text: string): RecurrenceRule {
  const parts = new Map<string, string>();
  for (const part of text.trim().replace(/^RRULE:/i, '').split(';')) {
    const [key, value, ...rest] = part.split('=');
    if (!key || value === undefined || rest.length > 0 || value === '') throw new RecurrenceRuleError(`"${part}" is not KEY=VALUE`);
    const upper = key.toUpperCase();
    if (parts.has(upper)) throw new RecurrenceRuleError(`${upper} is given twice`);
    parts.set(upper, value.toUpperCase());
  }
  for (const key of parts.keys()) {
    if (!['FREQ', 'INTERVAL', 'BYDAY', 'COUNT', 'UNTIL', 'WKST'].includes(key)) {
      throw new RecurrenceRuleError(`${key} is not supported (FREQ, INTERVAL, BYDAY, COUNT, UNTIL)`);
    }
  }
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY') throw new RecurrenceRuleError('FREQ must be DAILY, WEEKLY or MONTHLY');
  if (parts.has('WKST') && parts.get('WKST') !== 'MO') throw new RecurrenceRuleError('only WKST=MO is supported');
  if (parts.has('COUNT') === parts.has('UNTIL')) throw new RecurrenceRuleError('give exactly one of COUNT or UNTIL');
  return {
    freq,
    interval: parts.has('INTERVAL') ? positive('INTERVAL', parts.get('INTERVAL')!, 366) : 1,
    byDay: parts.has('BYDAY') ? parseByDay(parts.get('BYDAY')!, freq) : [],
    count: parts.has('COUNT') ? positive('COUNT', parts.get('COUNT')!, 100_000) : undefined,
    until: parts.has('UNTIL') ? parseUntil(parts.get('UNTIL')!) : undefined,
  };
}

export function formatRule(rule: RecurrenceRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byDay.length > 0) parts.push(`BYDAY=${rule.byDay.map((d) => `${d.ordinal ?? ''}${DAYS[d.weekday - 1]}`).join(',')}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until) parts.push(`UNTIL=${rule.until.text}`);
  return parts.join(';');
}

/**
 * The last instant an occurrence may start at, in the series' zone. A date-only UNTIL includes that
 * whole local day (RFC 5545 §3.3.10: the rule runs through the date), so it is the day's last moment.
 * The iCalendar writer (shared/ical/events.ts) turns UNTIL into UTC through this same function.
 */
export function untilInstant(until: Until, zone: string): DateTime {
  const t = until.text;
  const fields = { year: +t.slice(0, 4), month: +t.slice(4, 6), day: +t.slice(6, 8) };
  if (until.form === 'date') return DateTime.fromObject(fields, { zone }).endOf('day');
  const time = { ...fields, hour: +t.slice(9, 11), minute: +t.slice(11, 13), second: +t.slice(13, 15) };
  return DateTime.fromObject(time, { zone: until.form === 'utc' ? 'utc' : zone }).setZone(zone);
}

/** A copy of the rule that ends just before `instant` (the "this and following" split). */
export function endBefore(rule: RecurrenceRule, instant: DateTime): RecurrenceRule {
  const last = instant.toUTC().minus({ seconds: 1 });
  return { ...rule, count: undefined, until: { form: 'utc', text: last.toFormat("yyyyMMdd'T'HHmmss'Z'") } };
}

/** Candidate local dates of the period `index` (the index-th INTERVAL step from the first). */
function datesOfPeriod(rule: RecurrenceRule, first: DateTime, index: number): DateTime[] {
  const day = first.startOf('day');
  if (rule.freq === 'DAILY') {
    const date = day.plus({ days: index * rule.interval });
    return rule.byDay.length === 0 || rule.byDay.some((d) => d.weekday === date.weekday) ? [date] : [];
  }
  if (rule.freq === 'WEEKLY') {
    const monday = day.minus({ days: day.weekday - 1 }).plus({ weeks: index * rule.interval });
    const weekdays = rule.byDay.length > 0 ? rule.byDay.map((d) => d.weekday) : [first.weekday];
    return [...new Set(weekdays)].sort((a, b) => a - b).map((w) => monday.plus({ days: w - 1 }));
  }
  const month = day.startOf('month').plus({ months: index * rule.interval });
  if (rule.byDay.length === 0) return first.day <= month.daysInMonth! ? [month.set({ day: first.day })] : [];
  const dates = rule.byDay.flatMap((d) => weekdaysInMonth(month, d));
  return [...new Map(dates.map((d) => [d.toMillis(), d])).values()].sort((a, b) => a.toMillis() - b.toMillis());
}

function weekdaysInMonth(month: DateTime, by: ByDay): DateTime[] {
  const all: DateTime[] = [];
  for (let d = month; d.month === month.month; d = d.plus({ days: 1 })) if (d.weekday === by.weekday) all.push(d);
  if (by.ordinal === undefined) return all;
  const picked = by.ordinal > 0 ? all[by.ordinal - 1] : all[all.length + by.ordinal];
  return picked ? [picked] : [];
}

/**
 * Expands the series whose first occurrence is [startsAt, endsAt) (both in the series' zone).
 * All-day occurrences keep their length in local days, others their length in minutes.
 * Throws RecurrenceLimitError past `limits`.
 */
export function expandRule(rule: RecurrenceRule, startsAt: DateTime, endsAt: DateTime, allDay: boolean, limits: ExpansionLimits = DEFAULT_LIMITS): Instance[] {
  const zone = startsAt.zoneName!;
  const first = startsAt.setZone(zone);
  const length = allDay ? { days: Math.round(endsAt.setZone(zone).diff(first, 'days').days) } : { milliseconds: endsAt.diff(first).toMillis() };
  const until = rule.until ? untilInstant(rule.until, zone) : undefined;
  const horizon = first.plus({ years: limits.maxYears });
  const clock = { hour: first.hour, minute: first.minute, second: first.second, millisecond: first.millisecond };
  const out: Instance[] = [];
  for (let index = 0; ; index++) {
    const dates = datesOfPeriod(rule, first, index);
    for (const date of dates) {
      const start = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, ...clock }, { zone });
      if (start < first) continue;
      if (until && start > until) return out;
      if (start > horizon) throw new RecurrenceLimitError(`the rule reaches past ${limits.maxYears} years from the first occurrence`);
      out.push({ startsAt: start, endsAt: start.plus(length) });
      if (out.length > limits.maxOccurrences) throw new RecurrenceLimitError(`the rule expands to more than ${limits.maxOccurrences} occurrences`);
      if (rule.count !== undefined && out.length >= rule.count) return out;
    }
    // A period that starts past UNTIL or the horizon can yield nothing more.
    const next = periodStart(rule, first, index + 1);
    if (until && next > until) return out;
    if (next > horizon) throw new RecurrenceLimitError(`the rule reaches past ${limits.maxYears} years from the first occurrence`);
  }
}

function periodStart(rule: RecurrenceRule, first: DateTime, index: number): DateTime {
  const day = first.startOf('day');
  if (rule.freq === 'DAILY') return day.plus({ days: index * rule.interval });
  if (rule.freq === 'WEEKLY') return day.minus({ days: day.weekday - 1 }).plus({ weeks: index * rule.interval });
  return day.startOf('month').plus({ months: index * rule.interval });
}
