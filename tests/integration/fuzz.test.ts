import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';
import { authService } from '../../src/auth/auth.service.ts';

/**
 * Hostile and malformed input. First every operation in /openapi.json, anonymous and as an admin,
 * with fuzzed path parameters, query strings, bodies, content types and encodings; then deeper
 * runs at the endpoints anyone can reach without an account: registration, feeds, sign-in.
 * Whatever arrives, the answer is never a 5xx, a refusal is a problem, and a refusal stores nothing.
 */
let t: TestContext;
let activityId: number;

beforeAll(async () => {
  t = await startTestApp({ env: { SIGN_IN_RATE_LIMIT: '100000', FEED_RATE_LIMIT_PER_MINUTE: '100000' } });
  const unit = await createUnit(t.app);
  activityId = (await createActivity(t.app, unit.id, { status: 'confirmed', capacity: 2 })).id;
  document = (await request(t.app).get('/openapi.json')).body as OpenApi;
  adminAuth = t.admin.Authorization;
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

interface Operation { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }
interface OpenApi { paths: Record<string, Record<string, Operation>> }
type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; enum?: unknown[]; const?: unknown;
  anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[]; format?: string; default?: unknown };

/** Runs per operation; raise it for a longer hunt, e.g. ORRERY_FUZZ_RUNS=100. */
const RUNS = Number(process.env.ORRERY_FUZZ_RUNS ?? 8);
let document: OpenApi;
let adminAuth: string;
let admins = 0;

/** Path parameter values, already in URL form: malformed encodings, NUL, surrogates, odd numbers, real-looking ids. */
const pathValue = fc.oneof(
  fc.constantFrom('%ZZ', '%', '%E0%A4%A', '%ED%A0%80', '%ED%BF%BF', '%C0%AF', '%00', 'a%00b', '%FF%FE', '99999999999999999999999',
    '9007199254740993', '1e400', '-1', '0', '1.5', 'abc', '0x0d', '%2013%20', 'true', '%5B1%5D', 'null', '..', '%2E%2E', '%2F'),
  fc.integer({ min: 1, max: 6 }).map(String),
  fc.string({ maxLength: 30 }).filter((v) => v.isWellFormed()).map(encodeURIComponent),
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
);

/** Query values in URL form, including what a lenient decoder turns into NUL or replacement characters. */
const queryValue = fc.oneof(
  fc.constantFrom('%ZZ', '%00', '%ED%A0%80', '', '-1', '99999999999999999999', '2027-03-02T09:00:00%2B08:00', 'not-a-date', 'true', 'zh-CN', '1', 'a%00b'),
  fc.string({ maxLength: 20 }).filter((v) => v.isWellFormed()).map(encodeURIComponent),
);

function queryFor(op: Operation) {
  const names = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  const name = fc.oneof(fc.constantFrom(...names, 'extra', '%73ig', 'sig', 'a%00', '%ZZ', 'limit[]'), fc.string({ maxLength: 8 }).filter((v) => v.isWellFormed()).map(encodeURIComponent));
  return fc.array(fc.tuple(name, queryValue), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
}

/** A value loosely shaped by the JSON schema: right types with wrong details, wrong types, hostile text. */
function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 3) return hostileValue;
  const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => fromSchema(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const typed = (() => {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (schema.const !== undefined) return fc.constant(schema.const);
    switch (type) {
      case 'object': {
        const props = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
        return fc.record(props, { requiredKeys: [] });
      }
      case 'array': return fc.array(fromSchema(schema.items, depth + 1), { maxLength: 3 });
      case 'integer': case 'number':
        return fc.oneof(fc.integer({ min: -2, max: 6 }), fc.constantFrom(2 ** 53, 1e308, -0, 1.5, '13', ' 13 ', '0x0d', true, [13]));
      case 'boolean': return fc.oneof(fc.boolean(), fc.constantFrom('true', 1, null));
      case 'string':
        return fc.oneof(hostileText, fc.constantFrom('2027-03-02T09:00:00+08:00', '2027-03-02', 'Asia/Shanghai', 'FREQ=WEEKLY;COUNT=3', 'x@example.org',
          'a\u0000b', 'x\ud800y', '\udfff', 'zh-CN', 'en'));
      default: return hostileValue;
    }
  })();
  return fc.oneof({ weight: 4, arbitrary: typed }, { weight: 1, arbitrary: hostileValue });
}

const contentType = fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded',
  'application/json; charset=latin-9', 'multipart/form-data; boundary=x', 'application/problem+json', 'application/xml');
const contentEncoding = fc.constantFrom(undefined, undefined, undefined, 'gzip', 'deflate', 'br', 'zstd-ish', 'identity');

function bodyFor(op: Operation): fc.Arbitrary<string | undefined> {
  const schema = op.requestBody?.content['application/json']?.schema;
  const json = fromSchema(schema ?? { type: 'object' }).map((v) => JSON.stringify(v) ?? 'null');
  const garbage = fc.oneof(fc.constantFrom('{"a":', '\u0000', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]', '1e999', '{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{"x":1}}}', '"\\ud800"', '{"a":"\\u0000"}', 'null', ''), fc.string({ maxLength: 50 }));
  return fc.oneof({ weight: 3, arbitrary: json }, { weight: 1, arbitrary: garbage }, { weight: 1, arbitrary: fc.constant(undefined) });
}

