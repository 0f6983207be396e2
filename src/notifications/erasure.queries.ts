import type { Queryable } from '../db/pool.ts';

/**
 * The outbox forgets the people: a queued email to them is cancelled (never sent after erasure),
 * and every row keeps its kind, times and status but not the address, the payload (an organizer's
 * message text) or the relay's answers (which may quote the address).
 */
export async function anonymiseDeliveries(db: Queryable, registrationIds: number[], now: string): Promise<void> {
  await db.query(
    `UPDATE deliveries
        SET status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
            recipient = 'anonymised-' || registration_id || '@erased.invalid', payload = '{}'::jsonb,
            smtp_response = NULL, last_error = NULL, updated_at = $2::timestamptz
      WHERE registration_id = ANY ($1::bigint[]) AND status <> 'sending'`,
    [registrationIds, now],
  );
}
