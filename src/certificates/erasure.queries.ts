import type { Queryable } from '../db/pool.ts';

/** Certificates (with the name verification shows) issued before the cutoff: deleted with their audit snapshots' names. */
export async function deleteExpiredCertificates(db: Queryable, cutoff: string, limit: number): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `DELETE FROM certificates WHERE id IN (SELECT id FROM certificates WHERE issued_at < $1::timestamptz ORDER BY id LIMIT $2::int)
     RETURNING id::int`, [cutoff, limit]);
  if (rows.length > 0) {
    await db.query(`UPDATE audit_log SET before = before - ARRAY['name', 'code'], after = after - ARRAY['name', 'code']
      WHERE entity = 'certificate' AND entity_id = ANY ($1::bigint[])`, [rows.map((r) => r.id)]);
  }
  return rows.length;
}
