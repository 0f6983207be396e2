import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import * as q from './retention.queries.ts';
import { periodicJob } from '../shared/periodic.ts';

export interface RetentionSettings {
  idempotencyKeyHours: number;
  sessionDays: number;
  signInLinkDays: number;
  deliveryDays: number;
}

export type Swept = Record<'sessions' | 'signInLinks' | 'idempotencyKeys' | 'deliveries' | 'rateLimitHits', number>;

/** Deletes every row past its retention at the clock's now (docs/retention.md); returns how many of each. */
export async function sweepRetention(pool: Pool, clock: Clock, settings: RetentionSettings): Promise<Swept> {
  const now = clock.now();
  const cutoffs = {
    sessions: now.minus({ days: settings.sessionDays }).toISO()!,
    signInLinks: now.minus({ days: settings.signInLinkDays }).toISO()!,
    idempotencyKeys: now.minus({ hours: settings.idempotencyKeyHours }).toISO()!,
    deliveries: now.minus({ days: settings.deliveryDays }).toISO()!,
    // Windows end by the database's clock (src/http/rate-limit.queries.ts); the cutoff is unused.
    rateLimitHits: now.toISO()!,
  };
  const statements = { sessions: q.deleteOldSessions, signInLinks: q.deleteOldSignInLinks, idempotencyKeys: q.deleteOldIdempotencyKeys, deliveries: q.deleteOldDeliveries, rateLimitHits: q.deleteEndedRateLimitWindows };
  const swept: Swept = { sessions: 0, signInLinks: 0, idempotencyKeys: 0, deliveries: 0, rateLimitHits: 0 };
  for (const kind of Object.keys(statements) as (keyof Swept)[]) {
    // Batches until a short one: a backlog is cleared in one sweep without one long statement.
    for (let n = -1; n !== 0; ) {
      n = await statements[kind](pool, cutoffs[kind]);
      swept[kind] += n;
      if (n < 5000) break;
    }
  }
  return swept;
}

/**
 * The hourly sweep, once across all processes (src/jobs/): retention is measured in hours and days,
 * so an hour's lateness only keeps rows that long. Each DELETE is idempotent, so a round that a dying
 * process left half done is simply finished by the next.
 */
export const retentionJob = (pool: Pool, clock: Clock, settings: RetentionSettings, log: Logger, everyMs = 3_600_000) => periodicJob({
  name: 'retention',
  everyMs,
  run: () => sweepRetention(pool, clock, settings),
  done: (swept: Swept) => {
    if (Object.values(swept).some((n) => n > 0)) log.info({ module: 'retention', ...swept }, 'expired rows deleted');
  },
});
