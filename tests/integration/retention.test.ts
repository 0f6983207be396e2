import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/shared/clock.ts';
import { claimKey } from '../../src/http/idempotency.queries.ts';
import { sweepRetention } from '../../src/retention/retention.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';

/**
 * Rows that outlive their use go after their retention, and not before: the clock is moved across
 * each expiry and the sweep is run on both sides of it. Idempotency keys whose first request died
 * with its process become usable again after their lease.
 */
const START = '2026-11-24T00:00:00.000Z';
let t: TestContext;
const clock = new FixedClock(START);
const links: string[] = [];
let unitId: number;

beforeAll(async () => {
  t = await startTestApp({ clock, env: { SIGN_IN_RATE_LIMIT: '1000' }, deps: { signInMailer: async (_to, link) => void links.push(link) } });
  unitId = (await createUnit(t.app)).id;
  expect((await t.api.post('/api/v1/users').send({ email: 'keeper@retention.example.org', role: 'admin' })).status).toBe(201);
});
afterAll(() => t.close());

const count = async (sql: string, params: unknown[] = []) => (await t.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n;
const sweep = () => sweepRetention(t.db.pool, clock, t.config.retention);

async function signIn(): Promise<string> {
  await request(t.app).post('/api/v1/auth/sign-in').send({ email: 'keeper@retention.example.org' });
  const res = await request(t.app).post(new URL(links.at(-1)!).pathname);
  expect(res.status).toBe(303);
  return res.headers['set-cookie']![0]!.split(';')[0]!;
}

describe('idempotency keys', () => {
  const body = () => ({ slug: `key-unit-${Math.random().toString(36).slice(2, 8)}`, kind: 'academy_unit', name: { 'zh-CN': '单位', en: 'Unit' } });

  it('a key whose first request died may be retried after its lease, not before', async () => {
    clock.set(START);
    const unit = body();
    const hash = createHash('sha256').update(`POST /api/v1/units\n${JSON.stringify(unit)}`).digest();
    expect((await t.api.post('/api/v1/units').set('Idempotency-Key', 'probe-1').send(body())).status).toBe(201);
    const { actor } = (await t.db.pool.query<{ actor: string }>('SELECT actor FROM idempotency_keys WHERE key = $1', ['probe-1'])).rows[0]!;
    // The first request claimed the key, then its process was killed before it answered.
    expect(await claimKey(t.db.pool, { actor, key: 'dead-1', method: 'POST', path: '/api/v1/units', requestHash: hash, now: clock.now().toISO()!,
      expiredBefore: '2000-01-01T00:00:00Z', abandonedBefore: '2000-01-01T00:00:00Z' })).toBe(true);
    clock.advance({ seconds: t.config.retention.idempotencyLeaseSeconds - 1 });
    const early = await t.api.post('/api/v1/units').set('Idempotency-Key', 'dead-1').send(unit);
    expect(early.status, early.text).toBe(409);
    expect(early.body.code).toBe('idempotency_in_progress');

    clock.advance({ seconds: 2 });
    const retried = await t.api.post('/api/v1/units').set('Idempotency-Key', 'dead-1').send(unit);
    expect(retried.status, retried.text).toBe(201);
    const replay = await t.api.post('/api/v1/units').set('Idempotency-Key', 'dead-1').send(unit);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(retried.body.id);
  });

  it('answers are replayed for IDEMPOTENCY_KEY_HOURS, then the key is free and swept', async () => {
    clock.set(START);
    const first = await t.api.post('/api/v1/units').set('Idempotency-Key', 'expiring-1').send(body());
    expect(first.status).toBe(201);
    clock.advance({ hours: t.config.retention.idempotencyKeyHours, seconds: -1 });
    await sweep();
    expect(await count(`idempotency_keys WHERE key = 'expiring-1'`)).toBe(1);
    const other = body();
    expect((await t.api.post('/api/v1/units').set('Idempotency-Key', 'expiring-1').send(other)).status).toBe(422);
    clock.advance({ seconds: 2 });
    await sweep();
    expect(await count(`idempotency_keys WHERE key = 'expiring-1'`)).toBe(0);
    expect((await t.api.post('/api/v1/units').set('Idempotency-Key', 'expiring-1').send(other)).status).toBe(201);
  });

  it('an expired key not yet swept is free as well', async () => {
    clock.set(START);
    expect((await t.api.post('/api/v1/units').set('Idempotency-Key', 'unswept-1').send(body())).status).toBe(201);
    clock.advance({ hours: t.config.retention.idempotencyKeyHours, seconds: 1 });
    const again = await t.api.post('/api/v1/units').set('Idempotency-Key', 'unswept-1').send(body());
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('retention sweep', () => {
  it('deletes sessions only after they expired or were revoked SESSION_RETENTION_DAYS ago', async () => {
    clock.set(START);
    await signIn();
    const revoked = await signIn();
    const me = await request(t.app).get('/api/v1/auth/me').set('Cookie', revoked);
    expect((await request(t.app).post('/api/v1/auth/sign-out').set('Cookie', revoked).set('X-CSRF-Token', me.body.csrfToken)).status).toBe(204);
    const sessions = () => count('sessions');
    const before = await sessions();
    const { sessionDays } = t.config.retention;
    clock.set(START);
    clock.advance({ days: sessionDays, seconds: -1 });
    await sweep();
    expect(await sessions()).toBe(before);
    clock.advance({ seconds: 2 });
    await sweep();
    expect(await sessions()).toBe(before - 1); // the revoked one
    expect(await count('sessions WHERE revoked_at IS NULL')).toBe(before - 1);
    clock.set(START);
    clock.advance({ days: t.config.sessionDays + sessionDays, seconds: 1 });
    await sweep();
    expect(await sessions()).toBe(0);
  });

  it('deletes sign-in links SIGN_IN_LINK_RETENTION_DAYS after they expired', async () => {
    clock.set(START);
    await request(t.app).post('/api/v1/auth/sign-in').send({ email: 'keeper@retention.example.org' });
    const links = () => count('sign_in_links');
    const before = await links();
    expect(before).toBeGreaterThan(0);
    clock.advance({ minutes: t.config.signInLinkMinutes, days: t.config.retention.signInLinkDays, seconds: -1 });
    await sweep();
    expect(await links()).toBe(before);
    clock.advance({ seconds: 2 });
    await sweep();
    expect(await links()).toBe(0);
  });

  it('deletes finished emails of activities over for DELIVERY_RETENTION_DAYS, never those of live activities', async () => {
    clock.set(START);
    const old = await createActivity(t.app, unitId, { status: 'confirmed', capacity: 5, startsAt: '2027-03-02T09:00:00+08:00', endsAt: '2027-03-02T11:00:00+08:00' });
    const live = await createActivity(t.app, unitId, { status: 'confirmed', capacity: 5, startsAt: '2029-03-02T09:00:00+08:00', endsAt: '2029-03-02T11:00:00+08:00' });
    for (const a of [old, live]) {
      expect((await request(t.app).post(`/api/v1/activities/${a.id}/registrations`).send({ name: '李华', email: `p${a.id}@retention.example.org`, role: 'student' })).status).toBe(201);
    }
    await t.db.pool.query(`UPDATE deliveries SET status = 'sent', sent_at = $1 WHERE activity_id = ANY($2::bigint[]) AND kind <> 'reminder'`, [START, [old.id, live.id]]);
    await t.db.pool.query(`UPDATE deliveries SET status = 'cancelled' WHERE activity_id = ANY($1::bigint[]) AND kind = 'reminder'`, [[old.id, live.id]]);
    const of = (id: number) => count('deliveries WHERE activity_id = $1', [id]);
    const oldBefore = await of(old.id);
    const liveBefore = await of(live.id);
    expect(oldBefore).toBeGreaterThan(0);
    clock.set('2027-03-02T03:00:00Z');
    clock.advance({ days: t.config.retention.deliveryDays, seconds: -1 });
    await sweep();
    expect(await of(old.id)).toBe(oldBefore);
    clock.advance({ seconds: 2 });
    const swept = await sweep();
    expect(swept.deliveries).toBe(oldBefore);
    expect(await of(old.id)).toBe(0);
    expect(await of(live.id)).toBe(liveBefore);
    // A second sweep (or one in another process at the same time) deletes nothing more.
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect(a.deliveries + b.deliveries).toBe(0);
  });
});
