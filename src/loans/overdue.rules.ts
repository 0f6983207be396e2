import { DateTime } from 'luxon';

/**
 * PURE: when an open loan past due gets its reminder. One email per loan per overdue day: the key
 * names the local day (in the lending unit's zone) of the sweep, so a sweep run every minute, on any
 * number of instances, queues one row per day (the outbox's unique dedupe_key does the rest).
 */
export interface OverdueNotice {
  dedupeKey: string;
  /**
   * Calendar days from the due date to today, both read in the unit's zone: what a person counts.
   * Due Sunday 00:56 and swept Tuesday 01:05 is 2 days, not the 3 that rounding up elapsed 24-hour
   * spans gave. 0 on the due day itself, after the due time (the email then says "now overdue").
   */
  daysOverdue: number;
}

export function overdueNotice(loanId: number, dueBack: DateTime, now: DateTime, zone: string): OverdueNotice | null {
  if (now <= dueBack) return null;
  const today = now.setZone(zone).startOf('day');
  const dueDay = dueBack.setZone(zone).startOf('day');
  // Whole days between two local midnights; rounded because a DST change makes one day 23 or 25 hours.
  const daysOverdue = Math.max(0, Math.round(today.diff(dueDay, 'days').days));
  return { dedupeKey: `loan_overdue:${loanId}:${today.toISODate()!}`, daysOverdue };
}
