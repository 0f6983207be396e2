import express from 'express';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { feedChangeListener, type FeedChanges } from '../../src/feeds/changes.ts';
import { feedPublisher, type FeedPublisher } from '../../src/feeds/feeds.publish.ts';
import { feedFileRoutes } from '../../src/feeds/feeds.routes.ts';
import { newFeedToken, hashFeedToken } from '../../src/feeds/tokens.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { onCommit, withTransaction } from '../../src/db/pool.ts';
import { createActivity, createResource, createUnit } from '../helpers/factories.ts';
import { createFeed, fetchFeed, registerDirectly, type CreatedFeed } from '../helpers/feeds.ts';

/**
 * Revalidations answered from memory (src/feeds/changes.ts): no query for an unchanged feed, yet a
 * change committed by any connection is seen by the very next request (the fence makes that
 * deterministic: no sleeps, no waiting for the notification), and when the listener is down the
 * database answers. Each test gets its own listener and publisher so their counters are its own,
 * and its own unit and series (`weeklySeries`), so the changes it makes are only in its feeds.
 */
let t: TestContext;
let other: pg.Client;
const log = createLogger('silent');
const window = { pastDays: 30, schoolYearEnd: '08-31', cancelledDays: 14, timeZone: 'Asia/Shanghai' };
const opened: FeedChanges[] = [];

beforeAll(async () => {
  t = await startTestApp();
  other = new pg.Client({ connectionString: t.db.url });
  await other.connect();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await other.end();
  await t.close();
});

interface WeeklySeries { unitId: number; venueId: number; telescopes: number; series: { id: number }; participant: string }

/** A unit with a venue and 5 telescopes, and a confirmed weekly series (4 occurrences) using the venue and 2 telescopes. */
async function weeklySeries(): Promise<WeeklySeries> {
  const unitId = (await createUnit(t.app)).id;
  const venueId = (await createResource(t.app, { unitId })).id;
  const telescopes = (await createResource(t.app, { unitId, kind: 'equipment', quantity: 5 })).id;
  const series = await createActivity(t.app, unitId, {
    status: 'confirmed', venueId, recurrenceRule: 'FREQ=WEEKLY;COUNT=4', claims: [{ resourceId: telescopes, quantity: 2 }],
  });
  return { unitId, venueId, telescopes, series, participant: `li.si.${series.id}@school.example.org` };
}

interface Rig {
  changes: FeedChanges;
  publisher: FeedPublisher;
  app: express.Express;
  clock: FixedClock;
  /** Queries the publisher ran for polls so far. */
  queries(): number;
}

async function rig(options: { retryMs?: number; live?: boolean; maxAgeMs?: number } = {}): Promise<Rig> {
  const changes = feedChangeListener(t.db.url, log, { retryMs: options.retryMs ?? 0, maxAgeMs: options.maxAgeMs ?? 0 });
  opened.push(changes);
  if (options.live !== false) await changes.whenLive();
  const clock = new FixedClock('2026-11-24T00:00:00Z');
  const publisher = feedPublisher(t.db.pool, clock, { publicBaseUrl: t.config.publicBaseUrl, cacheBytes: 1 << 22, window, changes });
  const app = express().use(feedFileRoutes(publisher, { perMinute: 100_000 }));
  return { changes, publisher, app, clock, queries: () => publisher.stats.feedQueries + publisher.stats.fingerprintQueries };
}

async function etagOf(app: express.Express, feed: CreatedFeed, previous?: string): Promise<{ status: number; etag: string }> {
  const res = await fetchFeed(app, feed.token, previous ? { 'If-None-Match': previous } : {});
  return { status: res.status, etag: res.headers.etag! };
}

