import type { Queryable } from '../db/pool.ts';

/**
 * An organizer's message to the registrants (or the waitlist) of an activity: one delivery per
 * registration, keyed by the message, so a repeated request with the same message id adds nothing.
 */
export async function enqueueRegistrantMessage(
  db: Queryable,
  m: { messageId: string; activityId: number; status: 'confirmed' | 'waitlisted'; subject: string; body: string },
  now: string,
): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, registration_id, activity_id, sequence, recipient, available_at, payload)
     SELECT 'registrant_message:' || $1::text || ':' || r.id, 'registrant_message', r.id, r.activity_id,
            a.sequence + r.sequence_offset, r.email, $6::timestamptz, jsonb_build_object('subject', $4::text, 'body', $5::text)
       FROM registrations r JOIN activities a ON a.id = r.activity_id
      WHERE r.activity_id = $2::bigint AND r.status = $3::text
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [m.messageId, m.activityId, m.status, m.subject, m.body, now],
  );
  return rowCount ?? 0;
}
