import type { Queryable } from '../db/pool.ts';

/**
 * One hit in a fixed window, counted in the database so that every instance counts into the same
 * window (migration 0021). The window starts with the first hit and ends `windowMs` later by the
 * database's clock, so instances with skewed clocks still agree. One statement: the upsert's row
 * lock serialises concurrent hits on one key across instances.
 */
export async function incrementHit(db: Queryable, key: string, windowMs: number): Promise<{ hits: number; resetsAt: Date }> {
  const { rows } = await db.query<{ hits: number; resetsAt: Date }>(
    `INSERT INTO rate_limit_hits AS r (key, hits, resets_at) VALUES ($1::text, 1, now() + $2::int * interval '1 millisecond')
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN r.resets_at <= now() THEN 1 ELSE r.hits + 1 END,
       resets_at = CASE WHEN r.resets_at <= now() THEN excluded.resets_at ELSE r.resets_at END
     RETURNING hits, resets_at AS "resetsAt"`, [key, windowMs]);
  return rows[0]!;
}

export async function selectHits(db: Queryable, key: string): Promise<{ hits: number; resetsAt: Date } | undefined> {
  const { rows } = await db.query<{ hits: number; resetsAt: Date }>(
    'SELECT hits, resets_at AS "resetsAt" FROM rate_limit_hits WHERE key = $1::text AND resets_at > now()', [key]);
  return rows[0];
}

export async function decrementHit(db: Queryable, key: string): Promise<void> {
  await db.query('UPDATE rate_limit_hits SET hits = hits - 1 WHERE key = $1::text AND hits > 0 AND resets_at > now()', [key]);
}

export async function deleteHits(db: Queryable, key: string): Promise<void> {
  await db.query('DELETE FROM rate_limit_hits WHERE key = $1::text', [key]);
}
