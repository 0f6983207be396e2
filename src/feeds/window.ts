import { DateTime } from 'luxon';

/**
 * PURE: which activities a feed shows at a given moment. From `pastDays` before today to the end of
 * the school year (the next `schoolYearEnd` month-day, inclusive; at least MIN_AHEAD_DAYS ahead), in the programme's zone; cancelled
 * activities stay visible (as cancelled) for `cancelledDays`. Bounds move at local midnight only, so
 * within a day the same data gives the same feed.
 */
export interface FeedWindowOptions {
  pastDays: number;
  /** `MM-DD`, the last day of the school year. */
  schoolYearEnd: string;
  cancelledDays: number;
  timeZone: string;
}

export interface FeedWindow {
  from: string;
  to: string;
  cancelledSince: string;
}

/**
 * However close the school year's end, a feed looks at least this far ahead: in late August the
 * autumn programme is already published, and teachers plan the first weeks before term starts.
 */
export const MIN_AHEAD_DAYS = 90;

export function feedWindow(now: DateTime, options: FeedWindowOptions): FeedWindow {
  const today = now.setZone(options.timeZone).startOf('day');
  const [month, day] = options.schoolYearEnd.split('-').map(Number) as [number, number];
  let end = DateTime.fromObject({ year: today.year, month, day }, { zone: options.timeZone }).plus({ days: 1 });
  if (end <= today) end = DateTime.fromObject({ year: today.year + 1, month, day }, { zone: options.timeZone }).plus({ days: 1 });
  end = DateTime.max(end, today.plus({ days: MIN_AHEAD_DAYS }));
  const iso = (t: DateTime) => t.toUTC().toISO()!;
  return {
    from: iso(today.minus({ days: options.pastDays })),
    to: iso(end),
    cancelledSince: iso(today.minus({ days: options.cancelledDays })),
  };
}

/**
 * PURE: the local day (in the programme's zone) that `now` falls in, as epoch milliseconds
 * [since, until). A window computed at any moment of that day is the window of the whole day, so a
 * process may keep it (and fingerprints computed for it) until `until`, local midnight.
 */
export function windowDay(now: DateTime, timeZone: string): { since: number; until: number } {
  const today = now.setZone(timeZone).startOf('day');
  return { since: today.toMillis(), until: today.plus({ days: 1 }).toMillis() };
}