describe('revalidation from memory', () => {
  it('answers an unchanged feed with 304 and no query at all', async () => {
    const r = await rig();
    const { unitId } = await weeklySeries();
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    const first = await etagOf(r.app, feed);
    expect(first.status).toBe(200);
    const after = r.queries();
    for (let i = 0; i < 5; i++) expect(await etagOf(r.app, feed, first.etag)).toEqual({ status: 304, etag: first.etag });
    const plain = await etagOf(r.app, feed);
    expect(plain).toEqual({ status: 200, etag: first.etag });
    expect(r.queries()).toBe(after);
    expect(r.publisher.stats.renders).toBe(1);
  });

  it('gives the next request a new ETag after each change committed by another connection', async () => {
    const r = await rig();
    const { unitId, series } = await weeklySeries();
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    let etag = (await etagOf(r.app, feed)).etag;
    for (let i = 1; i <= 10; i++) {
      const heard = r.changes.generation;
      await other.query(`UPDATE activities SET title_en = $2, updated_at = now() + make_interval(secs => $3) WHERE id = $1`, [series.id, `Series ${i}`, i]);
      const next = await etagOf(r.app, feed, etag);
      expect(next.status, `change ${i}`).toBe(200);
      expect(next.etag).not.toBe(etag);
      // Heard through the notification, not found by chance: exactly one change each time.
      expect(r.changes.generation).toBe(heard + 1);
      etag = next.etag;
      const queries = r.queries();
      expect((await etagOf(r.app, feed, etag)).status).toBe(304);
      expect(r.queries()).toBe(queries);
    }
  });

  it('with a fence max age, answers polls without a new fence and still sees a change committed longer ago than that', async () => {
    const maxAgeMs = 2000;
    const r = await rig({ maxAgeMs });
    const { unitId, series } = await weeklySeries();
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    const first = await etagOf(r.app, feed);
    const fences = r.changes.fences;
    // Within the max age of the last fence: answered from memory without waiting for one (at most one
    // is sent ahead, in the background, once the last is half the max age old) and without a query.
    const queries = r.queries();
    for (let i = 0; i < 5; i++) expect((await etagOf(r.app, feed, first.etag)).status).toBe(304);
    expect(r.changes.fences - fences).toBeLessThanOrEqual(1);
    expect(r.queries()).toBe(queries);
    await other.query(`UPDATE activities SET title_en = 'Seen after the max age', updated_at = now() + interval '1 minute' WHERE id = $1`, [series.id]);
    await new Promise((resolve) => setTimeout(resolve, maxAgeMs + 50));
    const next = await etagOf(r.app, feed, first.etag);
    expect(next.status).toBe(200);
    expect(next.etag).not.toBe(first.etag);
  });

  it('with a fence max age, a write committed through this process makes its next poll wait for a fence and see it', async () => {
    const r = await rig({ maxAgeMs: 60_000 });
    onCommit(t.db.pool, () => r.changes.expire());
    const { unitId, series } = await weeklySeries();
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    const first = await etagOf(r.app, feed);
    expect((await etagOf(r.app, feed, first.etag)).status).toBe(304);
    const fences = r.changes.fences;
    await withTransaction(t.db.pool, (db) => db.query(`UPDATE activities SET title_en = 'Written here', updated_at = now() + interval '2 minutes' WHERE id = $1`, [series.id]));
    const next = await etagOf(r.app, feed, first.etag);
    expect(next.status).toBe(200);
    expect(r.changes.fences).toBe(fences + 1);
  });

  // Every table a feed reads notifies: a change to each, by another connection, gives a new ETag.
  const changes: [string, string, (s: WeeklySeries, feeds: Record<string, CreatedFeed>) => Promise<unknown>][] = [
    ['activities', 'unit', ({ series }) => other.query(`UPDATE activities SET sequence = sequence + 1, updated_at = now() + interval '1 hour' WHERE id = $1`, [series.id])],
    ['occurrences', 'unit', ({ series }) => other.query(`UPDATE occurrences SET status = 'cancelled', updated_at = now() + interval '2 hours' WHERE id = (SELECT max(id) FROM occurrences WHERE activity_id = $1)`, [series.id])],
    ['units (organizer names)', 'unit', ({ unitId }) => other.query(`UPDATE units SET name_en = 'Renamed unit', updated_at = now() + interval '3 hours' WHERE id = $1`, [unitId])],
    ['resources (venue names)', 'unit', ({ venueId }) => other.query(`UPDATE resources SET location_en = 'Hall 2', updated_at = now() + interval '4 hours' WHERE id = $1`, [venueId])],
    ['claims', 'resource', ({ series }) => other.query(`UPDATE claims SET quantity = 3, updated_at = now() + interval '5 hours' WHERE activity_id = $1`, [series.id])],
    ['registrations', 'participant', ({ series, participant }) => registerDirectly(other as unknown as pg.Pool, series.id, participant, 'Li Si')],
    ['feeds (renamed)', 'unit', (_s, feeds) => other.query(`UPDATE feeds SET name = 'Renamed', version = version + 1 WHERE id = $1`, [feeds.unit!.id])],
  ];
  it.each(changes)('hears a change to %s', async (_table, type, change) => {
    const r = await rig();
    const s = await weeklySeries();
    const feeds = {
      unit: await createFeed(t.app, { type: 'unit', unitId: s.unitId }),
      resource: await createFeed(t.app, { type: 'resource', resourceId: s.telescopes }),
      participant: await createFeed(t.app, { type: 'participant', ownerEmail: s.participant }),
    } as Record<string, CreatedFeed>;
    const before = await etagOf(r.app, feeds[type]!);
    expect((await etagOf(r.app, feeds[type]!, before.etag)).status).toBe(304);
    await change(s, feeds);
    const after = await etagOf(r.app, feeds[type]!, before.etag);
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(before.etag);
  });

  it('answers 404 at once to a token revoked or rotated by another connection', async () => {
    const r = await rig();
    const { unitId } = await weeklySeries();
    const [revoked, rotated] = [await createFeed(t.app, { type: 'unit', unitId }), await createFeed(t.app, { type: 'unit', unitId })];
    for (const feed of [revoked, rotated]) expect((await etagOf(r.app, feed)).status).toBe(200);
    expect((await etagOf(r.app, revoked)).status).toBe(200);
    await other.query('UPDATE feeds SET revoked_at = now(), version = version + 1 WHERE id = $1', [revoked.id]);
    expect((await fetchFeed(r.app, revoked.token)).status).toBe(404);
    const token = newFeedToken();
    await other.query('UPDATE feeds SET token_hash = $2, version = version + 1 WHERE id = $1', [rotated.id, hashFeedToken(token)]);
    expect((await fetchFeed(r.app, rotated.token)).status).toBe(404);
    expect((await fetchFeed(r.app, token)).status).toBe(200);
  });

  it('answers 404 at once after DELETE /feeds/{id} through the API of this process', async () => {
    await t.feedChanges.whenLive();
    const { unitId } = await weeklySeries();
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    const etag = (await etagOf(t.app, feed)).etag;
    expect((await etagOf(t.app, feed, etag)).status).toBe(304);
    expect((await t.api.delete(`/api/v1/feeds/${feed.id}`)).status).toBe(204);
    expect((await fetchFeed(t.app, feed.token, { 'If-None-Match': etag })).status).toBe(404);
  });

  it('lets remembered versions expire when the window moves at local midnight', async () => {
    const r = await rig();
    const own = (await createUnit(t.app)).id;
    // 2026-10-25 10:00 in Beijing: inside the window (30 days back) on 11-24, outside from 11-25.
    await createActivity(t.app, own, { status: 'confirmed', startsAt: '2026-10-25T10:00:00+08:00', endsAt: '2026-10-25T11:00:00+08:00' });
    const feed = await createFeed(t.app, { type: 'unit', unitId: own });
    r.clock.set('2026-11-24T00:00:00Z'); // 08:00 in Beijing
    const first = await etagOf(r.app, feed);
    const queries = r.queries();
    r.clock.set('2026-11-24T15:59:59Z'); // 23:59:59 in Beijing, same day
    expect((await etagOf(r.app, feed, first.etag)).status).toBe(304);
    expect(r.queries()).toBe(queries);
    r.clock.set('2026-11-24T16:00:00Z'); // midnight in Beijing
    const next = await etagOf(r.app, feed, first.etag);
    expect(next.status).toBe(200);
    expect(next.etag).not.toBe(first.etag);
  });
});

