import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseRateLimitStore } from '../../src/http/rate-limit.ts';
import { sweepRetention } from '../../src/retention/retention.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import type { Options } from 'express-rate-limit';

/** The PostgreSQL store behind every rate limit (src/http/rate-limit.ts); windows end by the database's clock. */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(4);
});
afterAll(() => db.drop());

const store = (prefix: string) => {
  const s = new DatabaseRateLimitStore(db.pool, prefix);
  s.init({ windowMs: 60_000 } as Options);
  return s;
};
// Moves a window's end into the past: the database's clock passing, without waiting for it.
const endWindow = (key: string) => db.pool.query("UPDATE rate_limit_hits SET resets_at = now() - interval '1 second' WHERE key = $1", [key]);

describe('the PostgreSQL rate-limit store', () => {
  it('counts concurrent hits exactly, per limiter, and starts a new window once the old one ended', async () => {
    const api = store('api');
    const results = await Promise.all(Array.from({ length: 20 }, () => api.increment('10.0.0.1')));
    expect(results.map((r) => r.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.resetTime!.getTime())).size).toBe(1);
    expect((await store('sign-in').increment('10.0.0.1')).totalHits).toBe(1);
    await api.decrement('10.0.0.1');
    expect((await api.get('10.0.0.1'))?.totalHits).toBe(19);
    await endWindow('api:10.0.0.1');
    expect(await api.get('10.0.0.1')).toBeUndefined();
    expect((await api.increment('10.0.0.1')).totalHits).toBe(1);
    await api.resetKey('10.0.0.1');
    expect(await api.get('10.0.0.1')).toBeUndefined();
  });

  it('ended windows are deleted by the retention sweep, live ones kept', async () => {
    const feed = store('feed');
    await feed.increment('old');
    await feed.increment('live');
    await endWindow('feed:old');
    const swept = await sweepRetention(db.pool, new FixedClock('2026-11-24T00:00:00Z'), { idempotencyKeyHours: 24, sessionDays: 30, signInLinkDays: 7, deliveryDays: 365 });
    expect(swept.rateLimitHits).toBeGreaterThanOrEqual(1);
    const { rows } = await db.pool.query<{ key: string }>("SELECT key FROM rate_limit_hits WHERE key LIKE 'feed:%'");
    expect(rows.map((r) => r.key)).toEqual(['feed:live']);
  });
});
