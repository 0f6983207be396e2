import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';

/**
 * Input a client can send that once reached a 500: malformed percent-encoding and bad ids in
 * paths, NUL and lone surrogates in text, bodies whose Content-Encoding lies. Each must be a 4xx
 * problem with a stable code, and nothing may reach the database.
 */
let t: TestContext;
let unitId: number;
let activityId: number;

beforeAll(async () => {
  t = await startTestApp({ env: { SIGN_IN_RATE_LIMIT: '100000' } });
  unitId = (await createUnit(t.app)).id;
  activityId = (await createActivity(t.app, unitId, { status: 'confirmed', capacity: 5 })).id;
});
afterAll(() => t.close());

async function expectProblem(res: request.Response, before: Record<string, number>, status?: number, code?: string) {
  expect(res.status, `${res.status} ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
  if (status !== undefined) expect(res.status, res.text.slice(0, 300)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(typeof res.body.code).toBe('string');
  if (code !== undefined) expect(res.body.code).toBe(code);
  expect(await tableCounts(t.db.pool)).toEqual(before);
}

describe('malformed paths are 4xx problems, anonymous or signed in', () => {
  const paths = [
    '/api/v1/activities/%ZZ', '/api/v1/activities/%ED%A0%80', '/api/v1/units/%', '/activities/%ED%A0%80', '/activities/%ZZ',
    '/feeds/%ZZ.ics', '/feeds/%ED%A0%80.ics', '/registrations/%ZZ?sig=x', '/registrations/%ZZ/unsubscribe?sig=x',
    '/auth/sign-in/%ZZ', '/activities/abc', '/activities/-1', '/activities/99999999999999999999999', '/api/v1/activities/%00',
  ];
  for (const path of paths) {
    it(`GET ${path}`, async () => {
      const before = await tableCounts(t.db.pool);
      await expectProblem(await request(t.app).get(path), before);
      await expectProblem(await t.api.get(path), before);
    });
  }
  it('POST to malformed signed links and sign-in links', async () => {
    const before = await tableCounts(t.db.pool);
    await expectProblem(await request(t.app).post('/registrations/%ZZ/cancel?sig=x'), before);
    await expectProblem(await request(t.app).post('/auth/sign-in/%ZZ'), before);
    await expectProblem(await t.api.patch('/api/v1/units/%E0%A4%A').send({ slug: 'x' }), before);
  });
  it('does not echo the path it could not decode', async () => {
    const res = await request(t.app).get('/api/v1/activities/%ZZsecret');
    expect(res.text).not.toContain('secret');
  });
});

describe('bodies that lie about their encoding', () => {
  it('gzip that is not gzip is a 400 problem', async () => {
    const before = await tableCounts(t.db.pool);
    const res = await request(t.app).post('/api/v1/auth/sign-in').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{"email":"a@b.org"}');
    await expectProblem(res, before, 400, 'malformed_body');
    const deflate = await t.api.post('/api/v1/units').set('Content-Type', 'application/json').set('Content-Encoding', 'deflate').send('not deflate');
    await expectProblem(deflate, before, 400, 'malformed_body');
  });
  it('an unknown encoding is a 415 problem', async () => {
    const before = await tableCounts(t.db.pool);
    const res = await t.api.post('/api/v1/units').set('Content-Type', 'application/json').set('Content-Encoding', 'zstd-ish').send('{}');
    await expectProblem(res, before, 415, 'unsupported_media_type');
  });
  it('real gzip still works', async () => {
    const res = await t.api.post('/api/v1/units').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip')
      .serialize((body: Buffer) => body as unknown as string).send(gzipSync(JSON.stringify({ slug: 'gzipped-unit', kind: 'academy_unit', name: { 'zh-CN': '压缩', en: 'Gzipped' } })));
    expect(res.status, res.text).toBe(201);
  });
  it('a non-JSON content type on a JSON endpoint is a 4xx problem', async () => {
    const before = await tableCounts(t.db.pool);
    await expectProblem(await t.api.post('/api/v1/units').set('Content-Type', 'text/plain').send('{"slug":"x"}'), before);
    await expectProblem(await t.api.post('/api/v1/units').set('Content-Type', 'application/json; charset=latin-9').send('{}'), before, 415);
    await expectProblem(await t.api.post('/api/v1/units').set('Content-Type', 'application/json').send('{"slug":'), before, 400, 'malformed_json');
  });
});

describe('NUL and lone surrogates in text are refused at validation', () => {
  const bad = ['a\u0000b', 'x\ud800y', '\udfff'];
  it('sign-in email', async () => {
    const before = await tableCounts(t.db.pool);
    for (const email of ['a\u0000@example.org', 'a@exam\u0000ple.org', 'a\ud800@example.org']) {
      await expectProblem(await request(t.app).post('/api/v1/auth/sign-in').send({ email }), before, 422, 'validation_failed');
    }
  });
  it('units, resources, activities, feeds, tokens, users, registrations', async () => {
    for (const text of bad) {
      const before = await tableCounts(t.db.pool);
      const attempts = [
        t.api.post('/api/v1/units').send({ slug: 'nul-unit', kind: 'academy_unit', name: { 'zh-CN': text, en: 'x' } }),
        t.api.patch(`/api/v1/units/${unitId}`).send({ name: { 'zh-CN': text, en: 'x' } }),
        t.api.post('/api/v1/resources').send({ unitId, kind: 'venue', name: { 'zh-CN': text, en: 'x' } }),
        t.api.post('/api/v1/activities').send({ kind: 'field_visit', title: { 'zh-CN': text, en: 'x' }, organizerUnitId: unitId,
          startsAt: '2027-03-02T09:00:00+08:00', endsAt: '2027-03-02T11:00:00+08:00', timeZone: 'Asia/Shanghai' }),
        t.api.patch(`/api/v1/activities/${activityId}`).send({ description: { 'zh-CN': text, en: 'x' } }),
        t.api.post('/api/v1/feeds').send({ type: 'unit', ownerUnitId: unitId, unitId, name: text }),
        t.api.post('/api/v1/auth/tokens').send({ name: text }),
        t.api.post('/api/v1/users').send({ email: 'nul@example.org', name: text, role: 'admin' }),
        request(t.app).post(`/api/v1/activities/${activityId}/registrations`).send({ name: text, email: 'r@example.org', role: 'student' }),
        request(t.app).post(`/api/v1/activities/${activityId}/registrations`).send({ name: 'ok', email: 'r@example.org', role: 'student', class: text }),
        t.api.get(`/api/v1/activities?q=${text.isWellFormed() ? encodeURIComponent(text) : '%ED%A0%80'}&from=%00`),
      ];
      for (const attempt of attempts) await expectProblem(await attempt, before);
    }
  });
});
