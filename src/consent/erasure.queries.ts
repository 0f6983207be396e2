import type { Queryable } from '../db/pool.ts';

/** A consent keeps its answer and times (counted by reports); the guardian's address and the answering link's fingerprint go. */
export async function anonymiseConsents(db: Queryable, registrationIds: number[], now: string): Promise<void> {
  await db.query(
    `UPDATE consents SET guardian_email = 'anonymised-' || registration_id || '@erased.invalid', answered_link = NULL, updated_at = $2::timestamptz
      WHERE registration_id = ANY ($1::bigint[])`,
    [registrationIds, now],
  );
}
