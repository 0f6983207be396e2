import { DateTime } from 'luxon';

/**
 * PURE: which activities a feed shows at a given moment. From `pastDays` before today to the end of
 * the school year (the next `schoolYearEnd` month-day, inclusive), in the programme's zone; cancelled
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

export function feedWindow(now: DateTime, options: FeedWindowOptions): FeedWindow {
  const today = now.setZone(options.timeZone).startOf('day');
  const [month, day] = options.schoolYearEnd.split('-').map(Number) as [number, number];
  let end = DateTime.fromObject({ year: today.year, month, day }, { zone: options.timeZone }).plus({ days: 1 });
  if (end <= today) end = DateTime.fromObject({ year: today.year + 1, month, day }, { zone: options.timeZone }).plus({ days: 1 });
  const iso = (t: DateTime) => t.toUTC().toISO()!;
  return {
    from: iso(today.minus({ days: options.pastDays })),
    to: iso(end),
    cancelledSince: iso(today.minus({ days: options.cancelledDays })),
  };
}
