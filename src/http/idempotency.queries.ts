import type { Queryable } from '../db/pool.ts';

export interface StoredKey {
  requestHash: Buffer;
  status: number | null;
  responseBody: unknown;
}

export interface KeyClaim {
  actor: string;
  key: string;
  method: string;
  path: string;
  requestHash: Buffer;
  /** The clock's now: the claim's start, and its ownership mark for the writes that follow. */
  now: string;
  /** Stored answers older than this are expired: the key is free again (the sweeper deletes them). */
  expiredBefore: string;
  /** A first request that started before this and never answered is presumed dead (its process died). */
  abandonedBefore: string;
}

/**
 * Claims a key for this request: a new key, an expired one, or one whose first, identical request
 * was abandoned. Returns false when someone else holds it (answered, or still within its lease).
 */
export async function claimKey(db: Queryable, c: KeyClaim): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO idempotency_keys AS k (actor, key, method, path, request_hash, created_at)
     VALUES ($1::text, $2::text, $3::text, $4::text, $5::bytea, $6::timestamptz)
     ON CONFLICT (actor, key) DO UPDATE
        SET method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
            status = NULL, response_body = NULL, created_at = EXCLUDED.created_at
      WHERE k.created_at < $7::timestamptz
         OR (k.status IS NULL AND k.created_at < $8::timestamptz AND k.request_hash = EXCLUDED.request_hash)`,
    [c.actor, c.key, c.method, c.path, c.requestHash, c.now, c.expiredBefore, c.abandonedBefore],
  );
  return rowCount === 1;
}

export async function selectKey(db: Queryable, actor: string, key: string): Promise<StoredKey | undefined> {
  const { rows } = await db.query<StoredKey>(
    `SELECT request_hash AS "requestHash", status, response_body AS "responseBody" FROM idempotency_keys WHERE actor = $1::text AND key = $2::text`,
    [actor, key],
  );
  return rows[0];
}

/** Stores the answer; only the claim that started at `claimedAt` may (a lease taken over is no longer ours). */
export async function storeAnswer(db: Queryable, actor: string, key: string, claimedAt: string, status: number, body: string): Promise<void> {
  await db.query(
    `UPDATE idempotency_keys SET status = $4::int, response_body = $5::jsonb
      WHERE actor = $1::text AND key = $2::text AND created_at = $3::timestamptz`,
    [actor, key, claimedAt, status, body],
  );
}

export async function releaseKey(db: Queryable, actor: string, key: string, claimedAt: string): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE actor = $1::text AND key = $2::text AND created_at = $3::timestamptz', [actor, key, claimedAt]);
}
