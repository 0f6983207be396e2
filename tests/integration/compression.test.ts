import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedPublisher, type FeedPublisher } from '../../src/feeds/feeds.publish.ts';
import { feedFileRoutes } from '../../src/feeds/feeds.routes.ts';
import { listen, startTestApp, type TestContext } from '../helpers/app.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';
import { createFeed } from '../helpers/feeds.ts';

/**
 * gzip and brotli where the client asks (issue 23 item 4): feeds from copies compressed once per
 * version (src/feeds/feeds.routes.ts), pages, JSON and static assets by the compression middleware
 * (src/http/compression.ts). Bodies are read raw off the socket and decoded with node's zlib; each
 * coding must revalidate to a 304 with its own ETag and Vary: Accept-Encoding.
 */
let t: TestContext;
let server: Awaited<ReturnType<typeof listen>>;
let bare: Awaited<ReturnType<typeof listen>>;
let publisher: FeedPublisher;
let token: string;
let otherToken: string;

beforeAll(async () => {
  t = await startTestApp();
  server = await listen(t.app);
  const unitId = (await createUnit(t.app)).id;
  for (let i = 0; i < 12; i++) await createActivity(t.app, unitId, { status: 'confirmed', startsAt: `2026-12-${String(i + 1).padStart(2, '0')}T01:00:00Z`, endsAt: `2026-12-${String(i + 1).padStart(2, '0')}T02:00:00Z` });
  token = (await createFeed(t.app, { type: 'unit', unitId })).token;
  otherToken = (await createFeed(t.app, { type: 'unit', unitId, name: 'Other' })).token;
  // The feed route alone, with its publisher in reach: how often it compressed.
  publisher = feedPublisher(t.db.pool, t.clock, { publicBaseUrl: t.config.publicBaseUrl, cacheBytes: 1 << 22, window: { pastDays: 30, schoolYearEnd: '08-31', cancelledDays: 14, timeZone: 'Asia/Shanghai' } });
  bare = await listen(express().use(feedFileRoutes(publisher, { perMinute: 100_000 })));
});
afterAll(async () => {
  await Promise.all([server?.close(), bare?.close()]);
  await t.close();
});

interface Raw { status: number; headers: http.IncomingHttpHeaders; raw: Buffer; body: Buffer }

