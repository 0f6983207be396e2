import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersCommand } from '../../src/auth/users.cli.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { createUnit } from '../helpers/factories.ts';

const clock = new FixedClock('2026-11-24T02:00:00Z');
const sentLinks: { email: string; link: string }[] = [];
let t: TestContext;
let adminToken: string;

function tokenFrom(output: string): string {
  return /API token.*: (orr_\S+)/.exec(output)![1]!;
}
function linkPath(link: string): string {
  return new URL(link).pathname;
}

beforeAll(async () => {
  t = await startTestApp({ clock, deps: { signInMailer: async (to, link) => void sentLinks.push({ email: to.email, link }) } });
  const output = await usersCommand(['create', '--admin', '--email', 'Admin@Example.org'], t.config, t.db.pool);
  expect(output).toContain('Sign-in link');
  adminToken = tokenFrom(output);
});
afterAll(() => t.close());

describe('API tokens', () => {
  it('authenticate a bearer, and an invalid one is a 401 problem', async () => {
    const me = await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${adminToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'admin@example.org', role: 'admin', csrfToken: null });
    const bad = await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${adminToken.slice(0, -2)}xx`);
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('unauthorized');
    expect((await request(t.app).get('/api/v1/auth/me')).status).toBe(401);
  });

  it('are shown once, listed without the secret, and stop working when revoked', async () => {
    const created = await request(t.app).post('/api/v1/auth/tokens').set('Authorization', `Bearer ${adminToken}`).send({ name: 'timetable sync' });
    expect(created.status).toBe(201);
    const secret: string = created.body.token;
    expect(secret).toMatch(/^orr_/);
    const listed = await request(t.app).get('/api/v1/auth/tokens').set('Authorization', `Bearer ${secret}`);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.items.map((i: { name: string }) => i.name)).toContain('timetable sync');
    const stored = await t.db.pool.query('SELECT count(*)::int AS n FROM api_tokens WHERE token_hash::text LIKE $1', [`%${secret}%`]);
    expect(stored.rows[0].n).toBe(0);
    expect((await request(t.app).delete(`/api/v1/auth/tokens/${created.body.id}`).set('Authorization', `Bearer ${secret}`)).status).toBe(204);
    expect((await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${secret}`)).status).toBe(401);
  });
});

describe('sign-in by emailed link', () => {
  let organizerEmail: string;
  beforeAll(async () => {
    const unit = await createUnit(t.app);
    organizerEmail = `organizer-${unit.id}@school.example.org`;
    const res = await request(t.app).post('/api/v1/users').set('Authorization', `Bearer ${adminToken}`).send({ email: organizerEmail, role: 'organizer', unitId: unit.id, name: 'Li Hua' });
    expect(res.status).toBe(201);
  });

  it('answers the same for known and unknown addresses and mails only the known one', async () => {
    sentLinks.length = 0;
    const unknown = await request(t.app).post('/api/v1/auth/sign-in').send({ email: 'nobody@example.org' });
    const known = await request(t.app).post('/api/v1/auth/sign-in').send({ email: organizerEmail });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect(sentLinks.map((s) => s.email)).toEqual([organizerEmail]);
  });

  it('signs in once through a button page, sets a safe cookie, and requires CSRF on changes', async () => {
    sentLinks.length = 0;
    await request(t.app).post('/api/v1/auth/sign-in').send({ email: organizerEmail });
    const path = linkPath(sentLinks[0]!.link);
    const page = await request(t.app).get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form method="post"');

    const signedIn = await request(t.app).post(path);
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/orrery_session=orrsess_/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // served over http in this test
    // The lifetime as Max-Age (the browser counts it on its own clock): an Expires date taken from the
    // app's clock (the demo's 24 November) arrived already past in a browser living two weeks later.
    expect(cookie).toMatch(new RegExp(`Max-Age=${t.config.sessionDays * 86_400}(;|$)`));

    expect((await request(t.app).post(path)).status).toBe(401); // single use

    const session = cookie.split(';')[0]!;
    const me = await request(t.app).get('/api/v1/auth/me').set('Cookie', session);
    expect(me.body.role).toBe('organizer');
    const withoutCsrf = await request(t.app).post('/api/v1/auth/tokens').set('Cookie', session).send({ name: 'x' });
    expect(withoutCsrf.status).toBe(403);
    const withCsrf = await request(t.app).post('/api/v1/auth/tokens').set('Cookie', session).set('X-CSRF-Token', me.body.csrfToken).send({ name: 'x' });
    expect(withCsrf.status).toBe(201);

    expect((await request(t.app).post('/api/v1/auth/sign-out').set('Cookie', session).set('X-CSRF-Token', me.body.csrfToken)).status).toBe(204);
    expect((await request(t.app).get('/api/v1/auth/me').set('Cookie', session)).status).toBe(401);
  });

  it('refuses an expired link', async () => {
    sentLinks.length = 0;
    await request(t.app).post('/api/v1/auth/sign-in').send({ email: organizerEmail });
    clock.advance({ minutes: t.config.signInLinkMinutes + 1 });
    const res = await request(t.app).post(linkPath(sentLinks[0]!.link));
    expect(res.status).toBe(401);
    clock.set('2026-11-24T02:00:00Z');
  });

  it('lets only admins manage users', async () => {
    const organizer = await request(t.app).post('/api/v1/users').set('Authorization', `Bearer ${adminToken}`).send({ email: 'viewer@example.org', role: 'viewer', unitId: null });
    expect(organizer.status).toBe(422);
    sentLinks.length = 0;
    await request(t.app).post('/api/v1/auth/sign-in').send({ email: organizerEmail });
    const cookie = (await request(t.app).post(linkPath(sentLinks[0]!.link))).headers['set-cookie']![0]!.split(';')[0]!;
    const me = await request(t.app).get('/api/v1/auth/me').set('Cookie', cookie);
    const res = await request(t.app).post('/api/v1/users').set('Cookie', cookie).set('X-CSRF-Token', me.body.csrfToken).send({ email: 'x@example.org', role: 'admin' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });
});

describe('Idempotency-Key', () => {
  it('creates one record for a retried POST and refuses the key for another request', async () => {
    const body = { slug: 'idem-unit', kind: 'school', name: { 'zh-CN': '学校', en: 'School' } };
    const first = await request(t.app).post('/api/v1/units').set('Authorization', `Bearer ${adminToken}`).set('Idempotency-Key', 'k-1').send(body);
    const again = await request(t.app).post('/api/v1/units').set('Authorization', `Bearer ${adminToken}`).set('Idempotency-Key', 'k-1').send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const rows = await t.db.pool.query(`SELECT count(*)::int AS n FROM units WHERE slug = 'idem-unit'`);
    expect(rows.rows[0].n).toBe(1);
    const before = await tableCounts(t.db.pool);
    const other = await request(t.app).post('/api/v1/units').set('Authorization', `Bearer ${adminToken}`).set('Idempotency-Key', 'k-1').send({ ...body, slug: 'idem-other' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });
});
