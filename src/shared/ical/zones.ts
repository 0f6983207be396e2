import { IANAZone } from 'luxon';
import type { ICalLuxonDateTimeStub } from 'ical-generator';

/**
 * PURE: UTC offsets of IANA zones over a span of whole years, read once from luxon (Intl) and then
 * looked up by binary search. A feed of 5,000 events formats ~25,000 date-times; luxon's setZone +
 * toFormat costs ~10 µs each, which alone would blow the 200 ms render budget, so feeds format
 * wall-clock times from these tables instead. The same transitions become the VTIMEZONE (vtimezone.ts),
 * so the offsets a feed prints and the zone definition it ships can never disagree.
 */
export interface Transition {
  /** Instant of the change, ms since the epoch. */
  at: number;
  /** Offsets in minutes east of UTC before and after. */
  from: number;
  to: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export class ZoneTable {
  readonly name: string;
  readonly fromYear: number;
  readonly toYear: number;
  readonly transitions: Transition[];
  private readonly zone: IANAZone;
  private readonly start: number;
  private readonly end: number;
  private readonly initial: number;

  /** Offsets from 1 January `fromYear` to 1 January `toYear + 1`, UTC. */
  constructor(name: string, fromYear: number, toYear: number) {
    const zone = IANAZone.create(name);
    if (!zone.isValid) throw new Error(`unknown time zone ${name}`);
    this.name = name;
    this.zone = zone;
    this.fromYear = fromYear;
    this.toYear = toYear;
    this.start = Date.UTC(fromYear, 0, 1);
    this.end = Date.UTC(toYear + 1, 0, 1);
    this.initial = zone.offset(this.start);
    this.transitions = findTransitions(zone, this.start, this.end);
  }

  /** Minutes east of UTC at `ms`. */
  offset(ms: number): number {
    if (ms < this.start || ms >= this.end) return this.zone.offset(ms);
    const list = this.transitions;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.at <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? this.initial : list[lo - 1]!.to;
  }

  /** A short name such as EST, or undefined when Intl only knows "GMT+8". */
  abbreviation(ms: number): string | undefined {
    const name = this.zone.offsetName(ms, { format: 'short', locale: 'en-US' });
    return name && /^[A-Z]{3,5}$/.test(name) ? name : undefined;
  }
}

/** Samples daily (no zone changes offset twice in a day) and bisects each change to the minute. */
function findTransitions(zone: IANAZone, start: number, end: number): Transition[] {
  const out: Transition[] = [];
  let previous = zone.offset(start);
  for (let t = start + DAY; t <= end; t += DAY) {
    const current = zone.offset(t);
    if (current === previous) continue;
    let lo = (t - DAY) / MINUTE;
    let hi = t / MINUTE;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zone.offset(mid * MINUTE) === previous) lo = mid;
      else hi = mid;
    }
    out.push({ at: hi * MINUTE, from: previous, to: current });
    previous = current;
  }
  return out;
}

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * `yyyyMMdd` and `HHmmss` of an instant shifted by an offset, by arithmetic on days since the epoch
 * (H. Hinnant's civil-from-days), so neither the server's TZ nor a Date allocation is involved.
 */
export function wallClock(ms: number, offsetMinutes: number): { date: string; time: string } {
  const t = Math.floor((ms + offsetMinutes * MINUTE) / 1000);
  const days = Math.floor(t / 86_400);
  const secs = t - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hh = Math.floor(secs / 3600);
  const mm = Math.floor((secs % 3600) / 60);
  return { date: String(year).padStart(4, '0') + TWO[month] + TWO[day], time: TWO[hh]! + TWO[mm] + TWO[secs % 60] };
}

export type ZoneTables = ReadonlyMap<string, ZoneTable>;

/**
 * Tables are immutable and depend only on (zone, years), so renders share them; the few dozen zones
 * and year spans a deployment sees keep this small.
 */
const memo = new Map<string, ZoneTable>();
export function zoneTable(name: string, fromYear: number, toYear: number): ZoneTable {
  const key = `${name}|${fromYear}|${toYear}`;
  let table = memo.get(key);
  if (!table) {
    if (memo.size >= 500) memo.clear();
    table = new ZoneTable(name, fromYear, toYear);
    memo.set(key, table);
  }
  return table;
}

/**
 * An instant plus the zone it is shown in: exactly the part of luxon's DateTime that ical-generator's
 * formatDate uses (its published `ICalLuxonDateTimeStub`): `setZone(zone)` then `toFormat('yyyyLLdd')`
 * and `toFormat('HHmmss')`. Other format strings throw, so a change in ical-generator fails the tests
 * instead of printing a wrong time.
 */
export class WallTime implements ICalLuxonDateTimeStub {
  readonly ms: number;
  readonly zoneName: string;
  private readonly tables: ZoneTables;
  private readonly wall: { date: string; time: string };

  constructor(ms: number, zoneName: string, tables: ZoneTables) {
    this.ms = ms;
    this.zoneName = zoneName;
    this.tables = tables;
    this.wall = wallClock(ms, isUtc(zoneName) ? 0 : offsetIn(tables, zoneName, ms));
  }

  get isValid(): boolean {
    return Number.isFinite(this.ms);
  }

  get zone(): { type: string } {
    return { type: isUtc(this.zoneName) ? 'fixed' : 'iana' };
  }

  setZone(zone?: string): WallTime {
    if (!zone || zone === this.zoneName) return this;
    return new WallTime(this.ms, zone, this.tables);
  }

  toFormat(format: string): string {
    if (format === 'yyyyLLdd') return this.wall.date;
    if (format === 'HHmmss') return this.wall.time;
    throw new Error(`WallTime cannot format ${format}`);
  }

  toJSDate(): Date {
    return new Date(this.ms);
  }

  toJSON(): string {
    return new Date(this.ms).toISOString();
  }

  /** `yyyyMMddTHHmmss` in this zone (no Z), as used after TZID=. */
  local(): string {
    return `${this.wall.date}T${this.wall.time}`;
  }

  date(): string {
    return this.wall.date;
  }
}

function isUtc(zone: string): boolean {
  return zone === 'utc' || zone === 'UTC';
}

function offsetIn(tables: ZoneTables, zone: string, ms: number): number {
  const table = tables.get(zone);
  if (table) return table.offset(ms);
  const iana = IANAZone.create(zone);
  if (!iana.isValid) throw new Error(`unknown time zone ${zone}`);
  return iana.offset(ms);
}