/** One request with exactly these headers (no client adds or decodes anything); the body decoded by its Content-Encoding. */
function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const coding = res.headers['content-encoding'];
        const body = raw.length === 0 ? raw : coding === 'br' ? brotliDecompressSync(raw) : coding === 'gzip' ? gunzipSync(raw) : raw;
        resolve({ status: res.statusCode!, headers: res.headers, raw, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const varies = (r: Raw) => String(r.headers.vary ?? '').split(',').map((v) => v.trim().toLowerCase()).includes('accept-encoding');

describe('feeds', () => {
  it('come in brotli or gzip as asked, each coding with its own ETag that revalidates to a 304, identity otherwise', async () => {
    const path = `/feeds/${token}.ics`;
    const plain = await get(server.url, path);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(varies(plain)).toBe(true);
    expect(plain.body.toString()).toContain('BEGIN:VCALENDAR');
    const tag = plain.headers.etag!;
    for (const [accept, coding] of [['br', 'br'], ['gzip, deflate', 'gzip'], ['gzip;q=1, br;q=0.5', 'gzip'], ['br;q=0, gzip', 'gzip'], ['*', 'br']] as const) {
      const res = await get(server.url, path, { 'Accept-Encoding': accept });
      expect(res.status, accept).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(coding);
      expect(varies(res)).toBe(true);
      expect(res.headers.etag).toBe(`${tag.slice(0, -1)}-${coding}"`);
      expect(res.body.equals(plain.body), accept).toBe(true);
      expect(Number(res.headers['content-length'])).toBe(res.raw.length);
      expect(res.raw.length).toBeLessThan(plain.raw.length / 3);
      // Revalidating the compressed copy: a 304 naming it, Vary included, no body.
      const again = await get(server.url, path, { 'Accept-Encoding': accept, 'If-None-Match': res.headers.etag! });
      expect({ status: again.status, etag: again.headers.etag, varies: varies(again), bytes: again.raw.length }).toEqual({ status: 304, etag: res.headers.etag, varies: true, bytes: 0 });
      // HEAD gives GET's headers for the same coding.
      const head = await get(server.url, path, { 'Accept-Encoding': accept }, 'HEAD');
      expect([head.headers.etag, head.headers['content-length'], head.headers['content-encoding']]).toEqual([res.headers.etag, res.headers['content-length'], coding]);
    }
    // Another coding's tag does not name these bytes: the full copy, in the coding asked for.
    const switched = await get(server.url, path, { 'Accept-Encoding': 'br', 'If-None-Match': tag });
    expect([switched.status, switched.headers['content-encoding']]).toEqual([200, 'br']);
    expect((await get(server.url, path, { 'If-None-Match': tag })).status).toBe(304);
    expect((await get(server.url, path, { 'Accept-Encoding': 'identity', 'If-None-Match': tag })).status).toBe(304);
  });

  it('are compressed once per version and coding, however many polls ask; a 304 compresses nothing', async () => {
    const path = `/feeds/${otherToken}.ics`;
    const first = await Promise.all(Array.from({ length: 8 }, () => get(bare.url, path, { 'Accept-Encoding': 'br' })));
    expect(new Set(first.map((r) => r.headers.etag)).size).toBe(1);
    expect(publisher.stats).toMatchObject({ renders: 1, encodings: 1 });
    for (let i = 0; i < 5; i++) await get(bare.url, path, { 'Accept-Encoding': 'gzip' });
    for (let i = 0; i < 5; i++) expect((await get(bare.url, path, { 'Accept-Encoding': 'br', 'If-None-Match': first[0]!.headers.etag! })).status).toBe(304);
    expect(publisher.stats).toMatchObject({ renders: 1, encodings: 2 });
  });
});

describe('pages, JSON and static assets', () => {
  for (const [what, path] of [['JSON', '/openapi.json'], ['a page', '/'], ['a static asset', '/vendor/fullcalendar/index.global.min.js']] as const) {
    it(`${what} (${path}) in brotli or gzip as asked, with one weak ETag that revalidates every coding to a 304`, async () => {
      const plain = await get(server.url, path);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(varies(plain)).toBe(true);
      const tag = plain.headers.etag!;
      expect(tag).toMatch(/^W\//);
      for (const coding of ['br', 'gzip']) {
        const res = await get(server.url, path, { 'Accept-Encoding': coding });
        expect(res.headers['content-encoding']).toBe(coding);
        expect(varies(res)).toBe(true);
        expect(res.body.equals(plain.body)).toBe(true);
        expect(res.raw.length).toBeLessThan(plain.raw.length);
        expect(res.headers.etag).toBe(tag);
        const again = await get(server.url, path, { 'Accept-Encoding': coding, 'If-None-Match': tag });
        expect({ status: again.status, varies: varies(again), bytes: again.raw.length, encoding: again.headers['content-encoding'] }).toEqual({ status: 304, varies: true, bytes: 0, encoding: undefined });
      }
    });
  }

  it('API answers (no-store JSON) are compressed too; small bodies and HEAD are left alone', async () => {
    const list = await get(server.url, '/api/v1/openapi-probe-that-does-not-exist', { 'Accept-Encoding': 'br' });
    expect(list.status).toBe(404);
    expect(list.headers['content-encoding']).toBeUndefined(); // a problem body is far below 1 KB
    const units = await get(server.url, '/api/v1/units?limit=100', { 'Accept-Encoding': 'gzip', ...t.admin });
    expect(units.status).toBe(200);
    expect(JSON.parse(units.body.toString())).toHaveProperty('items');
    const head = await get(server.url, '/openapi.json', { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.headers['content-encoding']).toBeUndefined();
  });
});
