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

/**
 * Emails already settled (sent, failed, skipped) to registrations that have been anonymised since
 * they were queued — an erasure's confirmation, the one email that goes after the person is gone —
 * lose the address and the stored message too.
 */
export async function scrubSentToAnonymised(db: Queryable, now: string): Promise<void> {
  await db.query(
    `UPDATE deliveries d SET recipient = 'anonymised-' || d.registration_id || '@erased.invalid', payload = '{}'::jsonb,
            subject = CASE WHEN d.subject IS NULL THEN NULL ELSE '' END, body_text = CASE WHEN d.subject IS NULL THEN NULL ELSE '' END,
            body_html = CASE WHEN d.subject IS NULL THEN NULL ELSE '' END, smtp_response = NULL, last_error = NULL, updated_at = $1::timestamptz
       FROM registrations r
      WHERE r.id = d.registration_id AND r.anonymised_at IS NOT NULL AND d.status IN ('sent', 'failed', 'skipped', 'cancelled')
        AND d.recipient NOT LIKE 'anonymised-%@erased.invalid'`,
    [now],
  );
}
