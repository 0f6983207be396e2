import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authService } from '../../src/auth/auth.service.ts';
import { parseConfig } from '../../src/config.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { TEST_SECRET } from '../helpers/mail.ts';
import { startOrrery, type OrreryProcess } from '../helpers/processes.ts';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp.ts';

/**
 * Several instances (docs/operations.md): two `serve` processes and two `orrery worker` processes,
 * real child processes on loopback, one database, real SMTP on loopback. Requests alternate between
 * the servers as a round-robin proxy without sticky sessions would send them.
 */
const SIGN_IN_LIMIT = 4;
const FEED_LIMIT = 10;
let db: TestDatabase;
let smtp: SmtpCapture;
let dataDir: string;
let a: OrreryProcess;
let b: OrreryProcess;
let workers: OrreryProcess[];
let auth: Record<string, string>;
let spawnedAt: number;

const until = async (what: string, ready: () => Promise<boolean>, ms = 10_000) => {
  const started = Date.now();
  while (!(await ready())) {
    if (Date.now() - started > ms) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

async function call(server: OrreryProcess, method: string, url: string, body?: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(server.url + url, { method, headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
}

const register = (server: OrreryProcess, activityId: number, email: string) =>
  call(server, 'POST', `/api/v1/activities/${activityId}/registrations`, { name: '李华', email, role: 'student', language: 'zh-CN' }, {});

/** The activity's deliveries that are due (reminders of activities days ahead are not). */
async function deliveries(activityId: number) {
  const { rows } = await db.pool.query<{ kind: string; status: string; recipient: string; locked_by: string | null }>(
    'SELECT kind, status, recipient, locked_by FROM deliveries WHERE activity_id = $1 AND available_at < now() + interval \'1 hour\' ORDER BY id', [activityId]);
  return rows;
}
const allSent = (activityId: number, count: number) => async () => {
  const rows = await deliveries(activityId);
  return rows.length === count && rows.every((d) => d.status === 'sent');
};
const received = (email: string) => smtp.messages.filter((m) => m.to.includes(email)).map((m) => m.parsed.subject ?? '');

beforeAll(async () => {
  [db, smtp, dataDir] = await Promise.all([createTestDatabase(), startSmtpCapture(), mkdtemp(path.join(os.tmpdir(), 'orrery-instances-'))]);
  const env = {
    DATABASE_URL: db.url, MIGRATE_ON_START: 'false', ORRERY_DEMO_DATA: 'never', ORRERY_DATA_DIR: dataDir, ORRERY_SECRET: TEST_SECRET,
    PUBLIC_BASE_URL: 'http://orrery.test', SMTP_URL: smtp.url, MAIL_FROM: 'Orrery <orrery@orrery.test>', WORKER_IN_SERVER: 'false',
    SIGN_IN_RATE_LIMIT: String(SIGN_IN_LIMIT), FEED_RATE_LIMIT_PER_MINUTE: String(FEED_LIMIT), RATE_LIMIT_PER_MINUTE: '100000', REGISTRATION_RATE_LIMIT: '100000',
    REMINDER_OFFSETS: 'default=60m', QUIET_HOURS: 'off',
  };
  // The lease must outlast the held SMTP send of the kill test: a send that outlives its worker's own
  // lease is sent again (at-least-once, same Message-ID; docs/registrations.md), which is not what that
  // test is about. The held send lasts the kill, the exit and the receiver noticing it: 8 s was once
  // too short on a loaded CI machine (the live worker's own held send went out twice); 15 s still
  // brings the dead worker's rows back well inside the test.
  const worker = { ...env, WORKER_POLL_MS: '100', WORKER_LEASE_SECONDS: '15', WORKER_CONCURRENCY: '2' };
  spawnedAt = Date.now();
  // B answers feeds from the database only: the fallback when notifications are unavailable.
  // A waits for a fence of its own on every poll (FEED_FENCE_MAX_AGE_MS=0), so a change through B is seen
  // by A's very next poll, as this test asserts; the default's bound (a change through another process
  // within FEED_FENCE_MAX_AGE_MS) is tested in feeds-cache.test.ts.
  [a, b, ...workers] = await Promise.all([startOrrery('serve', { ...env, FEED_FENCE_MAX_AGE_MS: '0' }), startOrrery('serve', { ...env, FEED_LISTEN: 'false' }), startOrrery('worker', worker), startOrrery('worker', worker)]);
  await Promise.all([a.waitFor('Orrery is listening'), b.waitFor('Orrery is listening'), ...workers.map((w) => w.waitFor('orrery worker running'))]);
  const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: db.url });
  const { apiToken } = await authService(db.pool, systemClock, config, async () => undefined)
    .bootstrapUser({ email: 'admin@instances.example.org', name: 'Admin', unitId: null, role: 'admin' });
  auth = { Authorization: `Bearer ${apiToken.token}` };
}, 120_000);

afterAll(async () => {
  await Promise.all([a, b, ...workers].map((p) => p?.stop()));
  await smtp?.close();
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

let unitId: number;
const inMinutes = (minutes: number, seconds = 0) => new Date(Date.now() + minutes * 60_000 + seconds * 1000).toISOString();

describe('two servers and two workers on one database', () => {
  it('run each periodic job once between them, not once per process', async () => {
    // Both servers looked at every job when they started; once per process would count 2 at least.
    // A loaded machine may take longer than an interval to get here: at most one round per interval.
    const { rows } = await db.pool.query<{ name: string; runs: number }>('SELECT name, runs::int FROM periodic_jobs ORDER BY name');
    const rounds = (everyMs: number) => Math.floor((Date.now() - spawnedAt) / everyMs) + 1;
    expect(rows.map((r) => r.name)).toEqual(['calendar-subscriptions', 'hold-sweep', 'overdue-loans', 'personal-data-retention', 'plan-recovery', 'readiness', 'retention']);
    const runs = Object.fromEntries(rows.map((r) => [r.name, r.runs]));
    expect(runs.retention).toBe(1);
    expect(runs['personal-data-retention']).toBe(1);
    expect(runs['overdue-loans']).toBe(1);
    expect(runs['calendar-subscriptions']).toBe(1);
    expect(runs['hold-sweep']).toBeLessThanOrEqual(rounds(60_000));
    expect(runs['plan-recovery']).toBeLessThanOrEqual(rounds(30_000));
    expect(runs.readiness).toBeLessThanOrEqual(rounds(30_000));
  });

  it('book a contested slot for exactly one of many simultaneous requests across both servers', async () => {
    unitId = (await call(a, 'POST', '/api/v1/units', { slug: 'instances', kind: 'academy_unit', name: { 'zh-CN': '多实例', en: 'Instances' } })).body.id;
    const venue = await call(b, 'POST', '/api/v1/resources', { unitId, kind: 'venue', name: { 'zh-CN': '报告厅', en: 'Hall' } });
    expect(venue.status).toBe(201);
    const body = (i: number) => ({ kind: 'science_show', organizerUnitId: unitId, status: 'confirmed', timeZone: 'Asia/Shanghai', title: { 'zh-CN': `讲座${i}`, en: `Lecture ${i}` },
      startsAt: '2027-03-02T09:00:00+08:00', endsAt: '2027-03-02T11:00:00+08:00', claims: [{ resourceId: venue.body.id, quantity: 1 }] });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => call(i % 2 ? b : a, 'POST', '/api/v1/activities', body(i))));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(answers.filter((r) => r.status === 409).every((r) => r.body.code === 'resource_conflict')).toBe(true);
  });

  it('admit at most the per-IP limit in total, whichever server each request reaches', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await call(i % 2 ? b : a, 'POST', '/api/v1/auth/sign-in', { email: `nobody${i}@example.org` }, {})).status);
    expect(statuses).toEqual([...Array(SIGN_IN_LIMIT).fill(202), ...Array(10 - SIGN_IN_LIMIT).fill(429)]);
  });

  it("change a feed's ETag on the other server at once: B from the database, A from LISTEN/NOTIFY", async () => {
    const activity = await call(a, 'POST', '/api/v1/activities', { kind: 'science_show', organizerUnitId: unitId, status: 'confirmed', timeZone: 'Asia/Shanghai', title: { 'zh-CN': '月球', en: 'Moon' }, startsAt: inMinutes(60 * 24 * 3), endsAt: inMinutes(60 * 24 * 3 + 60) });
    const feed = await call(a, 'POST', '/api/v1/feeds', { type: 'unit', unitId, name: '多实例' });
    const file = `/feeds/${feed.body.token}.ics`;
    const etag = async (server: OrreryProcess, previous?: string) => {
      // An explicit Cache-Control: fetch adds `no-cache` to a conditional request otherwise, which forbids a 304.
      const res = await fetch(server.url + file, { headers: { 'Cache-Control': 'max-age=0', ...(previous ? { 'If-None-Match': previous } : {}) } });
      await res.arrayBuffer();
      return { status: res.status, etag: res.headers.get('etag')! };
    };
    const first = await etag(a);
    await a.waitFor('feed change listener is live');
    expect(await etag(b)).toEqual(first);
    expect(await etag(a, first.etag)).toEqual({ status: 304, etag: first.etag });

    // The very first poll after the change's answer sees it: stronger than "within a second", and
    // not timed (timing goals belong in bench/).
    expect((await call(a, 'PATCH', `/api/v1/activities/${activity.body.id}`, { title: { 'zh-CN': '月球与木星', en: 'Moon and Jupiter' } })).status).toBe(200);
    const onB = await etag(b, first.etag);
    expect(onB.status).toBe(200);
    expect(onB.etag).not.toBe(first.etag);
    expect(await etag(a, onB.etag)).toEqual({ status: 304, etag: onB.etag });

    expect((await call(b, 'PATCH', `/api/v1/activities/${activity.body.id}`, { title: { 'zh-CN': '土星', en: 'Saturn' } })).status).toBe(200);
    const onA = await etag(a, onB.etag);
    expect(onA.status).toBe(200);
    expect(await etag(b, onA.etag)).toEqual({ status: 304, etag: onA.etag });
  });

  it('admit at most the feed limit in total across both servers, each counting its share in memory without a write per poll', async () => {
    // Each server counts the other from its heartbeat (src/jobs/instances.ts) within one beat of its start.
    await Promise.all([a.waitFor('live instances: 2', 20_000), b.waitFor('live instances: 2', 20_000)]);
    const poll = async (server: OrreryProcess, token: string) => {
      const res = await fetch(`${server.url}/feeds/${token}.ics`);
      await res.arrayBuffer();
      return res.status;
    };
    const spread = (await call(a, 'POST', '/api/v1/feeds', { type: 'unit', unitId, name: '限额' })).body.token as string;
    const statuses: number[] = [];
    for (let i = 0; i < FEED_LIMIT + 4; i++) statuses.push(await poll(i % 2 ? b : a, spread));
    // The stated tolerance (docs/operations.md, "Rate limits"): alternating servers, exactly the limit.
    expect(statuses).toEqual([...Array(FEED_LIMIT).fill(200), ...Array(4).fill(429)]);
    // Every poll at one server: its share only (fewer than the limit, never more).
    const oneServer = (await call(a, 'POST', '/api/v1/feeds', { type: 'unit', unitId, name: '限额二' })).body.token as string;
    const atA: number[] = [];
    for (let i = 0; i < FEED_LIMIT / 2 + 2; i++) atA.push(await poll(a, oneServer));
    expect(atA).toEqual([...Array(FEED_LIMIT / 2).fill(200), 429, 429]);
    const { rows } = await db.pool.query("SELECT key FROM rate_limit_hits WHERE key LIKE 'feed:%'");
    expect(rows).toEqual([]);
  });

  it('send each confirmation and each reminder exactly once, with two workers sharing the outbox', async () => {
    // Reminders 60 minutes before: the activity starts in 60 minutes and 6 seconds.
    const activity = await call(b, 'POST', '/api/v1/activities', { kind: 'science_show', organizerUnitId: unitId, status: 'confirmed', timeZone: 'Asia/Shanghai', title: { 'zh-CN': '天文讲座', en: 'Astronomy talk' }, startsAt: inMinutes(60, 6), endsAt: inMinutes(120) });
    expect(activity.status).toBe(201);
    const emails = Array.from({ length: 6 }, (_, i) => `reminded${i}@school.example.org`);
    const registered = await Promise.all(emails.map((email, i) => register(i % 2 ? b : a, activity.body.id, email)));
    expect(registered.map((r) => r.status)).toEqual(emails.map(() => 201));
    await until('every confirmation and reminder sent', allSent(activity.body.id, 12), 15_000);
    for (const email of emails) expect(received(email).sort()).toEqual(['报名成功：天文讲座', '活动提醒：天文讲座'].sort());
    expect([...smtp.countsByMessageId()].filter(([, n]) => n > 1)).toEqual([]);
  });

  it('lose no email when a worker is killed with SIGKILL mid-send: the other worker sends it after the lease', async () => {
    const activity = await call(a, 'POST', '/api/v1/activities', { kind: 'science_show', organizerUnitId: unitId, status: 'confirmed', timeZone: 'Asia/Shanghai', title: { 'zh-CN': '星空', en: 'Stars' }, startsAt: inMinutes(60 * 24 * 10), endsAt: inMinutes(60 * 24 * 10 + 60) });
    const release = smtp.hold();
    const emails = ['killed0@school.example.org', 'killed1@school.example.org', 'killed2@school.example.org'];
    for (const email of emails) expect((await register(a, activity.body.id, email)).status).toBe(201);
    await until('a message waiting at the SMTP server', async () => smtp.held > 0);
    const sending = (await deliveries(activity.body.id)).find((d) => d.status === 'sending')!;
    const victim = workers.find((w) => sending.locked_by!.includes(`:${w.child.pid}:`))!;
    victim.child.kill('SIGKILL');
    await new Promise((r) => victim.child.once('exit', r));
    // Every held message the victim had on the wire (it may have had one per send slot) must be seen
    // hung up before the release, or the receiver would accept a dead sender's copy and the other
    // worker would send it again after the lease: a duplicate this test is not about.
    const victimRecipients = new Set((await deliveries(activity.body.id)).filter((d) => d.status === 'sending' && d.locked_by!.includes(`:${victim.child.pid}:`)).map((d) => d.recipient));
    await until('the receiver noticed every dead connection', async () => smtp.heldDisconnected > 0
      && smtp.heldMessages().every((m) => m.disconnected || !m.to.some((to) => victimRecipients.has(to))), 5000);
    release();
    await until('the other worker sent them', allSent(activity.body.id, 3), 35_000);
    for (const email of emails) expect(received(email)).toEqual(['报名成功：星空']);
  }, 60_000);

  it('lose no email when a server is killed with SIGKILL mid-request: every committed registration has its delivery', async () => {
    const activity = await call(a, 'POST', '/api/v1/activities', { kind: 'science_show', organizerUnitId: unitId, status: 'confirmed', timeZone: 'Asia/Shanghai', title: { 'zh-CN': '彗星', en: 'Comets' }, startsAt: inMinutes(60 * 24 * 10), endsAt: inMinutes(60 * 24 * 10 + 60) });
    // Registrations keep arriving at B; it is killed as soon as the first one was answered.
    let answered = false;
    const answers = Array.from({ length: 12 }, (_, i) => new Promise((r) => setTimeout(r, i * 15)).then(() => register(b, activity.body.id, `burst${i}@school.example.org`))
      .then((r) => ((answered = true), r), () => ({ status: 0 })));
    await until('B answered a registration', async () => answered, 10_000);
    b.child.kill('SIGKILL');
    const statuses = (await Promise.all(answers)).map((r) => r.status);
    expect(statuses).toContain(201);
    expect(statuses).toContain(0);
    const { rows } = await db.pool.query<{ email: string }>('SELECT email FROM registrations WHERE activity_id = $1', [activity.body.id]);
    expect(rows.length).toBeGreaterThanOrEqual(statuses.filter((s) => s === 201).length);
    await until('the surviving worker sent one confirmation per registration', allSent(activity.body.id, rows.length), 15_000);
    for (const { email } of rows) expect(received(email)).toEqual(['报名成功：彗星']);
  });
});