describe('while the listener is down', () => {
  async function killListener(r: Rig): Promise<void> {
    const lost = new Promise<void>((resolve) => r.changes.subscribe((table) => table === null && resolve()));
    const { rows } = await other.query(
      `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = 'orrery-feed-listener' AND datname = current_database()`,
    );
    expect(rows.length).toBeGreaterThan(0);
    await lost;
    expect(r.changes.live).toBe(false);
  }

  it('asks the database for every poll and sees the changes nobody could hear', async () => {
    const r = await rig({ retryMs: 3_600_000 });
    const { unitId, series } = await weeklySeries();
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    const first = await etagOf(r.app, feed);
    expect((await etagOf(r.app, feed, first.etag)).status).toBe(304);
    await killListener(r);
    await other.query(`UPDATE activities SET title_zh = '断线时改的', updated_at = now() + interval '1 day' WHERE id = $1`, [series.id]);
    const queries = r.queries();
    const next = await etagOf(r.app, feed, first.etag);
    expect(next.status).toBe(200);
    expect(next.etag).not.toBe(first.etag);
    expect((await etagOf(r.app, feed, next.etag)).status).toBe(304);
    // Two polls, each with its own token lookup and fingerprint (plus the render's own fingerprint).
    expect(r.queries() - queries).toBe(5);
    await other.query('UPDATE feeds SET revoked_at = now(), version = version + 1 WHERE id = $1', [feed.id]);
    expect((await fetchFeed(r.app, feed.token)).status).toBe(404);
  });

  it('forgets everything when it reconnects, since changes went unheard meanwhile', async () => {
    const r = await rig();
    const { unitId, series } = await weeklySeries();
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    const first = await etagOf(r.app, feed);
    expect((await etagOf(r.app, feed, first.etag)).status).toBe(304);
    await killListener(r);
    await other.query(`UPDATE activities SET title_zh = '又改了', updated_at = now() + interval '2 days' WHERE id = $1`, [series.id]);
    await r.changes.whenLive();
    const next = await etagOf(r.app, feed, first.etag);
    expect(next.status).toBe(200);
    expect(next.etag).not.toBe(first.etag);
    const queries = r.queries();
    expect((await etagOf(r.app, feed, next.etag)).status).toBe(304);
    expect(r.queries()).toBe(queries);
  });

  it('serves from the database until the listener is first live', async () => {
    const r = await rig({ live: false });
    const { unitId, series } = await weeklySeries();
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    expect(r.changes.live).toBe(false);
    const first = await etagOf(r.app, feed);
    expect(first.status).toBe(200);
    await r.changes.whenLive();
    await other.query(`UPDATE activities SET title_en = 'After start', updated_at = now() + interval '3 days' WHERE id = $1`, [series.id]);
    expect((await etagOf(r.app, feed, first.etag)).status).toBe(200);
  });
});
