import { DateTime } from 'luxon';

/**
 * PURE: when an open loan past due gets its reminder. One email per loan per overdue day: the key
 * names the local day (in the programme's zone) of the sweep, so a sweep run every minute, on any
 * number of instances, queues one row per day (the outbox's unique dedupe_key does the rest).
 */
export interface OverdueNotice {
  dedupeKey: string;
  daysOverdue: number;
}

export function overdueNotice(loanId: number, dueBack: DateTime, now: DateTime, zone: string): OverdueNotice | null {
  if (now <= dueBack) return null;
  const day = now.setZone(zone).toISODate()!;
  const daysOverdue = Math.max(1, Math.ceil(now.diff(dueBack, 'days').days));
  return { dedupeKey: `loan_overdue:${loanId}:${day}`, daysOverdue };
}
