import { createHmac } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { endpointSenders } from '../../src/webhook-senders.ts';
import { createWebhookWorker } from '../../src/webhooks/worker.ts';
import { publish } from '../../src/webhooks/events.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';
import { startReceiver, type Received, type Receiver } from '../helpers/receiver.ts';

/**
 * Group robots, each against a loopback receiver that checks what the platform documents: the path
 * and credential, the message shape and size, and the signature computed here from the documented
 * algorithm (not with Orrery's code).
 */
let t: TestContext;
let clock: FixedClock;
let receiver: Receiver;
let unitId: number;
const log = createLogger('silent');
const DING_SECRET = 'SEC0123456789abcdef0123456789abcdef';
const FEISHU_SECRET = 'feishu-secret-0123';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** WeCom: POST /cgi-bin/webhook/send?key=…, markdown content of at most 4096 bytes. */
function wecomValid(r: Received, key: string): boolean {
  const b = JSON.parse(r.body);
  return r.path === '/cgi-bin/webhook/send' && r.query.get('key') === key && b.msgtype === 'markdown' && typeof b.markdown?.content === 'string' && bytes(b.markdown.content) <= 4096;
}
/** DingTalk: access_token, timestamp in ms within an hour, sign = base64 HMAC-SHA256(secret, timestamp + "\n" + secret). */
function dingValid(r: Received, token: string): boolean {
  const b = JSON.parse(r.body);
  const ts = Number(r.query.get('timestamp'));
  const expected = createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64');
  return r.path === '/robot/send' && r.query.get('access_token') === token && Math.abs(ts - clock.now().toMillis()) < 3_600_000
    && r.query.get('sign') === expected && b.msgtype === 'markdown' && typeof b.markdown?.title === 'string' && typeof b.markdown?.text === 'string';
}
/** Feishu: timestamp (s) and sign = base64 HMAC-SHA256 keyed by timestamp + "\n" + secret over nothing, in the body; body ≤ 20 KB. */
function feishuValid(r: Received, hook: string): boolean {
  const b = JSON.parse(r.body);
  const expected = createHmac('sha256', `${b.timestamp}\n${FEISHU_SECRET}`).update('').digest('base64');
  return r.path === `/open-apis/bot/v2/hook/${hook}` && b.sign === expected && Math.abs(Number(b.timestamp) - clock.now().toSeconds()) < 3600
    && b.msg_type === 'interactive' && b.card?.elements?.[0]?.tag === 'markdown' && bytes(r.body) <= 20 * 1024;
}
const text = (r: Received): string => {
  const b = JSON.parse(r.body);
  return b.markdown?.content ?? b.markdown?.text ?? b.card?.elements?.[0]?.content ?? '';
};

/** What each platform answers an accepted message with. */
const platformOk = (r: Received) => ({ status: 200, body: r.path.startsWith('/open-apis/') ? '{"code":0,"msg":"success","data":{}}' : '{"errcode":0,"errmsg":"ok"}' });

