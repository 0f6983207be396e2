import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';

/**
 * Hostile and malformed input at the endpoints anyone can reach without an account: registration,
 * feeds, sign-in. Whatever arrives, the answer is a 4xx problem, never a 500, and nothing is stored.
 */
let t: TestContext;
let activityId: number;

beforeAll(async () => {
  t = await startTestApp({ env: { SIGN_IN_RATE_LIMIT: '100000', FEED_RATE_LIMIT_PER_MINUTE: '100000' } });
  const unit = await createUnit(t.app);
  activityId = (await createActivity(t.app, unit.id, { status: 'confirmed', capacity: 2 })).id;
});
afterAll(() => t.close());

const hostileText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.constantFrom(
    'Robert"); DROP TABLE registrations;--', "' OR 1=1 --", '李华\r\nBcc: victim@example.org', 'x@example.org\nSubject: hi',
    '<script>alert(1)</script>', '\u0000', '../../etc/passwd', '%0d%0aSet-Cookie: a=b', '😀'.repeat(100), 'a'.repeat(5000),
  ),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(hostileText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.array(hostileText, { maxLength: 3 }), fc.dictionary(hostileText, hostileText, { maxKeys: 3 }));

/** A registration body that is wrong somewhere: a hostile value in a real field, or an extra field. */
const badRegistration = fc.record({
  name: hostileValue, email: hostileValue, role: hostileValue, grade: hostileValue, class: hostileValue, language: hostileValue,
}, { requiredKeys: [] }).chain((body) => fc.oneof(
  fc.constant({ ...body, unexpected: true }),
  fc.constant({ ...body, email: 'not-an-email\r\n' }),
  fc.constant({ name: '李华\r\nBcc: x@example.org', email: 'a@example.org', role: 'student', ...body, role2: 1 }),
));

async function expectRefused(res: request.Response, before: Record<string, number>): Promise<void> {
  expect(res.status, `${res.status} ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.text).not.toMatch(/\bat .*\.ts:\d+|SELECT |INSERT /);
  expect(await tableCounts(t.db.pool)).toEqual(before);
}

describe('fuzzing the public endpoints', () => {
  it('registration refuses every malformed or hostile body', async () => {
    const before = await tableCounts(t.db.pool);
    await fc.assert(fc.asyncProperty(badRegistration, async (body) => {
      await expectRefused(await request(t.app).post(`/api/v1/activities/${activityId}/registrations`).send(body as object), before);
    }), { numRuns: 120 });
  });

  it('registration refuses hostile paths and raw bodies', async () => {
    const before = await tableCounts(t.db.pool);
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 200 }), async (id, raw) => {
      const res = await request(t.app).post(`/api/v1/activities/${encodeURIComponent(id)}x/registrations`).set('Content-Type', 'application/json').send(raw);
      await expectRefused(res, before);
    }), { numRuns: 80 });
  });

  it('feeds answer any token they do not know with a 404 problem', async () => {
    const before = await tableCounts(t.db.pool);
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/)), async (token) => {
      const res = await request(t.app).get(`/feeds/${encodeURIComponent(token)}.ics`);
      expect(res.status, token).toBe(404);
      await expectRefused(res, before);
    }), { numRuns: 120 });
  });

  it('sign-in refuses malformed bodies and reveals nothing about unknown addresses', async () => {
    const before = await tableCounts(t.db.pool);
    await fc.assert(fc.asyncProperty(fc.dictionary(hostileText, hostileValue, { maxKeys: 3 }), async (body) => {
      const res = await request(t.app).post('/api/v1/auth/sign-in').send({ ...body, extra: 1 });
      await expectRefused(res, before);
    }), { numRuns: 80 });
    await fc.assert(fc.asyncProperty(fc.emailAddress(), async (email) => {
      const res = await request(t.app).post('/api/v1/auth/sign-in').send({ email });
      expect([202, 422]).toContain(res.status);
      expect(await tableCounts(t.db.pool)).toEqual(before);
    }), { numRuns: 60 });
  });

  it('a completed sign-in link page refuses forged tokens', async () => {
    const before = await tableCounts(t.db.pool);
    await fc.assert(fc.asyncProperty(fc.string({ minLength: 1, maxLength: 100 }), async (token) => {
      const res = await request(t.app).post(`/auth/sign-in/${encodeURIComponent(token)}`);
      await expectRefused(res, before);
    }), { numRuns: 60 });
  });
});
