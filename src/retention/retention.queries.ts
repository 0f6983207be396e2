import type { Queryable } from '../db/pool.ts';

/**
 * One DELETE per kind of row that outlives its use. Each deletes only what is past its retention
 * at the given cutoff, so running it twice, or in several processes at once, deletes nothing more:
 * no lock or leader election is needed. Batches keep each statement short on a large backlog.
 */
const BATCH = 5000;

async function deleted(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  return (await db.query(sql, params)).rowCount ?? 0;
}

/** Sessions that expired or were revoked before the cutoff. */
export const deleteOldSessions = (db: Queryable, cutoff: string) => deleted(db,
  `DELETE FROM sessions WHERE id IN (SELECT id FROM sessions
     WHERE expires_at < $1::timestamptz OR revoked_at < $1::timestamptz LIMIT ${BATCH})`, [cutoff]);

/** Sign-in links that expired (used or not) before the cutoff. */
export const deleteOldSignInLinks = (db: Queryable, cutoff: string) => deleted(db,
  `DELETE FROM sign_in_links WHERE id IN (SELECT id FROM sign_in_links WHERE expires_at < $1::timestamptz LIMIT ${BATCH})`, [cutoff]);

/** Idempotency keys claimed before the cutoff: answered ones are no longer replayed, unanswered ones are long dead. */
export const deleteOldIdempotencyKeys = (db: Queryable, cutoff: string) => deleted(db,
  `DELETE FROM idempotency_keys WHERE (actor, key) IN (SELECT actor, key FROM idempotency_keys WHERE created_at < $1::timestamptz LIMIT ${BATCH})`, [cutoff]);

/**
 * Emails that are done with (sent, failed, skipped, cancelled) of activities whose every occurrence
 * ended before the cutoff. Deliveries of live activities stay: they are the outbox's memory of
 * what was sent (no second reminder, no second notice for the same SEQUENCE).
 */
export const deleteOldDeliveries = (db: Queryable, cutoff: string) => deleted(db,
  `DELETE FROM deliveries WHERE id IN (
     SELECT d.id FROM deliveries d JOIN activities a ON a.id = d.activity_id
      WHERE d.status IN ('sent', 'failed', 'skipped', 'cancelled') AND a.ends_at < $1::timestamptz
        AND NOT EXISTS (SELECT 1 FROM occurrences o WHERE o.activity_id = a.id AND o.ends_at >= $1::timestamptz)
      LIMIT ${BATCH})`, [cutoff]);

/** Rate-limit windows that ended (by the database's clock, as they are counted); the cutoff is not used. */
export const deleteEndedRateLimitWindows = (db: Queryable, _cutoff: string) => deleted(db,
  `DELETE FROM rate_limit_hits WHERE key IN (SELECT key FROM rate_limit_hits WHERE resets_at <= now() LIMIT ${BATCH})`, []);
