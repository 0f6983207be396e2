import type { Queryable } from '../db/pool.ts';
import type { ActivityStatus } from '../shared/types.ts';

/**
 * The activity status machine's predicates (status.ts) as SQL fragments: every query that filters
 * activities by status says it with these, so a status added or renamed is changed here and the
 * architecture test (tests/unit/architecture.booking.test.ts) finds any literal left behind.
 * `a` is the alias (or table name) of the activities row in the caller's statement.
 */
const quoted = (statuses: readonly ActivityStatus[]) => statuses.map((s) => `'${s}'`).join(', ');
const is = (a: string, status: ActivityStatus) => `${a}.status = '${status}'`;

export const activityStatusSql = {
  /** Holds its resources (status.ts isActive; the bookings table counts it): requested or confirmed. */
  active: (a: string) => `${a}.status IN (${quoted(['requested', 'confirmed'])})`,
  /** Waits for another unit's approval, holding what it claims until the hold lapses. */
  requested: (a: string) => is(a, 'requested'),
  confirmed: (a: string) => is(a, 'confirmed'),
  cancelled: (a: string) => is(a, 'cancelled'),
  notCancelled: (a: string) => `${a}.status <> 'cancelled'`,
  /** Was asked for at some point: requested, confirmed or cancelled (what a unit's feed and export show). */
  notDraft: (a: string) => `${a}.status <> 'draft'`,
  /** Confirmed, or cancelled after it was (a cancellation subscribers must hear of). */
  confirmedOrCancelled: (a: string) => `${a}.status IN (${quoted(['confirmed', 'cancelled'])})`,
  /** Cancelled after it had been confirmed: a cancellation the public saw announced. */
  cancelledAfterConfirmed: (a: string) => `(${is(a, 'cancelled')} AND ${a}.ever_confirmed)`,
} as const;

/** SQL for "activity `a` is published" (shared/policy.ts isPublished): public and confirmed, or cancelled after it was confirmed. */
export const publishedSql = (a = 'a') =>
  `(${a}.visibility = 'public' AND (${is(a, 'confirmed')} OR ${activityStatusSql.cancelledAfterConfirmed(a)}))`;

/**
 * The one statement that writes an activity's status (with its hold and cancellation time): only
 * status.save.ts calls it (tests/unit/architecture.booking.test.ts finds any other statement that
 * writes `activities.status`). `raiseSequence`: a changed status raises the SEQUENCE (a status change
 * on its own); otherwise the caller writes the SEQUENCE with the activity's other values.
 * `neverConfirmed`: a new activity's status corrected in the transaction that created it (the
 * ever_confirmed trigger of migration 0014 sets it again if the status is `confirmed`).
 */
export async function writeStatus(
  db: Queryable, activityId: number,
  to: { status: ActivityStatus; holdExpiresAt: string | null; cancelledAt: string | null },
  how: { raiseSequence: boolean; neverConfirmed: boolean },
): Promise<void> {
  await db.query(
    `UPDATE activities SET sequence = sequence + CASE WHEN $4::boolean AND status <> $2::text THEN 1 ELSE 0 END,
            status = $2::text, hold_expires_at = $3::timestamptz,
            cancelled_at = CASE WHEN $2::text = 'cancelled' THEN COALESCE(cancelled_at, $5::timestamptz) END,
            ever_confirmed = ever_confirmed AND NOT $6::boolean, updated_at = now()
      WHERE id = $1::bigint`,
    [activityId, to.status, to.holdExpiresAt, how.raiseSequence, to.cancelledAt, how.neverConfirmed],
  );
}
