import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authService } from '../../src/auth/auth.service.ts';
import { SESSION_COOKIE } from '../../src/auth/auth.middleware.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';

/**
 * A request that changes nothing must not write to the database (issue 23 item 1's class): reads
 * authenticated with an API token touch `last_used_at` at most once a minute, and reads with a
 * session cookie write nothing. Row versions are read from `xmin`, which changes on every UPDATE.
 */
const clock = new FixedClock('2026-11-24T02:00:00Z');
let t: TestContext;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t.close());

const tokenRow = async () =>
  (await t.db.pool.query(`SELECT xmin::text AS xmin, to_json(last_used_at)#>>'{}' AS "lastUsedAt" FROM api_tokens WHERE user_id =
     (SELECT id FROM users WHERE email = 'test-admin@test.example.org')`)).rows[0] as { xmin: string; lastUsedAt: string | null };

describe('authenticated reads', () => {
  it('with one API token write at most one row version per minute, and last use stays meaningful', async () => {
    expect((await request(t.app).get('/api/v1/auth/me').set(t.admin)).status).toBe(200);
    const first = await tokenRow();
    expect(first.lastUsedAt).not.toBeNull();
    expect(Date.parse(first.lastUsedAt!)).toBe(Date.parse('2026-11-24T02:00:00Z'));
    for (let i = 0; i < 10; i++) {
      clock.advance({ seconds: 5 });
      expect((await request(t.app).get('/api/v1/auth/me').set(t.admin)).status).toBe(200);
    }
    expect(await tokenRow()).toEqual(first);
    clock.advance({ seconds: 10 });
    expect((await request(t.app).get('/api/v1/auth/tokens').set(t.admin)).status).toBe(200);
    const later = await tokenRow();
    expect(later.xmin).not.toBe(first.xmin);
    expect(Date.parse(later.lastUsedAt!)).toBe(Date.parse('2026-11-24T02:01:00Z'));
  });

  it('with a session cookie write nothing to the session', async () => {
    let link = '';
    const auth = authService(t.db.pool, clock, t.config, async (_to, l) => void (link = l));
    await auth.requestSignIn('test-admin@test.example.org');
    await expect.poll(() => link).not.toBe('');
    const session = await auth.completeSignIn(link.split('/').pop()!);
    const rowOf = async () => (await t.db.pool.query('SELECT xmin::text AS xmin FROM sessions ORDER BY id DESC LIMIT 1')).rows[0];
    const before = await rowOf();
    for (let i = 0; i < 5; i++) {
      clock.advance({ minutes: 2 });
      expect((await request(t.app).get('/api/v1/auth/me').set('Cookie', `${SESSION_COOKIE}=${session.token}`)).status).toBe(200);
    }
    expect(await rowOf()).toEqual(before);
  });
});
