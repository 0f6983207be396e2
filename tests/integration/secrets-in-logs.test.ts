import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { redactUrl } from '../../src/http/redact.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createUnit } from '../helpers/factories.ts';

/**
 * Secrets travel in URLs (feed tokens, sign-in links, signed participant links, API tokens pasted
 * into a query). However a client spells the URL, as long as routing would accept it or it merely
 * carries the secret, neither the log (at the default level or below) nor the answer may show it.
 */
let t: TestContext;
let feedToken: string;
let apiToken: string;

beforeAll(async () => {
  t = await startTestApp({ env: { FEED_RATE_LIMIT_PER_MINUTE: '100000' } });
  const unit = await createUnit(t.app);
  const feed = await t.api.post('/api/v1/feeds').send({ type: 'unit', ownerUnitId: unit.id, unitId: unit.id, name: 'Log test' });
  expect(feed.status, feed.text).toBe(201);
  feedToken = feed.body.token;
  apiToken = t.admin.Authorization.split(' ')[1]!;
});
afterAll(() => t.close());

function appLoggingAt(level: string) {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const app = buildApp({ config: t.config, pool: t.db.pool, log: createLogger(level, sink), clock: t.clock });
  return { app, text: () => lines.join('\n') };
}

const variants = () => [
  { name: 'double slash', path: `/feeds//${feedToken}.ics` },
  { name: 'upper-case prefix', path: `/FEEDS/${feedToken}.ics` },
  { name: 'mixed case and slashes', path: `//Feeds///${feedToken}.ics?x=1` },
  { name: 'encoded slash', path: `/feeds%2F${feedToken}.ics` },
  { name: 'percent-encoded prefix', path: `/%66eeds/${feedToken}.ics` },
  { name: 'malformed encoding after the token', path: `/feeds/${feedToken}%ZZ.ics` },
  { name: 'access_token in the query', path: `/api/v1/auth/me?access_token=${apiToken}` },
  { name: 'percent-encoded sig', path: `/registrations/1?%73ig=${feedToken}` },
  { name: 'upper-case SIG', path: `/registrations/1?SIG=${feedToken}&lang=en` },
  { name: 'token in an unexpected query value', path: `/api/v1/activities?t=${apiToken}` },
  { name: 'token as a query name', path: `/api/v1/activities?${apiToken}=1` },
  { name: 'feed token as a query name', path: `/api/v1/units?${feedToken}` },
  { name: 'sign-in link with doubled slash', path: `/auth//sign-in/${apiToken}` },
  { name: 'sign-in link upper case', path: `/AUTH/Sign-In/${apiToken}` },
];

describe('secrets stay out of logs and error bodies', () => {
  it('logs one line per request when it is done: id, method, redacted URL, status, milliseconds; successes at debug only', async () => {
    const lines = async (level: string) => {
      const { app, text } = appLoggingAt(level);
      await request(app).get(`/feeds/${feedToken}.ics`).set('X-Request-Id', 'line-1');
      await request(app).get('/nope').set('X-Request-Id', 'line-2');
      await new Promise((r) => setTimeout(r, 50));
      return text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>).filter((l) => String(l.req?.id).startsWith('line-'))
        .map((l) => ({ level: l.level, msg: l.msg, req: l.req, res: l.res, ms: typeof l.responseTime }));
    };
    const feedLine = { level: 20, msg: 'request completed', req: { id: 'line-1', method: 'GET', url: '/feeds/[redacted]' }, res: { status: 200 }, ms: 'number' };
    const missingLine = { level: 30, msg: 'request completed', req: { id: 'line-2', method: 'GET', url: '/nope' }, res: { status: 404 }, ms: 'number' };
    expect(await lines('debug')).toEqual([feedLine, missingLine]);
    expect(await lines('info')).toEqual([missingLine]);
  });

  for (const level of ['info', 'debug']) {
    it(`at log level ${level}, for every spelling of a secret-bearing URL`, async () => {
      const { app, text } = appLoggingAt(level);
      for (const { name, path } of variants()) {
        for (const method of ['get', 'post'] as const) {
          const res = await request(app)[method](path);
          // The page behind a sign-in link posts back to its own URL: that page may hold its link.
          if (path.toLowerCase().includes('sign-in') && method === 'get' && res.status === 200) continue;
          expect(res.text, `${name} (${method}) echoes the secret`).not.toContain(feedToken.slice(5, 30));
          expect(res.text, `${name} (${method}) echoes the secret`).not.toContain(apiToken.slice(5, 30));
        }
      }
      const log = text();
      expect(log.length).toBeGreaterThan(0);
      expect(log).not.toContain(feedToken.slice(5, 30));
      expect(log).not.toContain(apiToken.slice(5, 30));
    });
  }

  it('a 404 does not echo the path it could not route', async () => {
    const res = await request(t.app).get(`/feeds//${feedToken}.ics`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain(feedToken);
    expect(res.text).not.toContain('/feeds');
  });

  it('redaction keeps URLs without secrets readable', () => {
    expect(redactUrl('/api/v1/activities?from=2027-01-01&limit=5')).toBe('/api/v1/activities?from=2027-01-01&limit=5');
    expect(redactUrl('/registrations/12?sig=abc&lang=en')).toBe('/registrations/12?sig=[redacted]&lang=en');
    expect(redactUrl('/feeds/abc.ics')).toBe('/feeds/[redacted]');
    expect(redactUrl('/api/v1/feeds/12/rotate')).toBe('/api/v1/feeds/12/rotate');
  });
});
