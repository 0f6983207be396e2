import type { Queryable } from '../db/pool.ts';

/** The tables this feature owns (migrations/0038_family_rights.sql): legal holds and erasure requests. */

export async function selectHold(db: Queryable, email: string): Promise<{ reason: string; placedAt: string } | undefined> {
  const { rows } = await db.query<{ reason: string; placedAt: string }>(
    `SELECT reason, to_json(placed_at) #>> '{}' AS "placedAt" FROM privacy_holds WHERE email = $1::text`, [email]);
  return rows[0];
}

export async function upsertHold(db: Queryable, email: string, reason: string, by: string, now: string): Promise<void> {
  await db.query(
    `INSERT INTO privacy_holds (email, reason, placed_by, placed_at) VALUES ($1::text, $2::text, $3::text, $4::timestamptz)
     ON CONFLICT (email) DO UPDATE SET reason = EXCLUDED.reason, placed_by = EXCLUDED.placed_by, placed_at = EXCLUDED.placed_at`,
    [email, reason, by, now]);
}

export async function deleteHold(db: Queryable, email: string): Promise<boolean> {
  return ((await db.query(`DELETE FROM privacy_holds WHERE email = $1::text`, [email])).rowCount ?? 0) > 0;
}

export async function insertErasureRequest(db: Queryable, r: { email: string; releasePlaces: boolean; unitId: number | null; requestedBy: string; now: string }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO erasure_requests (email, release_places, unit_id, requested_by, requested_at) VALUES ($1::text, $2::boolean, $3::bigint, $4::text, $5::timestamptz) RETURNING id::int AS id`,
    [r.email, r.releasePlaces, r.unitId, r.requestedBy, r.now]);
  return rows[0]!.id;
}

export interface PendingErasure {
  id: number;
  email: string;
  releasePlaces: boolean;
  unitId: number | null;
  requestedBy: string;
}

/** A pending request, locked (SKIP LOCKED: the request's own transaction or another process has it). */
export async function lockPendingErasure(db: Queryable, id: number | null): Promise<PendingErasure | undefined> {
  const { rows } = await db.query<PendingErasure>(
    `SELECT id::int AS id, email, release_places AS "releasePlaces", unit_id::int AS "unitId", requested_by AS "requestedBy" FROM erasure_requests
      WHERE status = 'pending' AND ($1::bigint IS NULL OR id = $1::bigint) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [id]);
  return rows[0];
}

/** Settled: the address goes, the outcome (counts, or the reason it was refused) stays. */
export async function settleErasure(db: Queryable, id: number, status: 'done' | 'refused', outcome: Record<string, unknown>, now: string): Promise<void> {
  await db.query(
    `UPDATE erasure_requests SET status = $2::text, outcome = $3::jsonb, email = NULL, settled_at = $4::timestamptz WHERE id = $1::bigint`,
    [id, status, JSON.stringify(outcome), now]);
}
