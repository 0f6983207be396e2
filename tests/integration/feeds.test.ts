import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { feedPublisher } from '../../src/feeds/feeds.publish.ts';
import { feedFileRoutes } from '../../src/feeds/feeds.routes.ts';
import { renderFeed } from '../../src/feeds/ical.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { createActivity, createResource, createUnit } from '../helpers/factories.ts';
import { createFeed, feedPath, fetchFeed, textOf } from '../helpers/feeds.ts';
import { parseStrictly } from '../helpers/ical-parsers.ts';

/** Feeds over HTTP: the API, conditional requests, rotation and revocation, limits and logs. */
let t: TestContext;
let unitId: number;
let venueId: number;
beforeAll(async () => {
  t = await startTestApp();
  unitId = (await createUnit(t.app, { name: { 'zh-CN': '北京天文馆', en: 'Beijing Planetarium' } })).id;
  venueId = (await createResource(t.app, { unitId, name: { 'zh-CN': '天象厅', en: 'Dome theatre' } })).id;
});
afterAll(() => t.close());

describe('the feeds API', () => {
  it('creates a feed and shows its token and subscribe links once', async () => {
    const feed = await createFeed(t.app, { type: 'programme', ownerUnitId: unitId, filters: { kinds: ['science_show'] } });
    expect(feed.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(feed.links.https).toBe(`http://orrery.test/feeds/${feed.token}.ics`);
    expect(feed.links.webcal).toBe(`webcal://orrery.test/feeds/${feed.token}.ics`);
    expect(feed.links.google).toBe(`https://calendar.google.com/calendar/r?cid=${encodeURIComponent(feed.links.webcal)}`);
    expect(new URL(feed.links.outlook).searchParams.get('url')).toBe(feed.links.https);
    const stored = await t.db.pool.query('SELECT encode(token_hash, $2) AS h FROM feeds WHERE id = $1', [feed.id, 'hex']);
    expect(stored.rows[0].h).toHaveLength(64);
    expect(JSON.stringify(stored.rows)).not.toContain(feed.token);
    const got = await t.api.get(`/api/v1/feeds/${feed.id}`);
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('token');
    const listed = await t.api.get(`/api/v1/feeds?ownerUnitId=${unitId}&type=programme`);
    expect(listed.body.items.map((f: { id: number }) => f.id)).toContain(feed.id);
    expect(JSON.stringify(listed.body)).not.toContain(feed.token);
  });

  it('gives anyone the same public programme link for the same filters, creating the feed once', async () => {
    const ask = (filters: Record<string, unknown>) => t.api.post('/api/v1/feeds/public').send({ filters });
    const first = await ask({ kinds: ['science_show', 'exhibition'], grades: [4, 3] });
    expect(first.status).toBe(200);
    const before = await tableCounts(t.db.pool);
    const second = await ask({ grades: [3, 4, 3], kinds: ['exhibition', 'science_show'] });
    expect(second.body.links).toEqual(first.body.links);
    expect(await tableCounts(t.db.pool)).toEqual(before);
    expect(first.body.links.webcal).toMatch(/^webcal:\/\/orrery\.test\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    const feed = await t.api.get(new URL(first.body.links.https).pathname);
    expect(feed.status).toBe(200);
    expect(feed.text).toContain('X-WR-CALNAME:科学教育课程 Science programme');
    const other = await ask({ grades: [5] });
    expect(other.body.links.https).not.toBe(first.body.links.https);
    const invalid = await ask({ venueIds: [987654] });
    expect([invalid.status, invalid.body.code]).toEqual([422, 'validation_failed']);
  });

  const bad: [string, () => Record<string, unknown>][] = [
    ['an unknown field', () => ({ type: 'programme', name: 'x', ownerUnitId: unitId, colour: 'red' })],
    ['an unknown type', () => ({ type: 'everything', name: 'x', ownerUnitId: unitId })],
    ['an unknown owner unit', () => ({ type: 'programme', name: 'x', ownerUnitId: 987654 })],
    ['a venue filter naming no venue', () => ({ type: 'programme', name: 'x', ownerUnitId: unitId, filters: { venueIds: [987654] } })],
    ['an unknown filter', () => ({ type: 'programme', name: 'x', ownerUnitId: unitId, filters: { colour: ['red'] } })],
    ['a grade of 13', () => ({ type: 'programme', name: 'x', ownerUnitId: unitId, filters: { grades: [13] } })],
    ['an unknown resource', () => ({ type: 'resource', name: 'x', resourceId: 987654 })],
    ['a participant feed without a valid email', () => ({ type: 'participant', name: 'x', ownerEmail: 'not-an-email' })],
    ['an empty name', () => ({ type: 'unit', name: ' ', unitId })],
  ];
  it.each(bad)('refuses %s with 422 and changes nothing', async (_name, body) => {
    const before = await tableCounts(t.db.pool);
    const res = await t.api.post('/api/v1/feeds').send(body());
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('validation_failed');
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });

  it('renames a feed (new ETag) but refuses filters on a unit feed', async () => {
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    const etag = (await fetchFeed(t.app, feed.token)).headers.etag;
    const renamed = await t.api.patch(`/api/v1/feeds/${feed.id}`).send({ name: '天文馆日程' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.version).toBe(feed.version + 1);
    const res = await fetchFeed(t.app, feed.token, { 'If-None-Match': etag! });
    expect(res.status).toBe(200);
    expect(parseStrictly(textOf(res)).name).toBe('天文馆日程');
    const before = await tableCounts(t.db.pool);
    const filters = await t.api.patch(`/api/v1/feeds/${feed.id}`).send({ filters: { kinds: ['exhibition'] } });
    expect([filters.status, filters.body.code]).toEqual([422, 'validation_failed']);
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });
});

describe('GET and HEAD /feeds/{token}.ics', () => {
  it('serves text/calendar with a strong ETag, Last-Modified and an hourly Cache-Control; HEAD matches', async () => {
    await createActivity(t.app, unitId, { status: 'confirmed', venueId, kind: 'science_show' });
    const feed = await createFeed(t.app, { type: 'programme', ownerUnitId: unitId });
    const res = await fetchFeed(t.app, feed.token, { 'Accept-Encoding': 'identity' }); // as HEAD asks (superagent asks for gzip on GET only)
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(Date.parse(res.headers['last-modified']!)).not.toBeNaN();
    expect(res.headers['cache-control']).toBe('private, max-age=3600');
    expect(parseStrictly(textOf(res)).events).toHaveLength(1);
    const head = await t.api.head(feedPath(feed.token));
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(res.headers.etag);
    expect(head.headers['content-length']).toBe(String((res.body as Buffer).length));
    expect(head.text ?? '').toBe('');
  });

  it('is listed in /openapi.json: GET and HEAD, text/calendar, 304, 404 and 429, the token pattern the route matches', async () => {
    const doc = (await request(t.app).get('/openapi.json')).body;
    const item = doc.paths['/feeds/{token}.ics'];
    expect(Object.keys(item).sort()).toEqual(['get', 'head']);
    expect(Object.keys(item.get.responses).sort()).toEqual(['200', '304', '404', '429']);
    expect(Object.keys(item.get.responses['200'].content)).toEqual(['text/calendar']);
    expect(item.head.responses['200'].content).toBeUndefined();
    expect(item.get.responses['404'].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
    const token = item.get.parameters.find((p: { name: string }) => p.name === 'token');
    expect(token).toMatchObject({ in: 'path', required: true });
    const pattern = new RegExp(token.schema.pattern);
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    expect(pattern.test(feed.token)).toBe(true);
    expect(pattern.test(`${feed.token}x`)).toBe(false);
  });

  it('answers 304 to If-None-Match and If-Modified-Since, and the same bytes to a plain GET', async () => {
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    const first = await fetchFeed(t.app, feed.token);
    const byEtag = await fetchFeed(t.app, feed.token, { 'If-None-Match': first.headers.etag! });
    expect(byEtag.status).toBe(304);
    expect((byEtag.body as Buffer).length).toBe(0);
    const byDate = await fetchFeed(t.app, feed.token, { 'If-Modified-Since': first.headers['last-modified']! });
    expect(byDate.status).toBe(304);
    const again = await fetchFeed(t.app, feed.token);
    expect(Buffer.compare(again.body as Buffer, first.body as Buffer)).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
  });

  it('raises SEQUENCE and LAST-MODIFIED and changes the ETag when an activity moves', async () => {
    const own = await createUnit(t.app);
    const activity = await createActivity(t.app, own.id, { status: 'confirmed' });
    // as if created a minute ago, so the update's LAST-MODIFIED differs even at second resolution
    await t.db.pool.query("UPDATE activities SET updated_at = updated_at - interval '1 minute' WHERE id = $1", [activity.id]);
    const feed = await createFeed(t.app, { type: 'unit', unitId: own.id });
    const before = await fetchFeed(t.app, feed.token);
    const old = parseStrictly(textOf(before)).events[0]!;
    const moved = await t.api.patch(`/api/v1/activities/${activity.id}`).send({ startsAt: '2027-03-02T14:00:00+08:00', endsAt: '2027-03-02T16:00:00+08:00' });
    expect(moved.status).toBe(200);
    const after = await fetchFeed(t.app, feed.token, { 'If-None-Match': before.headers.etag! });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const now = parseStrictly(textOf(after)).events[0]!;
    expect(now.sequence).toBe(old.sequence + 1);
    expect(now.start).toBe('2027-03-02T14:00:00+08:00');
    const stamp = (text: string) => /LAST-MODIFIED:(\d{8}T\d{6}Z)/.exec(text)![1]!;
    expect(stamp(textOf(after)) > stamp(textOf(before))).toBe(true);
  });

  it('answers 404 problems (never 401) to unknown, malformed, rotated and revoked tokens', async () => {
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    for (const path of [feedPath('A'.repeat(43)), '/feeds/short.ics', `/feeds/${feed.token}.txt`]) {
      const res = await t.api.get(path);
      expect([res.status, res.body.code], path).toEqual([404, 'not_found']);
    }
    const rotated = await t.api.post(`/api/v1/feeds/${feed.id}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.token).not.toBe(feed.token);
    expect(rotated.body.links.https).toContain(rotated.body.token);
    expect((await fetchFeed(t.app, feed.token)).status).toBe(404);
    expect((await fetchFeed(t.app, rotated.body.token)).status).toBe(200);
    expect((await t.api.delete(`/api/v1/feeds/${feed.id}`)).status).toBe(204);
    const revoked = await t.api.get(feedPath(rotated.body.token));
    expect(revoked.status).toBe(404);
    expect(revoked.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(revoked.body)).not.toContain(rotated.body.token);
    expect((await t.api.head(feedPath(rotated.body.token))).status).toBe(404);
    const again = await t.api.post(`/api/v1/feeds/${feed.id}/rotate`);
    expect([again.status, again.body.code]).toEqual([409, 'feed_revoked']);
    const audit = await t.api.get(`/api/v1/audit?entity=feed&entityId=${feed.id}`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['revoke', 'rotate', 'create']);
    expect(JSON.stringify(audit.body)).not.toContain(rotated.body.token);
  });
});

describe('serving costs and safety', () => {
  it('answers a revalidation with 304 without rendering, and renders a changed feed once', async () => {
    let renders = 0;
    const publisher = feedPublisher(t.db.pool, t.clock, {
      publicBaseUrl: t.config.publicBaseUrl, cacheBytes: 1 << 20,
      window: { pastDays: 30, schoolYearEnd: '08-31', cancelledDays: 14, timeZone: 'Asia/Shanghai' },
      render: (...args) => { renders++; return renderFeed(...args); },
    });
    const app = express().use(feedFileRoutes(publisher, { perMinute: 1000 }));
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    const first = await fetchFeed(app, feed.token);
    expect(renders).toBe(1);
    for (let i = 0; i < 3; i++) expect((await fetchFeed(app, feed.token, { 'If-None-Match': first.headers.etag! })).status).toBe(304);
    await fetchFeed(app, feed.token);
    expect(renders).toBe(1);
    await createActivity(t.app, unitId, { status: 'confirmed', startsAt: '2027-04-01T09:00:00+08:00', endsAt: '2027-04-01T10:00:00+08:00' });
    const changed = await Promise.all([1, 2, 3].map(() => fetchFeed(app, feed.token, { 'If-None-Match': first.headers.etag! })));
    expect(changed.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(renders).toBe(2);
  });

  it('limits requests per token with a 429 problem, leaving other tokens alone', async () => {
    const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: t.db.url, PUBLIC_BASE_URL: 'http://orrery.test', FEED_RATE_LIMIT_PER_MINUTE: '3' });
    const app = buildApp({ config, pool: t.db.pool, log: createLogger('silent'), clock: new FixedClock('2026-11-24T00:00:00Z') });
    const [a, b] = [await createFeed(t.app, { type: 'unit', unitId }), await createFeed(t.app, { type: 'unit', unitId })];
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(app).get(feedPath(a.token))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await request(app).get(feedPath(a.token));
    expect(limited.body.code).toBe('rate_limited');
    expect((await request(app).get(feedPath(b.token))).status).toBe(200);
  });

  it('never writes a feed token into the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const app = buildApp({ config: t.config, pool: t.db.pool, log: createLogger('trace', sink), clock: t.clock });
    const feed = await createFeed(t.app, { type: 'unit', unitId });
    await request(app).get(feedPath(feed.token));
    await request(app).get(`/feeds/${feed.token}.txt`);
    await request(app).post(`/api/v1/feeds/${feed.id}/rotate`).set(t.admin);
    expect(lines.join('\n')).toContain('/feeds/[redacted]');
    expect(lines.join('\n')).not.toContain(feed.token);
  });
});
