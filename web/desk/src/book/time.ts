import { lang, zoneName } from '../i18n.ts';

/**
 * Local dates and times in a named zone, for the booking form (the desk carries no date library:
 * Intl knows the zones). A local date is "YYYY-MM-DD", a local time "HH:mm".
 */

const partsCache = new Map<string, Intl.DateTimeFormat>();
function parts(zone: string, at: number): Record<string, string> {
  let f = partsCache.get(zone);
  if (!f) partsCache.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })));
  return Object.fromEntries(f.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
}

/** The zone's offset from UTC in minutes at an instant. */
function offsetAt(zone: string, at: number): number {
  const p = parts(zone, at);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
  return Math.round((wall - Math.floor(at / 1000) * 1000) / 60_000);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** "2027-03-09" + "18:30" in Asia/Shanghai → "2027-03-09T18:30:00+08:00"; null when either is incomplete. */
export function zonedIso(date: string, time: string, zone: string): string | null {
  const d = DATE.exec(date);
  if (!d || !TIME.test(time)) return null;
  const [h, m] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), h, m);
  // The offset at the wall time read as UTC, corrected once (right except inside a DST gap).
  const offset = offsetAt(zone, wall - offsetAt(zone, wall) * 60_000);
  const instant = new Date(wall - offset * 60_000);
  const local = localParts(instant.toISOString(), zone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local.date}T${local.time}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An instant → its local date and time in a zone. */
export function localParts(iso: string, zone: string): { date: string; time: string } {
  const p = parts(zone, Date.parse(iso));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${String(Number(p.hour) % 24).padStart(2, '0')}:${p.minute}` };
}

export function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function today(zone: string): string {
  return localParts(new Date().toISOString(), zone).date;
}

export function minutesBetween(from: string, to: string): number {
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return m(to) - m(from);
}

/** "2026-11-27 周五 19:00 (北京时间)": an instant with the zone it is shown in, by its name. */
export function formatInstant(iso: string | null | undefined, zone: string): string {
  if (!iso) return '—';
  const { date, time } = localParts(iso, zone);
  const weekday = new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'zh-CN', { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
  return `${date} ${weekday} ${time} (${zoneLabel(zone)})`;
}

/** The format a date field shows in the page's language (dayjs tokens): 2026年12月1日 / 1 Dec 2026. */
// English shows the ISO date: TDesign formats month names in Chinese whatever its locale (1.18: formatDate without dayjsLocale).
export const dateFormat = (): string => (lang() === 'en' ? 'YYYY-MM-DD' : 'YYYY年M月D日');

/** The zones the form offers (the unit's own comes first). */
export const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Tokyo', 'Asia/Singapore', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'UTC'];

/** A zone by the name people use in the reader's language (北京时间, else Intl's long name), never its id. */
export function zoneLabel(zone: string): string {
  if (zone === 'Asia/Shanghai') return zoneName(zone);
  try {
    const part = new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: zone, timeZoneName: 'long' })
      .formatToParts(new Date()).find((p) => p.type === 'timeZoneName');
    return part?.value ?? zoneName(zone);
  } catch {
    return zoneName(zone);
  }
}
