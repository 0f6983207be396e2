import { wallClock, type Transition, type ZoneTable } from './zones.ts';

/**
 * PURE: the VTIMEZONE of a zone, built from its transitions (zones.ts) instead of a frozen copy of
 * someone's zone files. A change that recurs every year the same way (second Sunday of March at
 * 02:00) becomes one observance with a yearly RRULE, which is what Outlook expects and what keeps
 * an open-ended weekly series right after the feed's last year; anything irregular (a zone that
 * changed its rules) is written one observance per change. A zone without changes gets one
 * STANDARD observance.
 */
const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

interface Local {
  year: number;
  month: number;
  day: number;
  weekday: number;
  lastOfMonth: boolean;
  stamp: string;
  time: string;
}

function localOf(t: Transition): Local {
  const shifted = new Date(t.at + t.from * 60_000);
  const { date, time } = wallClock(t.at, t.from);
  const year = shifted.getUTCFullYear();
  const month = shifted.getUTCMonth() + 1;
  const day = shifted.getUTCDate();
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day, weekday: shifted.getUTCDay(), lastOfMonth: day + 7 > daysInMonth, stamp: `${date}T${time}`, time };
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** `2SU`, `-1SU`, or undefined when the changes of a group do not follow one yearly rule through the span. */
function yearlyByDay(locals: Local[], lastYear: number): string | undefined {
  const first = locals[0]!;
  const consecutive = locals.every((l, i) => l.year === first.year + i);
  const same = locals.every((l) => l.month === first.month && l.weekday === first.weekday && l.time === first.time);
  // A rule that stopped before the end of the span (DST abolished) must not be extended forever.
  if (!consecutive || !same || locals[locals.length - 1]!.year !== lastYear || locals.length < 2) return undefined;
  const nth = Math.ceil(first.day / 7);
  if (nth <= 4 && locals.every((l) => Math.ceil(l.day / 7) === nth)) return `${nth}${DAYS[first.weekday]}`;
  if (locals.every((l) => l.lastOfMonth)) return `-1${DAYS[first.weekday]}`;
  return undefined;
}

function observance(table: ZoneTable, t: Transition, start: string, rrule: string | undefined): string[] {
  const kind = t.to > t.from ? 'DAYLIGHT' : 'STANDARD';
  const name = table.abbreviation(t.at);
  return [
    `BEGIN:${kind}`,
    `DTSTART:${start}`,
    ...(rrule ? [rrule] : []),
    `TZOFFSETFROM:${formatOffset(t.from)}`,
    `TZOFFSETTO:${formatOffset(t.to)}`,
    ...(name ? [`TZNAME:${name}`] : []),
    `END:${kind}`,
  ];
}

export function vtimezone(table: ZoneTable): string {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${table.name}`, `X-LIC-LOCATION:${table.name}`];
  if (table.transitions.length === 0) {
    const start = Date.UTC(table.fromYear, 0, 1);
    const offset = table.offset(start);
    lines.push(...observance(table, { at: start, from: offset, to: offset }, '19700101T000000', undefined));
  } else {
    const groups = new Map<string, Transition[]>();
    for (const t of table.transitions) {
      const key = `${t.from}>${t.to}`;
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    const parts: { at: number; lines: string[] }[] = [];
    for (const group of groups.values()) {
      const locals = group.map(localOf);
      const byDay = yearlyByDay(locals, table.toYear);
      if (byDay) {
        const rrule = `RRULE:FREQ=YEARLY;BYMONTH=${locals[0]!.month};BYDAY=${byDay}`;
        parts.push({ at: group[0]!.at, lines: observance(table, group[0]!, locals[0]!.stamp, rrule) });
      } else {
        group.forEach((t, i) => parts.push({ at: t.at, lines: observance(table, t, locals[i]!.stamp, undefined) }));
      }
    }
    parts.sort((a, b) => a.at - b.at).forEach((p) => lines.push(...p.lines));
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