async function freshAdmin(): Promise<void> {
  admins += 1;
  const { apiToken } = await authService(t.db.pool, t.clock, t.config, async () => undefined)
    .bootstrapUser({ email: `fuzz-admin-${admins}@fuzz.example.org`, name: 'Fuzz admin', unitId: null, role: 'admin' });
  adminAuth = `Bearer ${apiToken.token}`;
}

/** Every operation of the generated document, the feed file included. */
function operations(): { method: string; path: string; op: Operation }[] {
  const methods = ['get', 'head', 'post', 'put', 'patch', 'delete'];
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).filter(([m]) => methods.includes(m)).map(([method, op]) => ({ method, path, op })));
}

describe('fuzzing every operation in /openapi.json', () => {
  it('covers the whole document', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(50);
    expect(ops.some((o) => o.path === '/feeds/{token}.ics' && o.method === 'head')).toBe(true);
    expect(ops.some((o) => o.method === 'patch')).toBe(true);
  });

  it('never answers 5xx, refuses with a problem, and a refusal changes nothing', async () => {
    let baseline = await tableCounts(t.db.pool);
    const seen = new Set<string>();
    for (const { method, path, op } of operations()) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const input = fc.record({
        admin: fc.boolean(),
        params: fc.tuple(...names.map(() => pathValue), fc.constant('')),
        query: queryFor(op),
        body: bodyFor(op),
        type: contentType,
        encoding: contentEncoding,
      });
      await fc.assert(fc.asyncProperty(input, async ({ admin, params, query, body, type, encoding }) => {
        let url = path;
        names.forEach((name, i) => { url = url.replace(`{${name}}`, params[i]!); });
        if (query) url += `?${query}`;
        let req = request(t.app)[method as 'get'](url);
        if (admin) req = req.set('Authorization', adminAuth);
        if (body !== undefined && method !== 'get' && method !== 'head') {
          req = req.set('Content-Type', type);
          if (encoding) req = req.set('Content-Encoding', encoding);
          req = req.send(body);
        }
        const res = await req;
        const what = `${method.toUpperCase()} ${url} ${admin ? 'admin' : 'anonymous'} ${type}${encoding ? ` ${encoding}` : ''} ${String(body).slice(0, 200)}`;
        expect(res.status, `${what}\\n→ ${res.status} ${res.text?.slice(0, 300)}`).toBeLessThan(500);
        seen.add(`${method} ${path}`);
        if (res.status < 400) {
          baseline = await tableCounts(t.db.pool);
          return;
        }
        if (method !== 'head') {
          expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
          expect(typeof res.body.code, what).toBe('string');
          expect(res.text, what).not.toMatch(/\bat .*\.ts:\d+|SELECT |INSERT /);
        }
        expect(await tableCounts(t.db.pool), `${what} → ${res.status} changed the database`).toEqual(baseline);
        if (admin && res.status === 401) {
          await freshAdmin(); // the fuzz revoked its own token or disabled its user
          baseline = await tableCounts(t.db.pool);
        }
      }), { numRuns: RUNS });
    }
    expect(seen.size).toBe(operations().length);
  }, Math.max(120_000, RUNS * 5_000));
});

describe('fuzzing the public endpoints', () => {
  it('registration refuses every malformed or hostile body', async () => {
    const before = await tableCounts(t.db.pool);
    await fc.assert(fc.asyncProperty(badRegistration, async (body) => {
      await expectRefused(await request(t.app).post(`/api/v1/activities/${activityId}/registrations`).send(body as object), before);
    }), { numRuns: 60 });
  });

  it('registration refuses hostile paths and raw bodies', async () => {
    const before = await tableCounts(t.db.pool);
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 200 }), async (id, raw) => {
      const res = await request(t.app).post(`/api/v1/activities/${encodeURIComponent(id)}x/registrations`).set('Content-Type', 'application/json').send(raw);
      await expectRefused(res, before);
    }), { numRuns: 40 });
  });

  it('feeds answer any token they do not know with a 404 problem', async () => {
    const before = await tableCounts(t.db.pool);
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/)), async (token) => {
      const res = await request(t.app).get(`/feeds/${encodeURIComponent(token)}.ics`);
      expect(res.status, token).toBe(404);
      await expectRefused(res, before);
    }), { numRuns: 60 });
  });

  it('sign-in refuses malformed bodies and reveals nothing about unknown addresses', async () => {
    const before = await tableCounts(t.db.pool);
    await fc.assert(fc.asyncProperty(fc.dictionary(hostileText, hostileValue, { maxKeys: 3 }), async (body) => {
      const res = await request(t.app).post('/api/v1/auth/sign-in').send({ ...body, extra: 1 });
      await expectRefused(res, before);
    }), { numRuns: 40 });
    await fc.assert(fc.asyncProperty(fc.emailAddress(), async (email) => {
      const res = await request(t.app).post('/api/v1/auth/sign-in').send({ email });
      expect([202, 422]).toContain(res.status);
      expect(await tableCounts(t.db.pool)).toEqual(before);
    }), { numRuns: 30 });
  });

  it('a completed sign-in link page refuses forged tokens', async () => {
    const before = await tableCounts(t.db.pool);
    await fc.assert(fc.asyncProperty(fc.string({ minLength: 1, maxLength: 100 }), async (token) => {
      const res = await request(t.app).post(`/auth/sign-in/${encodeURIComponent(token)}`);
      await expectRefused(res, before);
    }), { numRuns: 30 });
  });
});
