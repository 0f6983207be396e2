import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';
import { createFeed, fetchFeed } from '../helpers/feeds.ts';

/**
 * A feed poll answered 304 changes nothing, so it writes nothing (issue 23): the feed's rate limit
 * is counted in the process's memory (src/http/rate-limit.ts InstanceShareStore), not by an upsert
 * per poll. Proved by the table that used to take the upsert and by PostgreSQL's own counters of
 * written rows across every table, with the change listener (memory answers) and without it (the
 * database answers, reading only).
 */
let withListener: TestContext;
let withoutListener: TestContext;
beforeAll(async () => {
  [withListener, withoutListener] = await Promise.all([startTestApp(), startTestApp({ deps: { feedChanges: undefined } })]);
});
afterAll(async () => {
  await Promise.all([withListener?.close(), withoutListener?.close()]);
});

/**
 * Rows inserted, updated and deleted in every table of this database so far. A backend reports its
 * counts when it goes idle, but at most once a second: counts made within a second of its last report
 * wait for 10 s of idleness (PostgreSQL 15's PGSTAT_MIN_INTERVAL and PGSTAT_IDLE_INTERVAL), so the
 * figure is read after the pool's connections have been idle for longer than that.
 */
async function rowsWritten(t: TestContext): Promise<number> {
  await new Promise((r) => setTimeout(r, 11_000));
  const { rows } = await t.db.pool.query<{ written: number }>(
    'SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::int AS written FROM pg_stat_user_tables');
  return rows[0]!.written;
}

/** 40 revalidations of an unchanged feed, all 304; resolves with the rows written meanwhile. */
async function pollUnchanged(t: TestContext): Promise<{ statuses: number[]; written: number; feedCounters: unknown[] }> {
  const unitId = (await createUnit(t.app)).id;
  await createActivity(t.app, unitId, { status: 'confirmed' });
  const feed = await createFeed(t.app, { type: 'unit', unitId });
  const first = await fetchFeed(t.app, feed.token);
  expect(first.status).toBe(200);
  const etag = first.headers.etag!;
  const before = await rowsWritten(t);
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) statuses.push((await fetchFeed(t.app, feed.token, { 'If-None-Match': etag })).status);
  const written = (await rowsWritten(t)) - before;
  const { rows } = await t.db.pool.query("SELECT key, hits FROM rate_limit_hits WHERE key LIKE 'feed:%'");
  return { statuses, written, feedCounters: rows };
}

describe('a feed poll answered 304', () => {
  it('writes nothing to the database, with the change listener and without it (every poll asks the database)', async () => {
    // Both at once: each waits out PostgreSQL's statistics interval twice.
    for (const polled of await Promise.all([pollUnchanged(withListener), pollUnchanged(withoutListener)])) {
      expect(polled.statuses).toEqual(Array(40).fill(304));
      expect(polled.written).toBe(0);
      expect(polled.feedCounters).toEqual([]);
    }
  }, 90_000);
});
