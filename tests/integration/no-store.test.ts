import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkSigner, resolveSecret } from '../../src/auth/signed-links.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';

/**
 * Answers that carry personal data or secrets must not be kept by browsers or shared caches:
 * participant pages and JSON behind signed links, sign-in pages, the current user, new tokens,
 * registration lists and CSV exports, and every problem the API answers.
 */
let t: TestContext;
let unitId: number;
let activityId: number;
let registrationId: number;
let sig: string;
const links: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ deps: { signInMailer: async (_to, link) => void links.push(link) } });
  unitId = (await createUnit(t.app)).id;
  activityId = (await createActivity(t.app, unitId, { status: 'confirmed', capacity: 5 })).id;
  const reg = await request(t.app).post(`/api/v1/activities/${activityId}/registrations`).send({ name: '李华', email: 'li@nostore.example.org', role: 'student' });
  expect(reg.status).toBe(201);
  registrationId = reg.body.id;
  sig = linkSigner(resolveSecret(t.config)).sign(registrationId, 'manage');
  expect((await t.api.post('/api/v1/users').send({ email: 'nostore@nostore.example.org', role: 'admin' })).status).toBe(201);
});
afterAll(() => t.close());

function expectNoStore(res: request.Response, what: string) {
  expect(res.status, `${what}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
  expect(res.headers['cache-control'], what).toBe('no-store');
}

describe('Cache-Control: no-store on personal data and secrets', () => {
  it('participant pages and JSON behind the signed link', async () => {
    const q = `?sig=${encodeURIComponent(sig)}`;
    expectNoStore(await request(t.app).get(`/registrations/${registrationId}${q}`), 'participant page');
    expectNoStore(await request(t.app).get(`/registrations/${registrationId}/unsubscribe${q}`), 'unsubscribe page');
    expectNoStore(await request(t.app).get(`/registrations/${registrationId}?sig=wrong`), 'participant page, wrong signature');
    expectNoStore(await request(t.app).get(`/api/v1/registrations/${registrationId}${q}`), 'participant JSON');
    expectNoStore(await request(t.app).post(`/registrations/${registrationId}/feed${q}`), 'personal feed creation');
  });

  it('sign-in pages and the current user', async () => {
    await request(t.app).post('/api/v1/auth/sign-in').send({ email: 'nostore@nostore.example.org' });
    const path = new URL(links.at(-1)!).pathname;
    expectNoStore(await request(t.app).get(path), 'sign-in link page');
    const signedIn = await request(t.app).post(path);
    expectNoStore(signedIn, 'sign-in POST (sets the session cookie)');
    expectNoStore(await request(t.app).get('/api/v1/auth/me').set('Cookie', signedIn.headers['set-cookie']![0]!.split(';')[0]!), '/auth/me');
  });

  it('new secrets, registration lists and CSV exports', async () => {
    expectNoStore(await t.api.post('/api/v1/auth/tokens').send({ name: 'cache test' }), 'token creation');
    const feed = await t.api.post('/api/v1/feeds').send({ type: 'unit', ownerUnitId: unitId, unitId, name: 'cache test' });
    expectNoStore(feed, 'feed creation');
    expectNoStore(await t.api.post(`/api/v1/feeds/${feed.body.id}/rotate`), 'feed rotation');
    expectNoStore(await t.api.get(`/api/v1/activities/${activityId}/registrations`), 'registration list');
    expectNoStore(await t.api.get(`/api/v1/activities/${activityId}/registrations.csv`), 'CSV export');
    expectNoStore(await t.api.get('/api/v1/users'), 'users');
    expectNoStore(await request(t.app).get('/api/v1/auth/me'), 'a 401 problem');
  });
});
