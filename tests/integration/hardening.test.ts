import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { activityBody, createActivity, createUnit } from '../helpers/factories.ts';

let t: TestContext;
let activityId: number;
let unitId: number;
const links: string[] = [];

beforeAll(async () => {
  t = await startTestApp({
    env: { CORS_ORIGINS: 'https://school.example.org' },
    deps: { signInMailer: async (_to, link) => void links.push(link) },
  });
  unitId = (await createUnit(t.app)).id;
  activityId = (await createActivity(t.app, unitId, { status: 'confirmed', capacity: 50 })).id;
  await t.api.post('/api/v1/users').send({ email: 'organizer@harden.example.org', role: 'organizer', unitId });
});
afterAll(() => t.close());

const student = (n: number) => ({ name: `学生${n}`, email: `s${n}@harden.example.org`, role: 'student' });

describe('hardening', () => {
  it('makes a retried registration with the same Idempotency-Key one record', async () => {
    const first = await request(t.app).post(`/api/v1/activities/${activityId}/registrations`).set('Idempotency-Key', 'reg-1').send(student(1));
    const again = await request(t.app).post(`/api/v1/activities/${activityId}/registrations`).set('Idempotency-Key', 'reg-1').send(student(1));
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM registrations WHERE activity_id = $1', [activityId]);
    expect(rows[0].n).toBe(1);
  });

  it('makes a retried activity creation with the same Idempotency-Key one record', async () => {
    const body = activityBody(unitId, { title: { 'zh-CN': '幂等', en: 'Idempotent' } });
    const first = await t.api.post('/api/v1/activities').set('Idempotency-Key', 'act-1').send(body);
    const again = await t.api.post('/api/v1/activities').set('Idempotency-Key', 'act-1').send(body);
    expect(again.body.id).toBe(first.body.id);
    const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM activities WHERE title_en = 'Idempotent'`);
    expect(rows[0].n).toBe(1);
  });

  it('limits registrations per client and answers 429 as a problem, changing nothing', async () => {
    const limited = await startTestApp({ env: { REGISTRATION_RATE_LIMIT: '3' } });
    const activity = await createActivity(limited.app, (await createUnit(limited.app)).id, { status: 'confirmed', capacity: 50 });
    const statuses: number[] = [];
    for (let n = 10; n < 13; n++) statuses.push((await request(limited.app).post(`/api/v1/activities/${activity.id}/registrations`).send(student(n))).status);
    const before = await tableCounts(limited.db.pool);
    const refused = await request(limited.app).post(`/api/v1/activities/${activity.id}/registrations`).send(student(99));
    const after = await tableCounts(limited.db.pool);
    await limited.close();
    expect(statuses).toEqual([201, 201, 201]);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(after).toEqual(before);
  });

  it('allows CORS only for configured origins', async () => {
    const allowed = await request(t.app).options('/api/v1/activities').set('Origin', 'https://school.example.org').set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://school.example.org');
    const other = await request(t.app).get('/api/v1/activities').set('Origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const plain = await startTestApp();
    const none = await request(plain.app).get('/api/v1/activities').set('Origin', 'https://school.example.org');
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
    await plain.close();
  });

  it('keeps sign-in links, API tokens and session cookies out of the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const app = buildApp({ config: t.config, pool: t.db.pool, log: createLogger('trace', sink), clock: t.clock, signInMailer: async (_to, link) => void links.push(link) });
    await request(app).post('/api/v1/auth/sign-in').send({ email: 'organizer@harden.example.org' });
    const link = links.at(-1)!;
    const path = new URL(link).pathname;
    await request(app).get(path);
    const signedIn = await request(app).post(path);
    const cookie = signedIn.headers['set-cookie']![0]!.split(';')[0]!;
    await request(app).get('/api/v1/auth/me').set('Cookie', cookie);
    await request(app).get('/api/v1/auth/me').set(t.admin);
    await request(app).post(`${path}x`);
    const log = lines.join('\n');
    expect(log).toContain('/auth/sign-in/[redacted]');
    expect(log).not.toContain(path.split('/').at(-1)!);
    expect(log).not.toContain(cookie.split('=')[1]!);
    expect(log).not.toContain(t.admin.Authorization.split(' ')[1]!);
  });

  it('sends pages the full security headers and feeds the ones that matter for calendar data', async () => {
    const page = await request(t.app).get('/');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    const feed = await request(t.app).get('/feeds/unknown-token.ics');
    expect(feed.status).toBe(404);
    expect(feed.headers['x-content-type-options']).toBe('nosniff');
    expect(feed.headers['referrer-policy']).toBe('no-referrer');
    expect(feed.headers['x-powered-by']).toBeUndefined();
  });

  it('never shows a stack trace or SQL in an error', async () => {
    const res = await t.api.get('/api/v1/activities?from=not-a-date');
    expect(res.status).toBe(422);
    expect(res.text).not.toMatch(/SELECT|node_modules|\.ts:\d+/);
  });
});
