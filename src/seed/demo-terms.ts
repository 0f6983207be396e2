import { DateTime } from 'luxon';

// PURE: the demo's dates from the clock's now (no database). Used by demo.ts, demo-calendar.ts,
// demo-term.ts and demo-life.ts.
const ZONE = 'Asia/Shanghai';

/**
 * 1 September of the demo's school year: the one that contains `now`, or from July (its programme
 * over but for the summer camp) the coming one, so the programme always has its year ahead of it.
 */
export function schoolYearStart(now: DateTime): DateTime {
  const local = now.setZone(ZONE);
  return DateTime.fromObject({ year: local.month >= 7 ? local.year : local.year - 1, month: 9, day: 1 }, { zone: ZONE });
}

/**
 * The demo term: the school's term that is on at `now`, else the next one (issue 25: the demo never
 * goes stale). Autumn runs 1 September – 20 January, spring 20 February – 10 July; between them (the
 * winter and summer holidays) the coming term is the demo's. Its code is the planner's ("spring-2027").
 */
export interface DemoTerm { season: 'autumn' | 'spring'; code: string; start: DateTime; end: DateTime }
export function demoTerm(now: DateTime): DemoTerm {
  const today = now.setZone(ZONE).startOf('day');
  const at = (year: number, month: number, day: number) => DateTime.fromObject({ year, month, day }, { zone: ZONE });
  const term = (season: DemoTerm['season'], start: DateTime, end: DateTime): DemoTerm => ({ season, code: `${season}-${start.year}`, start, end });
  const y = today.year;
  const terms = [term('autumn', at(y - 1, 9, 1), at(y, 1, 20)), term('spring', at(y, 2, 20), at(y, 7, 10)), term('autumn', at(y, 9, 1), at(y + 1, 1, 20))];
  return terms.find((t) => t.end >= today)!;
}

/** The autumn term of the school year starting at `yearStart` (the programme's calendar). */
export const autumnTerm = (yearStart: DateTime): DemoTerm =>
  ({ season: 'autumn', code: `autumn-${yearStart.year}`, start: yearStart, end: yearStart.set({ year: yearStart.year + 1, month: 1, day: 20 }) });
