import type { Queryable } from '../db/pool.ts';

/** Keys of audit snapshots that name a person or carry a code; the rest (statuses, times, ids) stays. */
const PERSONAL_KEYS = ['email', 'name', 'guardianEmail', 'ownerEmail', 'code', 'manageUrl', 'checkInCode', 'shortCode'];

/**
 * The audit log keeps what happened to an anonymised registration (who acted, when, which status),
 * not who the person was: personal keys leave the before/after snapshots of its registration,
 * consent, attendance and certificate rows, and of the personal feed it made.
 */
export async function scrubAuditOf(db: Queryable, registrationIds: number[]): Promise<void> {
  await db.query(
    `UPDATE audit_log SET before = before - $2::text[], after = after - $2::text[]
      WHERE (entity IN ('registration', 'consent', 'attendance') AND entity_id = ANY ($1::bigint[]))
         OR (entity = 'certificate' AND COALESCE(before->>'registrationId', after->>'registrationId')::bigint = ANY ($1::bigint[]))
         OR (entity = 'feed' AND actor = ANY (SELECT 'participant:' || id FROM unnest($1::bigint[]) AS id))`,
    [registrationIds, PERSONAL_KEYS],
  );
}

/** The audit log past AUDIT_RETENTION_DAYS goes, oldest first, a batch per transaction; returns the rows deleted. */
export async function deleteAuditBefore(db: Queryable, cutoff: string, limit: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < $1::timestamptz ORDER BY id LIMIT $2::int)`, [cutoff, limit]);
  return rowCount ?? 0;
}
