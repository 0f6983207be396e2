import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { activityBody, createActivity, createResource, createUnit } from '../helpers/factories.ts';

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

  // Issue 22 item 8: NUL and CR/LF were refused, but U+0085 (NEXT LINE), the other C1 controls and the
  // line/paragraph separators went through into names, which mail and calendar software break lines at.
  const breaking: [string, string][] = [
    ['U+0085 NEXT LINE', '李\u0085华'], ['U+2028 LINE SEPARATOR', '李\u2028华'], ['U+2029 PARAGRAPH SEPARATOR', '李\u2029华'],
    ['U+0080 (C1)', 'Li\u0080Hua'], ['U+009F (C1)', 'Li\u009fHua'], ['U+001B ESC (C0)', 'Li\u001bHua'], ['TAB', 'Li\tHua'], ['DEL', 'Li\u007fHua'],
  ];
  it.each(breaking)('refuses a registration name holding %s as a 422 problem, changing nothing', async (_name, name) => {
    const before = await tableCounts(t.db.pool);
    const res = await request(t.app).post(`/api/v1/activities/${activityId}/registrations`).send({ ...student(70), name });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('body.name');
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });

  it('refuses the same characters in every other person name and single-line text: class, user, holder, item, subject, feed, subscription, titles', async () => {
    const pool = await createResource(t.app, { unitId, kind: 'equipment', category: 'telescope', quantity: 1 });
    const item = await t.api.post(`/api/v1/resources/${pool.id}/items`).send({ label: 'Telescope 1' });
    expect(item.status).toBe(201);
    const venue = await createResource(t.app, { unitId });
    const attempts: [string, string, (bad: string) => Record<string, unknown>][] = [
      ['registration class', `/api/v1/activities/${activityId}/participants`, (bad) => ({ ...student(71), class: `3${bad}班` })],
      ['registration name (organizer adds)', `/api/v1/activities/${activityId}/participants`, (bad) => ({ ...student(72), name: `王${bad}芳` })],
      ['user name', '/api/v1/users', (bad) => ({ email: 'ctl@harden.example.org', role: 'organizer', unitId, name: `Ms${bad}Wang` })],
      ['API token name', '/api/v1/auth/tokens', (bad) => ({ name: `ci${bad}token` })],
      ['loan holder name', '/api/v1/loans', (bad) => ({ itemIds: [item.body.id], holderName: `Ms${bad}Wang`, holderEmail: 'h@harden.example.org', dueBack: '2027-01-01T00:00:00Z' })],
      ['item label', `/api/v1/resources/${pool.id}/items`, (bad) => ({ label: `Telescope${bad}2` })],
      ['message subject', `/api/v1/activities/${activityId}/messages`, (bad) => ({ audience: 'registrants', subject: `Bring${bad}Bcc: x@example.org`, body: 'Hello' })],
      ['feed name', '/api/v1/feeds', (bad) => ({ type: 'unit', name: `Unit${bad}feed`, unitId })],
      ['subscription name', '/api/v1/calendar-subscriptions', (bad) => ({ resourceId: venue.id, name: `Time${bad}table`, ics: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n' })],
      ['activity title', '/api/v1/activities', (bad) => activityBody(unitId, { title: { 'zh-CN': `观测${bad}营`, en: 'Camp' } })],
      ['unit name', '/api/v1/units', (bad) => ({ slug: 'ctl-unit', kind: 'school', name: { 'zh-CN': '一中', en: `No.${bad}1` } })],
    ];
    const before = await tableCounts(t.db.pool);
    const answers: string[] = [];
    for (const [field, path, body] of attempts) {
      for (const bad of ['\u0085', '\u2028', '\u2029', '\u009b']) {
        const res = await t.api.post(path).send(body(bad));
        answers.push(`${field} ${JSON.stringify(bad)}: ${res.status} ${res.body.code}`);
      }
    }
    expect(answers.filter((a) => !a.endsWith(': 422 validation_failed'))).toEqual([]);
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });

  it('refuses stray controls (U+0085, C1, ESC, U+2028/U+2029) in multi-line free text, keeping line breaks and tabs', async () => {
    const pool = await createResource(t.app, { unitId, kind: 'equipment', category: 'telescope', quantity: 1 });
    const attempts: [string, string, string, (text: string) => Record<string, unknown>][] = [
      ['activity description', 'post', '/api/v1/activities', (text) => activityBody(unitId, { description: { 'zh-CN': text, en: 'x' } })],
      ['activity contact', 'patch', `/api/v1/activities/${activityId}`, (text) => ({ contact: text })],
      ['message body', 'post', `/api/v1/activities/${activityId}/messages`, (text) => ({ audience: 'waitlist', subject: 'Note', body: text })],
      ['resource description', 'post', '/api/v1/resources', (text) => ({ unitId, kind: 'venue', name: { 'zh-CN': '礼堂', en: 'Hall' }, description: text })],
      ['item condition', 'post', `/api/v1/resources/${pool.id}/items`, (text) => ({ label: 'Telescope 9', condition: text })],
      ['feed description', 'post', '/api/v1/feeds', (text) => ({ type: 'unit', name: 'Unit feed', unitId, description: text })],
    ];
    const before = await tableCounts(t.db.pool);
    const answers: string[] = [];
    for (const [field, method, path, body] of attempts) {
      for (const bad of ['\u0085', '\u009b', '\u001b', '\u2028', '\u2029']) {
        const res = await (method === 'post' ? t.api.post(path) : t.api.patch(path)).send(body(`line one${bad}line two`));
        answers.push(`${field} ${JSON.stringify(bad)}: ${res.status} ${res.body.code}`);
      }
    }
    expect(answers.filter((a) => !a.endsWith(': 422 validation_failed'))).toEqual([]);
    expect(await tableCounts(t.db.pool)).toEqual(before);
    // Line breaks and tabs are what multi-line text is for.
    const ok = await t.api.post('/api/v1/resources').send({ unitId, kind: 'venue', name: { 'zh-CN': '礼堂', en: 'Hall' }, description: 'Row 1\tleft\r\nRow 2\nend' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
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