beforeAll(async () => {
  clock = new FixedClock('2026-11-24T00:00:00Z');
  t = await startTestApp({ clock, env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
  receiver = await startReceiver(platformOk);
  unitId = (await createUnit(t.app)).id;
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const worker = () => createWebhookWorker({ pool: t.db.pool, clock, log, senders: endpointSenders(), policy: { allowPrivate: true } });
const addChannel = async (body: Record<string, unknown>) => {
  const res = await t.api.post('/api/v1/channels').send({ unitId, topics: ['activity_changes', 'overdue_loans'], ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number };
};
const sentTo = (path: string) => receiver.requests.filter((r) => r.path === path);

describe('group-robot channels', () => {
  it('posts an activity change to WeCom, DingTalk and Feishu in each documented shape and signature, in Chinese, once', async () => {
    await addChannel({ platform: 'wecom', url: `${receiver.url}/cgi-bin/webhook/send?key=wk-1` });
    await addChannel({ platform: 'dingtalk', url: `${receiver.url}/robot/send?access_token=dt-1`, secret: DING_SECRET });
    await addChannel({ platform: 'feishu', url: `${receiver.url}/open-apis/bot/v2/hook/fs-1`, secret: FEISHU_SECRET });
    const listed = await t.api.get(`/api/v1/channels?unitId=${unitId}`);
    expect(listed.body.map((c: { platform: string; signed: boolean }) => [c.platform, c.signed])).toEqual([['wecom', false], ['dingtalk', true], ['feishu', true]]);
    expect(JSON.stringify(listed.body)).not.toContain(DING_SECRET);

    const a = await createActivity(t.app, unitId, { status: 'confirmed', title: { 'zh-CN': '天文馆参观', en: 'Planetarium' }, startsAt: '2026-11-25T14:00:00+08:00', endsAt: '2026-11-25T16:00:00+08:00' });
    expect((await t.api.patch(`/api/v1/activities/${a.id}`).send({ startsAt: '2026-11-25T15:00:00+08:00', endsAt: '2026-11-25T17:00:00+08:00' })).status).toBe(200);
    await worker().drain();
    const [wecom, ding, feishu] = [sentTo('/cgi-bin/webhook/send'), sentTo('/robot/send'), sentTo('/open-apis/bot/v2/hook/fs-1')];
    expect([wecom.length, ding.length, feishu.length]).toEqual([1, 1, 1]);
    expect(wecomValid(wecom[0]!, 'wk-1')).toBe(true);
    expect(dingValid(ding[0]!, 'dt-1')).toBe(true);
    expect(feishuValid(feishu[0]!, 'fs-1')).toBe(true);
    for (const r of [wecom[0]!, ding[0]!, feishu[0]!]) {
      expect(text(r)).toContain('活动变更：天文馆参观');
      expect(text(r)).toContain('2026年11月25日 15:00–17:00');
      expect(text(r)).not.toMatch(/confirmed|Asia\/Shanghai|activity\./);
    }
  });

  it("posts an afternoon visit moved in the morning to the class's WeCom group within 60 s, and its cancellation", async () => {
    const school = (await createUnit(t.app, { kind: 'school' })).id;
    const cls = (await t.api.post('/api/v1/classes').send({ unitId: school, kind: 'school_class', code: 'g7-2', grade: 7, number: 2, size: 40, name: { 'zh-CN': '七年级2班', en: 'Grade 7 class 2' } })).body;
    await t.api.post('/api/v1/channels').send({ classId: cls.id, platform: 'wecom', url: `${receiver.url}/cgi-bin/webhook/send?key=class-7-2`, topics: ['activity_changes'] }).expect(201);
    // 08:00 in Shanghai: the visit is this afternoon.
    clock.set('2026-11-25T00:00:00Z');
    const visit = await createActivity(t.app, unitId, { status: 'confirmed', title: { 'zh-CN': '科技馆参观', en: 'Science museum' }, startsAt: '2026-11-25T14:00:00+08:00', endsAt: '2026-11-25T16:00:00+08:00' });
    expect((await t.api.put(`/api/v1/activities/${visit.id}/classes`).send({ classIds: [cls.id] })).status).toBe(200);
    const w = worker();
    await w.drain();
    const before = receiver.requests.filter((r) => r.query.get('key') === 'class-7-2').length;
    clock.set('2026-11-25T01:30:00Z');
    expect((await t.api.patch(`/api/v1/activities/${visit.id}`).send({ startsAt: '2026-11-25T15:00:00+08:00', endsAt: '2026-11-25T17:00:00+08:00' })).status).toBe(200);
    clock.advance({ seconds: 30 });
    await w.runOnce();
    const got = receiver.requests.filter((r) => r.query.get('key') === 'class-7-2').slice(before);
    expect(got).toHaveLength(1);
    expect(wecomValid(got[0]!, 'class-7-2')).toBe(true);
    expect(text(got[0]!)).toContain('活动变更：科技馆参观');
    expect(text(got[0]!)).toContain('2026年11月25日 15:00–17:00');
    expect((await t.api.patch(`/api/v1/activities/${visit.id}`).send({ status: 'cancelled' })).status).toBe(200);
    clock.advance({ seconds: 30 });
    await w.runOnce();
    const cancelled = receiver.requests.filter((r) => r.query.get('key') === 'class-7-2').slice(before + 1);
    expect(cancelled).toHaveLength(1);
    expect(text(cancelled[0]!)).toContain('活动取消：科技馆参观');
  });

  it('refuses private addresses, addresses not of the platform, and a secret for WeCom', async () => {
    const strict = buildApp({ config: { ...t.config, webhookAllowPrivate: false }, pool: t.db.pool, log, clock });
    const res = await request(strict).post('/api/v1/channels').set(t.admin).send({ unitId, platform: 'wecom', url: 'http://10.0.0.8/cgi-bin/webhook/send?key=k', topics: ['overdue_loans'] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('url_not_allowed');
    expect((await t.api.post('/api/v1/channels').send({ unitId, platform: 'feishu', url: `${receiver.url}/elsewhere`, topics: ['overdue_loans'] })).status).toBe(422);
    expect((await t.api.post('/api/v1/channels').send({ unitId, platform: 'wecom', url: `${receiver.url}/cgi-bin/webhook/send?key=k`, secret: 'SECabcdefgh', topics: ['overdue_loans'] })).status).toBe(422);
  });

  it('splits an oversize message into parts within the platform limit, sent in order, each once', async () => {
    const other = (await createUnit(t.app)).id;
    await t.api.post('/api/v1/channels').send({ unitId: other, platform: 'wecom', url: `${receiver.url}/cgi-bin/webhook/send?key=big`, topics: ['overdue_loans'] }).expect(201);
    const labels = Array.from({ length: 150 }, (_, i) => `天文望远镜 ${i + 1} 号（折射式，口径一百毫米）`);
    await publish(t.db.pool, clock.now().toISO()!, { type: 'loan.overdue', data: { loanId: 9, poolZh: '望远镜', dueBack: '2026-11-20T10:00:00Z', daysOverdue: 4, labels }, scope: { unitIds: [other], classIds: [] } });
    await worker().drain();
    const parts = receiver.requests.filter((r) => r.query.get('key') === 'big');
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.length).toBeLessThanOrEqual(3);
    for (const p of parts) expect(wecomValid(p, 'big')).toBe(true);
    expect(text(parts[0]!)).toContain('借用逾期：望远镜');
    expect(text(parts[1]!)).toContain('（续）');
  });

  it('keeps to 20 messages a minute per WeCom robot: the rest wait in the queue and go the next minute', async () => {
    const other = (await createUnit(t.app)).id;
    await t.api.post('/api/v1/channels').send({ unitId: other, platform: 'wecom', url: `${receiver.url}/cgi-bin/webhook/send?key=busy`, topics: ['overdue_loans'] }).expect(201);
    for (let i = 0; i < 25; i++) await publish(t.db.pool, clock.now().toISO()!, { type: 'loan.overdue', data: { loanId: i, poolZh: `池${i}`, dueBack: '2026-11-20T10:00:00Z', daysOverdue: 1, labels: [] }, scope: { unitIds: [other], classIds: [] } });
    await worker().drain();
    const busy = () => receiver.requests.filter((r) => r.query.get('key') === 'busy');
    expect(busy()).toHaveLength(20);
    clock.advance({ seconds: 61 });
    await worker().drain();
    expect(busy()).toHaveLength(25);
    expect(new Set(busy().map(text)).size).toBe(25);
  });

  it("turns a robot off when the platform says its key was revoked, and shows why", async () => {
    const other = (await createUnit(t.app)).id;
    const c = (await t.api.post('/api/v1/channels').send({ unitId: other, platform: 'wecom', url: `${receiver.url}/cgi-bin/webhook/send?key=revoked`, topics: ['overdue_loans'] }).expect(201)).body;
    receiver.respondWith((r) => (r.query.get('key') === 'revoked' ? { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' } : platformOk(r)));
    await publish(t.db.pool, clock.now().toISO()!, { type: 'loan.overdue', data: { loanId: 1, poolZh: '池', dueBack: '2026-11-20T10:00:00Z', daysOverdue: 1, labels: [] }, scope: { unitIds: [other], classIds: [] } });
    await worker().drain();
    clock.advance({ hours: 3 });
    await worker().drain();
    expect(receiver.requests.filter((r) => r.query.get('key') === 'revoked')).toHaveLength(1);
    const [listed] = (await t.api.get(`/api/v1/channels?unitId=${other}`)).body;
    expect(listed).toMatchObject({ id: c.id, enabled: false });
    expect(listed.disabledReason).toContain('93000');
    // The organizer home lists it among the failing channels.
    const home = await t.api.get(`/api/v1/home?unitId=${other}`);
    expect(home.status, JSON.stringify(home.body)).toBe(200);
    expect(home.body.failingChannels).toEqual([expect.objectContaining({ channelId: c.id, platform: 'wecom', enabled: false, failing: 1 })]);
    const log = await t.api.get(`/api/v1/webhooks/${c.id}/deliveries`);
    expect(log.body.items[0]).toMatchObject({ status: 'failed', lastStatus: 200 });
    receiver.respondWith(platformOk);
  });

  it('retries a DingTalk robot over its rate limit after a minute', async () => {
    const other = (await createUnit(t.app)).id;
    await t.api.post('/api/v1/channels').send({ unitId: other, platform: 'dingtalk', url: `${receiver.url}/robot/send?access_token=slow`, secret: DING_SECRET, topics: ['overdue_loans'] }).expect(201);
    let first = true;
    receiver.respondWith((r) => {
      if (r.query.get('access_token') === 'slow' && first) {
        first = false;
        return { status: 200, body: '{"errcode":130101,"errmsg":"send too fast"}' };
      }
      return platformOk(r);
    });
    await publish(t.db.pool, clock.now().toISO()!, { type: 'loan.overdue', data: { loanId: 1, poolZh: '池', dueBack: '2026-11-20T10:00:00Z', daysOverdue: 1, labels: [] }, scope: { unitIds: [other], classIds: [] } });
    await worker().drain();
    clock.advance({ seconds: 30 });
    await worker().drain();
    const slow = () => receiver.requests.filter((r) => r.query.get('access_token') === 'slow');
    expect(slow()).toHaveLength(1);
    clock.advance({ seconds: 31 });
    await worker().drain();
    expect(slow()).toHaveLength(2);
    expect(slow().every((r) => dingValid(r, 'slow'))).toBe(true);
  });
});
