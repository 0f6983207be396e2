import type { Queryable } from '../db/pool.ts';

/**
 * A per-occurrence registration holds one occurrence (docs/registrations.md#sessions); when that
 * occurrence is cancelled the registration has nothing left to attend. Derived from the stored
 * state, so running it again changes nothing: registrations (confirmed or waitlisted) holding a
 * cancelled occurrence become cancelled, and each gets the cancellation notice — with a CANCEL of
 * its invitation when it was confirmed (the invitation is that occurrence alone). Places of other
 * occurrences are untouched; the cancelled occurrence's own waitlist goes with it.
 */
export async function cancelHoldersOfCancelledOccurrences(db: Queryable, activityId: number, sequence: number, now: string, alsoRemoved: number[] = []): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `WITH held AS (
       SELECT r.id, r.status AS was FROM registrations r JOIN occurrences o ON o.id = r.occurrence_id
        WHERE r.activity_id = $1::bigint AND (o.status = 'cancelled' OR o.id = ANY ($4::bigint[])) AND r.status IN ('confirmed', 'waitlisted')
        FOR UPDATE OF r
     ), gone AS (
       UPDATE registrations r SET status = 'cancelled', cancelled_at = $3::timestamptz, updated_at = $3::timestamptz
         FROM held WHERE r.id = held.id
       RETURNING r.id, r.activity_id, r.email, r.sequence_offset, held.was
     ), told AS (
       INSERT INTO deliveries (dedupe_key, kind, registration_id, activity_id, sequence, itip_method, recipient, available_at)
       SELECT 'activity_cancelled:' || g.id || ':' || ($2::int + g.sequence_offset), 'activity_cancelled', g.id, g.activity_id,
              $2::int + g.sequence_offset, CASE WHEN g.was = 'confirmed' THEN 'CANCEL' END, g.email, $3::timestamptz
         FROM gone g
       ON CONFLICT (dedupe_key) DO NOTHING
     )
     SELECT id FROM gone ORDER BY id`,
    [activityId, sequence, now, alsoRemoved],
  );
  return rows.map((r) => r.id);
}
