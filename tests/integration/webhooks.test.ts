import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { linkSigner, resolveSecret } from '../../src/auth/signed-links.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { endpointSenders } from '../../src/webhook-senders.ts';
import { createWebhookWorker } from '../../src/webhooks/worker.ts';
import { publish } from '../../src/webhooks/events.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';
import { standardSignatureValid, startReceiver, type Receiver } from '../helpers/receiver.ts';

let t: TestContext;
let clock: FixedClock;
let receiver: Receiver;
let unitId: number;
const log = createLogger('silent');

beforeAll(async () => {
  clock = new FixedClock('2026-11-24T00:00:00Z');
  t = await startTestApp({ clock, env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
  receiver = await startReceiver();
  unitId = (await createUnit(t.app)).id;
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const worker = () => createWebhookWorker({ pool: t.db.pool, clock, log, senders: endpointSenders(), policy: { allowPrivate: true }, pollMs: 20 });

async function endpoint(path: string, eventTypes: string[] = ['activity.created', 'activity.changed', 'activity.cancelled']) {
  const res = await t.api.post('/api/v1/webhooks').send({ url: `${receiver.url}${path}`, eventTypes, description: '教务系统' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; secret: string };
}
const at = (path: string) => receiver.requests.filter((r) => r.path === path);
const event = (path: string) => publish(t.db.pool, clock.now().toISO()!, { type: 'loan.overdue', data: { loanId: 1, path }, scope: { unitIds: [], classIds: [] } });

describe('signed webhooks', () => {
  it('registers an endpoint with a secret shown once, and refuses private addresses unless allowed', async () => {
    const e = await endpoint('/once');
    expect(e.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const list = await t.api.get('/api/v1/webhooks');
    expect(list.status).toBe(200);
    const listed = list.body.find((x: { id: number }) => x.id === e.id);
    expect(listed).toMatchObject({ id: e.id, description: '教务系统', enabled: true, failing: 0 });
    expect(JSON.stringify(list.body)).not.toContain(e.secret);

    // The same app with the default policy: loopback and private addresses are refused, and nothing is stored.
    const strict = buildApp({ config: { ...t.config, webhookAllowPrivate: false }, pool: t.db.pool, log, clock });
    for (const url of ['http://127.0.0.1:9/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'http://localhost:8080/']) {
      const res = await request(strict).post('/api/v1/webhooks').set(t.admin).send({ url, eventTypes: ['activity.created'] });
      expect(res.status, url).toBe(422);
      expect(res.body.code).toBe('url_not_allowed');
    }
    expect((await t.api.get('/api/v1/webhooks')).body).toHaveLength(list.body.length);
    const bad = await t.api.post('/api/v1/webhooks').send({ url: receiver.url, eventTypes: ['activity.exploded'] });
    expect(bad.status).toBe(422);
  });

  it('delivers an activity event once with Standard Webhooks headers and a valid signature', async () => {
    const e = await endpoint('/activities');
    const activity = await createActivity(t.app, unitId, { status: 'confirmed' });
    const w = worker();
    expect((await w.drain()).sent).toBeGreaterThanOrEqual(1);
    const got = at('/activities');
    expect(got).toHaveLength(1);
    expect(standardSignatureValid(got[0]!, e.secret)).toBe(true);
    expect(standardSignatureValid(got[0]!, e.secret.replace(/^whsec_./, 'whsec_A'))).toBe(false);
    const payload = JSON.parse(got[0]!.body);
    expect(payload).toMatchObject({ type: 'activity.created', data: { activityId: activity.id, status: 'confirmed', organizerUnitId: unitId } });
    expect(got[0]!.headers['webhook-id']).toMatch(/^msg_/);
    expect(got[0]!.headers['webhook-timestamp']).toBe(String(Math.floor(clock.now().toSeconds())));

    const cancelled = await t.api.patch(`/api/v1/activities/${activity.id}`).send({ status: 'cancelled' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await w.drain();
    expect(at('/activities').map((r) => JSON.parse(r.body).type)).toEqual(['activity.created', 'activity.cancelled']);
    expect(new Set(at('/activities').map((r) => r.headers['webhook-id'])).size).toBe(2);
  });

  it('keeps retrying through an hour-long outage with backoff, with the same webhook-id, and delivers exactly once', async () => {
    const e = await endpoint('/outage', ['loan.overdue']);
    receiver.respondWith((r) => (r.path === '/outage' ? { status: 503 } : { status: 200 }));
    await event('/outage');
    const w = worker();
    const start = clock.now();
    while (clock.now() < start.plus({ hours: 1 })) {
      await w.runOnce();
      clock.advance({ seconds: 30 });
    }
    const during = at('/outage');
    // Backoff 30 s, 1, 2, 4, 8, 16, 32 min: 7 attempts in the hour, not 120.
    expect(during.length).toBeGreaterThanOrEqual(6);
    expect(during.length).toBeLessThanOrEqual(8);
    expect(new Set(during.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const home = (await t.api.get('/api/v1/webhooks')).body.find((x: { id: number }) => x.id === e.id);
    expect(home.failing).toBe(1);

    receiver.respondWith(() => ({ status: 204 }));
    for (let i = 0; i < 70 && at('/outage').filter((r) => r.answered === 204).length === 0; i++) {
      await w.runOnce();
      clock.advance({ minutes: 1 });
    }
    await w.drain();
    const all = at('/outage');
    expect(all.filter((r) => r.answered === 204)).toHaveLength(1);
    expect(new Set(all.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(all.every((r) => standardSignatureValid(r, e.secret))).toBe(true);

    const log = await t.api.get(`/api/v1/webhooks/${e.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.items[0]).toMatchObject({ status: 'sent', lastStatus: 204, eventType: 'loan.overdue' });
    const detail = await t.api.get(`/api/v1/webhook-deliveries/${log.body.items[0].id}`);
    expect(detail.body.attemptLog.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([...during.map(() => 503), 204]);
  });

  it('honours 429 Retry-After', async () => {
    await endpoint('/busy', ['loan.overdue']);
    receiver.respondWith((r) => (r.path === '/busy' ? { status: 429, headers: { 'retry-after': '600' } } : { status: 200 }));
    await event('/busy');
    const w = worker();
    await w.runOnce();
    expect(at('/busy')).toHaveLength(1);
    clock.advance({ minutes: 9 });
    await w.drain();
    expect(at('/busy')).toHaveLength(1);
    receiver.respondWith(() => ({ status: 200 }));
    clock.advance({ minutes: 1, seconds: 1 });
    await w.drain();
    expect(at('/busy')).toHaveLength(2);
    expect(at('/busy')[1]!.answered).toBe(200);
  });

  it('turns an endpoint off on 410 Gone, and on again by PATCH', async () => {
    const e = await endpoint('/gone', ['loan.overdue']);
    receiver.respondWith((r) => (r.path === '/gone' ? { status: 410 } : { status: 200 }));
    await event('/gone');
    await worker().drain();
    const off = (await t.api.get('/api/v1/webhooks')).body.find((x: { id: number }) => x.id === e.id);
    expect(off).toMatchObject({ enabled: false });
    expect(off.disabledReason).toContain('410');
    await event('/gone');
    clock.advance({ hours: 2 });
    await worker().drain();
    expect(at('/gone')).toHaveLength(1);
    const on = await t.api.patch(`/api/v1/webhooks/${e.id}`).send({ enabled: true });
    expect(on.body).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('rotates the secret: both signatures for a day, then the new one only', async () => {
    receiver.respondWith(() => ({ status: 200 }));
    const e = await endpoint('/rotate', ['loan.overdue']);
    const rotated = await t.api.post(`/api/v1/webhooks/${e.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(e.secret);
    await event('/rotate');
    await worker().drain();
    const [first] = at('/rotate');
    expect(standardSignatureValid(first!, e.secret)).toBe(true);
    expect(standardSignatureValid(first!, rotated.body.secret)).toBe(true);
    clock.advance({ hours: 25 });
    await event('/rotate');
    await worker().drain();
    const second = at('/rotate')[1]!;
    expect(standardSignatureValid(second, rotated.body.secret)).toBe(true);
    expect(standardSignatureValid(second, e.secret)).toBe(false);
  });

  it('replays a sent delivery with the same webhook-id; a pending one is not replayable', async () => {
    const e = await endpoint('/replay', ['loan.overdue']);
    await event('/replay');
    await worker().drain();
    const [d] = (await t.api.get(`/api/v1/webhooks/${e.id}/deliveries`)).body.items;
    expect((await t.api.post(`/api/v1/webhook-deliveries/${d.id}/replay`)).status).toBe(204);
    const again = await t.api.post(`/api/v1/webhook-deliveries/${d.id}/replay`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('not_replayable');
    await worker().drain();
    const got = at('/replay');
    expect(got).toHaveLength(2);
    expect(got[0]!.headers['webhook-id']).toBe(got[1]!.headers['webhook-id']);
    expect((await t.api.post('/api/v1/webhook-deliveries/999999/replay')).status).toBe(404);
  });

  it('tells registrations and their cancellation, from the registration transaction', async () => {
    receiver.respondWith(() => ({ status: 200 }));
    await endpoint('/registrations', ['registration.confirmed', 'registration.cancelled']);
    const activity = await createActivity(t.app, unitId, { status: 'confirmed' });
    const res = await request(t.app).post(`/api/v1/activities/${activity.id}/registrations`).send({ name: '李华', email: 'lihua@school.example.org', role: 'student' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const sig = linkSigner(resolveSecret(t.config)).sign(res.body.id, 'manage');
    expect((await request(t.app).post(`/api/v1/registrations/${res.body.id}/cancel?sig=${sig}`)).status).toBe(200);
    await worker().drain();
    const got = at('/registrations').map((r) => JSON.parse(r.body) as { type: string; data: { registrationId: number; activityId: number } });
    expect(got.map((g) => g.type)).toEqual(['registration.confirmed', 'registration.cancelled']);
    expect(got[0]!.data).toMatchObject({ registrationId: res.body.id, activityId: activity.id });
    expect(JSON.stringify(got)).not.toContain('lihua@');
  });

  it('is for admins only', async () => {
    const res = await request(t.app).get('/api/v1/webhooks');
    expect(res.status).toBe(401);
  });
});
