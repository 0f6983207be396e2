import express from 'express';
import type request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { feedChangeListener } from '../../src/feeds/changes.ts';
import { feedPublisher } from '../../src/feeds/feeds.publish.ts';
import { feedFileRoutes } from '../../src/feeds/feeds.routes.ts';
import { stampFeedVersion } from '../../src/feeds/feeds.queries.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';
import { createFeed, fetchFeed, textOf, type CreatedFeed } from '../helpers/feeds.ts';

/**
 * Both validators are exact (issue 10, item 9): whenever a feed's bytes change, a GET with
 * If-Modified-Since set to the Last-Modified just received answers 200, as one with If-None-Match
 * does — for an edit within the same second, an event made internal, an event filtered out; and
 * 304 for both while the bytes stay the same, as the clock moves and on another instance.
 */
// One app for the file; each test makes its own units, and starts at the same instant (the first
// test moves the clock).
const start = '2026-11-24T00:00:00Z';
const clock = new FixedClock(start);
let t: TestContext;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
beforeEach(() => clock.set(start));
afterAll(() => t.close());

interface Seen {
  lastModified: string;
  etag: string;
  text: string;
}

async function get(app: express.Express, feed: CreatedFeed, headers: Record<string, string> = {}): Promise<request.Response> {
  return fetchFeed(app, feed.token, headers);
}

async function seen(app: express.Express, feed: CreatedFeed): Promise<Seen> {
  const res = await get(app, feed);
  expect(res.status).toBe(200);
  return { lastModified: res.headers['last-modified']!, etag: res.headers.etag!, text: textOf(res) };
}

/** What a client holding `s` gets from each validator on its own. */
async function revalidate(app: express.Express, feed: CreatedFeed, s: Seen): Promise<{ ims: number; inm: number }> {
  const ims = await get(app, feed, { 'If-Modified-Since': s.lastModified });
  const inm = await get(app, feed, { 'If-None-Match': s.etag });
  return { ims: ims.status, inm: inm.status };
}

/** After a change: both validators say 200, the bytes differ, Last-Modified moved forward. */
async function expectChanged(feed: CreatedFeed, before: Seen, what: string): Promise<Seen> {
  expect(await revalidate(t.app, feed, before), what).toEqual({ ims: 200, inm: 200 });
  const now = await seen(t.app, feed);
  expect(now.text, what).not.toBe(before.text);
  expect(Date.parse(now.lastModified), what).toBeGreaterThan(Date.parse(before.lastModified));
  expect(await revalidate(t.app, feed, now), `${what}, then unchanged`).toEqual({ ims: 304, inm: 304 });
  return now;
}

describe('feed validators', () => {
  it('change whenever the bytes change: edit within the same second, made internal, filtered out', async () => {
    const [unitId, otherUnit] = [(await createUnit(t.app)).id, (await createUnit(t.app)).id];
    const at = (day: string) => ({ startsAt: `2027-03-${day}T09:00:00+08:00`, endsAt: `2027-03-${day}T10:00:00+08:00` });
    const kept = await createActivity(t.app, unitId, { ...at('02'), status: 'confirmed', kind: 'science_show' });
    const edited = await createActivity(t.app, unitId, { ...at('03'), status: 'confirmed', kind: 'science_show', title: { 'zh-CN': '原名', en: 'First title' } });
    const other = await createActivity(t.app, otherUnit, { ...at('04'), status: 'confirmed', kind: 'exhibition', title: { 'zh-CN': '别的', en: 'OTHER-UNIT' } });
    const feed = await createFeed(t.app, { type: 'programme', ownerUnitId: unitId, filters: { unitIds: [unitId, otherUnit] } });
    let s = await seen(t.app, feed);
    expect(await revalidate(t.app, feed, s)).toEqual({ ims: 304, inm: 304 });

    // Three edits, each within the same second as the fetch before it (the clock does not move).
    for (const title of ['Second title', 'Third title', 'Fourth title']) {
      expect((await t.api.patch(`/api/v1/activities/${edited.id}`).send({ title: { 'zh-CN': '改名', en: title } })).status).toBe(200);
      s = await expectChanged(feed, s, `edit to ${title}`);
      expect(s.text).toContain(title);
    }

    clock.advance({ minutes: 30 });
    expect(await revalidate(t.app, feed, s), 'unchanged while the clock moves').toEqual({ ims: 304, inm: 304 });

    expect((await t.api.patch(`/api/v1/activities/${edited.id}`).send({ visibility: 'internal' })).status).toBe(200);
    s = await expectChanged(feed, s, 'made internal');
    expect(s.text).not.toContain('Fourth title');

    expect((await t.api.patch(`/api/v1/feeds/${feed.id}`).send({ filters: { unitIds: [unitId] } })).status).toBe(200);
    s = await expectChanged(feed, s, 'filtered out');
    expect(s.text).not.toContain('OTHER-UNIT');
    expect(s.text).toContain(`activity-${kept.id}@`);
    expect(other.id).toBeGreaterThan(0);

    clock.advance({ seconds: 1 });
    expect((await t.api.patch(`/api/v1/activities/${kept.id}`).send({ status: 'cancelled' })).status).toBeLessThan(300);
    s = await expectChanged(feed, s, 'cancelled');
  });

  it('are the same on another instance (and after a restart): the last change is stored', async () => {
    const unitId = (await createUnit(t.app)).id;
    await createActivity(t.app, unitId, { startsAt: '2027-04-02T09:00:00+08:00', endsAt: '2027-04-02T10:00:00+08:00', status: 'confirmed' });
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    const s = await seen(t.app, feed);
    const changes = feedChangeListener(t.db.url, createLogger('silent'));
    try {
      await changes.whenLive();
      const later = new FixedClock(clock.now().plus({ hours: 5 }));
      const publisher = feedPublisher(t.db.pool, later, {
        publicBaseUrl: t.config.publicBaseUrl, cacheBytes: 1 << 20, changes,
        window: { pastDays: 30, schoolYearEnd: '08-31', cancelledDays: 14, timeZone: 'Asia/Shanghai' },
      });
      const second = express().use(feedFileRoutes(publisher, { perMinute: 100_000 }));
      const there = await get(second, feed);
      expect(there.headers['last-modified']).toBe(s.lastModified);
      expect(await revalidate(second, feed, s)).toEqual({ ims: 304, inm: 304 });
    } finally {
      await changes.close();
    }
  });

  it('instances stamping the same change at once agree on one Last-Modified, one second past the last', async () => {
    const feed = await createFeed(t.app, { type: 'unit', unitId: (await createUnit(t.app)).id });
    const first = await stampFeedVersion(t.db.pool, feed.id, 'key-1', new Date('2026-11-24T00:00:00Z'));
    const racing = await Promise.all(Array.from({ length: 8 }, () => stampFeedVersion(t.db.pool, feed.id, 'key-2', new Date('2026-11-24T00:00:00Z'))));
    expect(new Set(racing.map((d) => d.getTime()))).toEqual(new Set([first.getTime() + 1000]));
    expect((await stampFeedVersion(t.db.pool, feed.id, 'key-2', new Date('2027-01-01T00:00:00Z'))).getTime()).toBe(first.getTime() + 1000);
    expect((await stampFeedVersion(t.db.pool, feed.id, 'key-1', new Date('2027-01-01T00:00:00Z'))).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});
