import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import express from 'express';
import { benchDatabase, percentile, report } from './lib/db.ts';
import { summary } from './lib/summary.ts';
import { buildApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { createLogger } from '../src/shared/logger.ts';
import { FixedClock } from '../src/shared/clock.ts';
import { systemActor } from '../src/shared/actor.ts';
import { feedsService } from '../src/feeds/feeds.service.ts';
import { selectFeedActivities } from '../src/feeds/feeds.queries.ts';
import { renderFeed } from '../src/feeds/ical.ts';
import { feedWindow } from '../src/feeds/window.ts';
import { feedChangeListener } from '../src/feeds/changes.ts';
import { feedPublisher, toFeedActivity } from '../src/feeds/feeds.publish.ts';
import { feedFileRoutes } from '../src/feeds/feeds.routes.ts';
import { encode } from '../src/http/content-coding.ts';

/**
 * A programme feed of 5,000 activities (200 of them weekly series with cancelled and moved
 * occurrences): render time, then requests per second for a full fetch and a 304 revalidation by
 * 50 concurrent keep-alive clients on loopback, beside Express serving the same bytes as a static
 * file (full fetch and 304). Goals: the feed's 304 through the whole app ≥ the static file's 304
 * rate (issue 23; like for like: both answer a revalidation; full fetches are compared too); a full
 * render under 200 ms. Compression: the feed's brotli and gzip sizes and the time to make them
 * (once per version), and the full-fetch rate without Accept-Encoding and with gzip and br; the 304
 * rounds include a brotli client's revalidation (its own ETag), which must cost what a plain one does.
 * The feed's 304 is measured through the whole app with the change listener (fence + memory, no
 * query), through its route alone in a bare Express app (the baseline's setting), and through the
 * app without the listener (a token lookup and a fingerprint query per poll).
 * BENCH_SECONDS (3) per run, BENCH_ROUNDS (5) alternating rounds of the 304 comparison.
 */
const EVENTS = 5000;
const SERIES = 200;
const CLIENTS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const clock = new FixedClock('2026-11-24T02:00:00Z');

process.stdout.write(`machine load (1/5/15 min) at the start: ${(await readFile('/proc/loadavg', 'utf8').catch(() => 'n/a')).split(' ').slice(0, 3).join(' ')}\n`);
const db = await benchDatabase(20);
const { pool } = db;

async function seed(): Promise<number> {
  const unit = await pool.query<{ id: number }>(`INSERT INTO units (slug, kind, name_zh, name_en) VALUES ('planetarium', 'academy_unit', '北京天文馆', 'Beijing Planetarium') RETURNING id`);
  const unitId = unit.rows[0]!.id;
  await pool.query(`INSERT INTO resources (unit_id, kind, name_zh, name_en, location_zh, location_en)
                    SELECT $1, 'venue', '报告厅' || g, 'Lecture hall ' || g, '北京市西城区西直门外大街138号', '138 Xizhimenwai Street, Xicheng District, Beijing' FROM generate_series(1, 10) g`, [unitId]);
  // One-off activities spread over the school year, 1 in 5 in New York time; the first SERIES are weekly series.
  await pool.query(
    `INSERT INTO activities (kind, title_zh, title_en, description_zh, description_en, organizer_unit_id,
                             starts_at, ends_at, time_zone, status, visibility, audience_grades, languages, sequence, recurrence_rule)
     SELECT 'science_show', '科学表演：星空与宇宙的奥秘 第' || g || '场', 'Science show: secrets of the starry sky, no. ' || g,
            '请提前十分钟到场，带上笔记本。', 'Please arrive ten minutes early and bring a notebook; parents welcome.',
            $1,
            timestamptz '2026-11-02 01:00+00' + (g * interval '83 minutes'),
            timestamptz '2026-11-02 02:30+00' + (g * interval '83 minutes'),
            CASE WHEN g % 5 = 0 THEN 'America/New_York' ELSE 'Asia/Shanghai' END, 'confirmed', 'public', '{3,4,5}', '{zh-CN,en}', g % 3,
            CASE WHEN g <= $3 THEN 'FREQ=WEEKLY;BYDAY=' || (ARRAY['MO','TU','WE','TH','FR','SA','SU'])[1 + extract(isodow FROM timestamptz '2026-11-02 01:00+00' + (g * interval '83 minutes'))::int - 1] || ';COUNT=30' END
       FROM generate_series(1, $2::int) g`,
    [unitId, EVENTS, SERIES],
  );
  // Occurrences of the series (weekly, same wall-clock time; close enough for a load test), two cancelled and one moved each.
  await pool.query(
    `INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at, status)
     SELECT a.id, a.starts_at + w * interval '7 days',
            a.starts_at + w * interval '7 days' + CASE WHEN w = 5 THEN interval '1 day' ELSE interval '0' END,
            a.ends_at + w * interval '7 days' + CASE WHEN w = 5 THEN interval '1 day' ELSE interval '0' END,
            CASE WHEN w IN (3, 9) THEN 'cancelled' ELSE 'scheduled' END
       FROM activities a, generate_series(0, 29) w WHERE a.recurrence_rule IS NOT NULL`,
  );
  await pool.query(`INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at) SELECT id, starts_at, starts_at, ends_at FROM activities WHERE recurrence_rule IS NULL`);
  // Each activity's venue is its venue claim (migration 0023). The feeds read only the venue's name, so
  // the claims are written without deriving bookings (the load's series would overlap at a venue).
  await pool.query('ALTER TABLE claims DISABLE TRIGGER USER');
  await pool.query(`INSERT INTO claims (activity_id, resource_id, is_venue)
                    SELECT a.id, (SELECT min(id) FROM resources) + (row_number() OVER (ORDER BY a.id)) % 10, true FROM activities a`);
  await pool.query('ALTER TABLE claims ENABLE TRIGGER USER');
  await pool.query('ANALYZE');
  return unitId;
}

interface LoadResult { requests: number; total: number; seconds: number; statuses: Record<string, number>; latencies: number[]; cpuMs: number }

/**
 * One closed-loop run. The load generator is a worker thread sharing the machine's cores with the
 * server (and with whatever else runs), so requests/s move with the machine's load; the server's own
 * cost is measured apart as the main thread's CPU time per request, which other load does not inflate
 * (PostgreSQL's share is not in it: the fallback path's queries, the listener's fences).
 */
async function load(url: string, headers: Record<string, string>): Promise<LoadResult> {
  const worker = new Worker(new URL('./lib/load-worker.ts', import.meta.url), { workerData: { url, headers, clients: CLIENTS, seconds: SECONDS } });
  const before = process.threadCpuUsage();
  const result = await new Promise<Omit<LoadResult, 'cpuMs'>>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const cpu = process.threadCpuUsage(before);
  return { ...result, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function listen(app: express.Express): Promise<{ url: string; server: http.Server }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function rate(name: string, r: LoadResult): number {
  const perSecond = r.requests / r.seconds;
  report(name, {
    'requests/s': perSecond, 'p50 latency ms': percentile(r.latencies, 50), 'p95 latency ms': percentile(r.latencies, 95),
    'server CPU µs per request': (r.cpuMs * 1000) / r.total, statuses: JSON.stringify(r.statuses),
  });
  return perSecond;
}

try {
  const unitId = await seed();
  const config = parseConfig({ NODE_ENV: 'production', DATABASE_URL: db.url, PUBLIC_BASE_URL: 'https://orrery.example.org', RATE_LIMIT_PER_MINUTE: '100000000', FEED_RATE_LIMIT_PER_MINUTE: '100000000', WORKER_IN_SERVER: 'false', ORRERY_SECRET: 'x'.repeat(40) });
  const feed = await feedsService(pool, { publicBaseUrl: config.publicBaseUrl, secret: 'x'.repeat(40) }).create(systemActor, { type: 'programme', name: '北京学校科学课程', description: '', language: 'both', ownerUnitId: unitId, filters: {} });

  // Render time: the rows once, then the pure renderer.
  const window = feedWindow(clock.now(), { pastDays: 30, schoolYearEnd: '08-31', cancelledDays: 14, timeZone: 'Asia/Shanghai' });
  const queryStarted = performance.now();
  const rows = (await selectFeedActivities(pool, { ...feed, revokedAt: null }, window)).map(toFeedActivity);
  const queryMs = performance.now() - queryStarted;
  const info = { name: feed.name, description: '', language: 'both' as const, publicBaseUrl: config.publicBaseUrl };
  const renders: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 15; i++) {
    const started = performance.now();
    bytes = Buffer.byteLength(renderFeed(info, rows));
    renders.push(performance.now() - started);
  }
  const warm = renders.slice(1);
  report(`render: ${rows.length} activities (${rows.filter((r) => r.recurrenceRule).length} series)`, {
    'rows query ms': queryMs, 'first render ms': renders[0]!, 'render median ms': percentile(warm, 50), 'render p95 ms': percentile(warm, 95),
    'feed size KiB': bytes / 1024, 'goal: render median < 200 ms': percentile(warm, 50) < 200 ? 'met' : 'NOT MET',
  });
  const text = Buffer.from(renderFeed(info, rows));
  const coded: Record<string, number> = {};
  for (const coding of ['gzip', 'br'] as const) {
    const started = performance.now();
    const encoded = await encode(text, coding);
    coded[`${coding} KiB`] = encoded.length / 1024;
    coded[`${coding} ms (once per version, off the event loop)`] = performance.now() - started;
    coded[`${coding} / identity size`] = encoded.length / text.length;
  }
  report('compressed copies of the feed', { 'identity KiB': text.length / 1024, ...coded });

  // HTTP: the real app, and Express serving the same bytes as a static file.
  // The listener as main.ts makes it (FEED_FENCE_MAX_AGE_MS), and one that waits for a fresh fence on every poll (0).
  const feedChanges = feedChangeListener(db.url, createLogger('silent'), { maxAgeMs: config.feedFenceMaxAgeMs });
  const strictChanges = feedChangeListener(db.url, createLogger('silent'), { maxAgeMs: 0 });
  await Promise.all([feedChanges.whenLive(), strictChanges.whenLive()]);
  const app = buildApp({ config, pool, log: createLogger('silent'), clock, feedChanges });
  const { url, server } = await listen(app);
  const feedUrl = `${url}/feeds/${feed.token}.ics`;
  const strict = await listen(buildApp({ config, pool, log: createLogger('silent'), clock, feedChanges: strictChanges }));
  const strictUrl = `${strict.url}/feeds/${feed.token}.ics`;
  await fetch(strictUrl);
  // The same app without the listener: every poll asks the database (the fallback path).
  const direct = await listen(buildApp({ config, pool, log: createLogger('silent'), clock }));
  const directUrl = `${direct.url}/feeds/${feed.token}.ics`;
  const first = await fetch(feedUrl, { headers: { 'Accept-Encoding': 'identity' } }); // fetch asks for br by default
  const body = Buffer.from(await first.arrayBuffer());
  const etag = first.headers.get('etag')!;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'orrery-feed-bench-'));
  await writeFile(path.join(dir, 'feed.ics'), body);
  const staticApp = express();
  staticApp.use(express.static(dir));
  const baseline = await listen(staticApp);
  const staticUrl = `${baseline.url}/feed.ics`;
  const staticEtag = (await fetch(staticUrl)).headers.get('etag')!;

  // The feed route alone in a bare Express app, like the baseline: the feed path's own cost, without
  // the whole app's middleware (request logging, the feed security headers) that every response pays.
  const bare = await listen(express().use(feedFileRoutes(feedPublisher(pool, clock, {
    publicBaseUrl: config.publicBaseUrl, cacheBytes: 64 << 20, changes: feedChanges,
    window: { pastDays: 30, schoolYearEnd: '08-31', cancelledDays: 14, timeZone: 'Asia/Shanghai' },
  }), { perMinute: 100_000_000 })));
  const bareUrl = `${bare.url}/feeds/${feed.token}.ics`;
  await fetch(bareUrl);

  const staticFull = rate(`static file, full fetch (${CLIENTS} clients, ${SECONDS} s)`, await load(staticUrl, {}));
  const feedFull = rate('feed, full fetch without Accept-Encoding (listener; cached bytes after the first render)', await load(feedUrl, {}));
  await fetch(feedUrl, { headers: { 'Accept-Encoding': 'gzip' } }); // the compressed copies are made once per version: not in the timing
  const feedGzip = rate('feed, full fetch, Accept-Encoding: gzip (cached compressed copy)', await load(feedUrl, { 'Accept-Encoding': 'gzip' }));
  const brEtag = (await fetch(feedUrl, { headers: { 'Accept-Encoding': 'br' } })).headers.get('etag')!;
  const feedBr = rate('feed, full fetch, Accept-Encoding: br (cached compressed copy)', await load(feedUrl, { 'Accept-Encoding': 'br' }));
  const direct304 = rate('feed, 304 revalidation without listener (token + fingerprint queries per poll)', await load(directUrl, { 'If-None-Match': etag }));
  // The goal's comparison in alternating rounds, so a burst of other work on the machine hits every
  // side alike; each ratio is taken within a round, and the medians over rounds are the figures.
  const sides = {
    static: { url: staticUrl, etag: staticEtag },
    app: { url: feedUrl, etag },
    appBr: { url: feedUrl, etag: brEtag, headers: { 'Accept-Encoding': 'br' } },
    bare: { url: bareUrl, etag },
    appStrict: { url: strictUrl, etag },
  } as Record<'static' | 'app' | 'appBr' | 'bare' | 'appStrict', { url: string; etag: string; headers?: Record<string, string> }>;
  type Side = keyof typeof sides;
  const rounds: Record<Side, { rate: number; cpu: number }>[] = [];
  process.stdout.write(`\n304 revalidations, ${ROUNDS} alternating rounds (requests/s, server CPU µs per request)\n`);
  for (let round = 1; round <= ROUNDS; round++) {
    const figures = {} as Record<Side, { rate: number; cpu: number }>;
    const fencesBefore = feedChanges.fences + strictChanges.fences;
    let fenced = 0;
    for (const side of Object.keys(sides) as Side[]) {
      const r = await load(sides[side].url, { 'If-None-Match': sides[side].etag, ...sides[side].headers });
      if (side !== 'static') fenced += r.total;
      if (Object.keys(r.statuses).join() !== '304') throw new Error(`${side}: expected only 304s, got ${JSON.stringify(r.statuses)}`);
      figures[side] = { rate: r.requests / r.seconds, cpu: (r.cpuMs * 1000) / r.total };
    }
    rounds.push(figures);
    const line = (Object.keys(sides) as Side[]).map((side) => `${side} ${figures[side].rate.toFixed(0)}/s ${figures[side].cpu.toFixed(1)} µs`).join(', ');
    process.stdout.write(`  round ${round}: ${line}, ${(fenced / (feedChanges.fences + strictChanges.fences - fencesBefore)).toFixed(1)} requests per fence\n`);
  }
  const median = (pick: (r: (typeof rounds)[number]) => number) => percentile(rounds.map(pick), 50);
  const goal = median((r) => r.app.rate / r.static.rate);
  report('ratios (304 figures: medians over the rounds)', {
    'static 304 requests/s': median((r) => r.static.rate),
    'feed 304 requests/s (whole app)': median((r) => r.app.rate),
    'feed 304 requests/s (whole app, brotli client)': median((r) => r.appBr.rate),
    'feed 304 requests/s (feed route alone)': median((r) => r.bare.rate),
    'feed 304 / static 304, whole app (the goal)': goal,
    'feed 304 / static 304, whole app, brotli client': median((r) => r.appBr.rate / r.static.rate),
    'feed 304 / static 304, feed route alone': median((r) => r.bare.rate / r.static.rate),
    'feed 304 / static 304, whole app, FEED_FENCE_MAX_AGE_MS=0 (a fresh fence per poll)': median((r) => r.appStrict.rate / r.static.rate),
    'CPU per 304, static / whole app': median((r) => r.static.cpu / r.app.cpu),
    'CPU per 304, static / feed route alone': median((r) => r.static.cpu / r.bare.cpu),
    'feed 304 / static full fetch': median((r) => r.app.rate) / staticFull,
    'feed full / static full fetch': feedFull / staticFull,
    'feed full gzip / feed full identity': feedGzip / feedFull,
    'feed full br / feed full identity': feedBr / feedFull,
    'feed 304 with / without listener': median((r) => r.app.rate) / direct304,
    'goal: feed 304 >= 1.0 x static 304 (whole app)': goal >= 1 ? 'met' : 'NOT MET',
    'machine load (1/5/15 min) at the end': (await readFile('/proc/loadavg', 'utf8').catch(() => 'n/a')).split(' ').slice(0, 3).join(' '),
  });
  summary([
    { figure: 'feed 304 / static 304, whole app', value: goal, goal: { op: '>=', value: 1 }, note: `median of ${ROUNDS} rounds of ${SECONDS} s` },
    { figure: 'feed 304 / static 304, feed route alone', value: median((r) => r.bare.rate / r.static.rate), goal: { op: '>=', value: 1 } },
    { figure: 'feed 304 / static 304, whole app, fresh fence per poll', value: median((r) => r.appStrict.rate / r.static.rate), note: 'FEED_FENCE_MAX_AGE_MS=0, for comparison' },
    { figure: 'feed size, identity', value: text.length / 1024, unit: 'KiB', note: `${EVENTS} activities` },
    { figure: 'feed size, gzip', value: coded['gzip KiB']!, unit: 'KiB', note: `${(coded['gzip / identity size']! * 100).toFixed(1)} % of identity` },
    { figure: 'feed size, brotli', value: coded['br KiB']!, unit: 'KiB', note: `${(coded['br / identity size']! * 100).toFixed(1)} % of identity` },
    { figure: 'feed full fetch, identity / static full', value: feedFull / staticFull, note: `${feedFull.toFixed(0)}/s vs ${staticFull.toFixed(0)}/s` },
    { figure: 'feed full fetch, gzip / identity', value: feedGzip / feedFull, note: `${feedGzip.toFixed(0)}/s` },
    { figure: 'feed full fetch, brotli / identity', value: feedBr / feedFull, note: `${feedBr.toFixed(0)}/s` },
  ]);
  server.close();
  bare.server.close();
  direct.server.close();
  strict.server.close();
  baseline.server.close();
  await Promise.all([feedChanges.close(), strictChanges.close()]);
  await rm(dir, { recursive: true, force: true });
} finally {
  await db.close();
}
