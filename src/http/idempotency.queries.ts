import type { Queryable } from '../db/pool.ts';

export interface StoredKey {
  requestHash: Buffer;
  status: number | null;
  responseBody: unknown;
}

/** Claims the key for this request; false when it was used before. */
export async function insertKey(db: Queryable, actor: string, key: string, method: string, path: string, requestHash: Buffer): Promise<boolean> {
  const inserted = await db.query(
    `INSERT INTO idempotency_keys (actor, key, method, path, request_hash) VALUES ($1::text, $2::text, $3::text, $4::text, $5::bytea)
     ON CONFLICT (actor, key) DO NOTHING`,
    [actor, key, method, path, requestHash],
  );
  return inserted.rowCount !== 0;
}

export async function selectKey(db: Queryable, actor: string, key: string): Promise<StoredKey | undefined> {
  const { rows } = await db.query<StoredKey>(
    `SELECT request_hash AS "requestHash", status, response_body AS "responseBody" FROM idempotency_keys WHERE actor = $1::text AND key = $2::text`,
    [actor, key],
  );
  return rows[0];
}

/** `body` is JSON text; null for an answer without one. */
export async function storeResponse(db: Queryable, actor: string, key: string, status: number, body: string | null): Promise<void> {
  await db.query(
    `UPDATE idempotency_keys SET status = $3::int, response_body = COALESCE($4::jsonb, 'null'::jsonb) WHERE actor = $1::text AND key = $2::text`,
    [actor, key, status, body],
  );
}

export async function deleteKey(db: Queryable, actor: string, key: string): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE actor = $1::text AND key = $2::text', [actor, key]);
}
