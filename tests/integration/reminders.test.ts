import { spawn } from 'node:child_process';
import { once } from 'node:events';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Mailer } from '../../src/notifications/transport.ts';
import { confirmedActivity, deliveriesOf, patchActivity, register, startMailTest, TEST_SECRET, type MailTest } from '../helpers/mail.ts';

let m: MailTest;
beforeAll(async () => {
  m = await startMailTest();
});
afterAll(() => m.close());
beforeEach(async () => {
  m.smtp.refuse(null);
  m.clock.set('2026-11-24T00:00:00Z');
  await m.worker().drain(); // what earlier tests left queued
  m.smtp.clear();
});

const to = (address: string) => m.smtp.messages.filter((x) => x.to.includes(address));
const iso = (d: Date) => d.toISOString();

async function remindersOf(activityId: number) {
  return (await deliveriesOf(m, activityId)).filter((d) => d.kind === 'reminder').map((d) => ({ rule: d.rule, status: d.status, due: iso(d.available_at) }));
}

/** Every Message-ID the receiver saw, exactly once. */
function expectNoDuplicates(): void {
  const repeated = [...m.smtp.countsByMessageId()].filter(([, n]) => n > 1);
  expect(repeated).toEqual([]);
}

describe('planned reminders', () => {
  it('are planned per rule, shifted out of quiet hours in the participant zone, and follow a moved activity', async () => {
    const activity = await confirmedActivity(m); // field visit, 2 March 2027 09:00–11:00 Beijing
    await register(m.t.app, activity.id, { email: 'plan@example.org' });
    expect(await remindersOf(activity.id)).toEqual([
      { rule: '7d', status: 'pending', due: '2027-02-23T01:00:00.000Z' },
      { rule: '1d', status: 'pending', due: '2027-03-01T01:00:00.000Z' },
      // 07:00 in Beijing is inside 21:00–08:00: sent at 20:59 the evening before instead.
      { rule: '2h', status: 'pending', due: '2027-03-01T12:59:00.000Z' },
    ]);
    await patchActivity(m, activity.id, { startsAt: '2027-03-09T14:00:00+08:00', endsAt: '2027-03-09T16:00:00+08:00' });
    expect(await remindersOf(activity.id)).toEqual([
      { rule: '7d', status: 'pending', due: '2027-03-02T06:00:00.000Z' },
      { rule: '1d', status: 'pending', due: '2027-03-08T06:00:00.000Z' },
      { rule: '2h', status: 'pending', due: '2027-03-09T04:00:00.000Z' },
    ]);
    // Nothing goes out at the old times; the reminder arrives once, at the new time.
    await m.worker().drain();
    m.smtp.clear();
    m.clock.set('2027-03-01T02:00:00Z');
    await m.worker().drain();
    expect(to('plan@example.org')).toHaveLength(0);
    m.clock.set('2027-03-08T06:00:00Z');
    await m.worker().drain();
    expect(to('plan@example.org').map((x) => x.parsed.subject)).toEqual(['活动提醒：麋鹿苑考察']);
    expect(to('plan@example.org')[0]!.parsed.text).toContain('2027年3月9日 星期二 14:00–16:00');
  });

  it("respect a participant's own zone and are dropped when the activity is cancelled", async () => {
    const activity = await confirmedActivity(m, { kind: 'science_show' });
    await register(m.t.app, activity.id, { email: 'ny@example.org', timeZone: 'America/New_York' });
    // 7d before is 2027-02-23 01:00Z = 20:00 in New York: outside quiet hours, kept.
    // 1d before is 2027-03-01 01:00Z = 20:00 in New York: kept too.
    expect((await remindersOf(activity.id)).map((r) => r.due)).toEqual(['2027-02-23T01:00:00.000Z', '2027-03-01T01:00:00.000Z']);
    await patchActivity(m, activity.id, { startsAt: '2027-03-02T13:00:00+08:00', endsAt: '2027-03-02T15:00:00+08:00' });
    // 05:00Z = 00:00 in New York: inside quiet hours, moved to 20:59 the evening before.
    expect((await remindersOf(activity.id)).map((r) => r.due)).toEqual(['2027-02-23T01:59:00.000Z', '2027-03-01T01:59:00.000Z']);
    await patchActivity(m, activity.id, { status: 'cancelled' });
    expect((await remindersOf(activity.id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('after downtime, send only the latest missed reminder while the occurrence is ahead, and none once it began', async () => {
    const ahead = await confirmedActivity(m, { kind: 'exhibition' });
    const begun = await confirmedActivity(m, { kind: 'exhibition', startsAt: '2027-01-10T09:00:00+08:00', endsAt: '2027-01-10T11:00:00+08:00' });
    await register(m.t.app, ahead.id, { email: 'ahead@example.org' });
    await register(m.t.app, begun.id, { email: 'begun@example.org' });
    await m.worker().drain();
    m.smtp.clear();
    m.clock.set('2027-03-01T12:00:00Z'); // both reminders of `ahead` missed; `begun` is long over
    await m.worker().drain();
    expect(to('ahead@example.org').map((x) => x.parsed.subject)).toEqual(['活动提醒：麋鹿苑考察']);
    expect(to('begun@example.org')).toHaveLength(0);
    expect((await remindersOf(ahead.id)).map((r) => [r.rule, r.status])).toEqual([['7d', 'skipped'], ['1d', 'sent']]);
    expect((await remindersOf(begun.id)).map((r) => r.status)).toEqual(['skipped', 'skipped']);
  });
});

describe('delivery faults', () => {
  it('an SMTP server refusing for a while: retried with backoff, then each message arrives once', async () => {
    const activity = await confirmedActivity(m);
    for (let i = 0; i < 4; i++) await register(m.t.app, activity.id, { email: `outage${i}@example.org` });
    m.smtp.refuse(451);
    const first = await m.worker().drain();
    expect(first).toMatchObject({ leased: 4, retried: 4, sent: 0 });
    expect(m.smtp.messages).toHaveLength(0);
    m.clock.set('2026-11-24T00:00:29Z'); // first retry after 30 s: not yet
    expect((await m.worker().drain()).leased).toBe(0);
    m.clock.set('2026-11-24T00:00:30Z');
    expect((await m.worker().drain()).retried).toBe(4); // still refusing: next wait is 60 s
    m.smtp.refuse(null);
    m.clock.set('2026-11-24T00:01:30Z');
    expect((await m.worker().drain()).sent).toBe(4);
    expect(m.smtp.messages.map((x) => x.to[0]).sort()).toEqual(['outage0@example.org', 'outage1@example.org', 'outage2@example.org', 'outage3@example.org']);
    expect((await m.worker().drain()).leased).toBe(0);
    expectNoDuplicates();
    const attempts = await m.t.db.pool.query(`SELECT attempts, status FROM deliveries WHERE activity_id = $1 AND kind = 'confirmation'`, [activity.id]);
    expect(attempts.rows).toHaveLength(4);
    expect(attempts.rows.every((r) => r.attempts === 3 && r.status === 'sent')).toBe(true);
  });

  it('a permanent 5xx stops at once and shows in GET /deliveries?status=failed; retry sends it', async () => {
    const activity = await confirmedActivity(m);
    const { body } = await register(m.t.app, activity.id, { email: 'bounce@example.org' });
    m.smtp.refuse(550);
    expect(await m.worker().drain()).toMatchObject({ failed: 1, retried: 0 });
    const failed = await request(m.t.app).get(`/api/v1/deliveries?status=failed&activityId=${activity.id}`).set(m.admin.headers);
    expect(failed.status).toBe(200);
    expect(failed.body.items).toEqual([expect.objectContaining({ kind: 'confirmation', registrationId: body.id, status: 'failed', attempts: 1, lastError: expect.stringContaining('550') })]);
    expect((await request(m.t.app).get('/api/v1/deliveries?status=failed')).status).toBe(401);
    m.smtp.refuse(null);
    m.clock.set('2026-11-24T06:00:00Z');
    expect((await m.worker().drain()).leased).toBe(0);
    expect((await request(m.t.app).post(`/api/v1/deliveries/${failed.body.items[0].id}/retry`).set(m.admin.headers)).status).toBe(204);
    expect((await m.worker().drain()).sent).toBe(1);
    expect(to('bounce@example.org')).toHaveLength(1);
  });

  it('a worker killed in the middle of a batch: its lease runs out, another worker sends the rest, none twice', async () => {
    const activity = await confirmedActivity(m);
    for (let i = 0; i < 10; i++) await register(m.t.app, activity.id, { email: `batch${i}@example.org` });
    // The doomed worker delivers 4 messages, then "dies" at the 5th before talking to SMTP:
    // its send never returns, so it never records anything again (like a killed process).
    let sends = 0;
    const dying: Mailer = { kind: 'smtp', close: () => undefined, send: (message) => (++sends <= 4 ? m.mailer.send(message) : new Promise(() => undefined)) };
    void m.worker({ mailer: dying, concurrency: 1, batchSize: 10, workerId: 'doomed' }).runOnce();
    for (let i = 0; i < 200 && sends < 5; i++) await new Promise((r) => setTimeout(r, 10));
    expect(sends).toBe(5);
    expect(m.smtp.messages).toHaveLength(4);
    // Its records of the 4 accepted messages commit within milliseconds (see RECORD_DELAY_MS).
    const recorded = async () => (await m.t.db.pool.query(`SELECT count(*)::int AS n FROM deliveries WHERE activity_id = $1 AND status = 'sent'`, [activity.id])).rows[0].n;
    for (let i = 0; i < 200 && (await recorded()) < 4; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await recorded()).toBe(4);
    // While the lease holds, nobody else touches the leased rows.
    expect((await m.worker({ workerId: 'rescuer' }).runOnce()).leased).toBe(0);
    m.clock.set('2026-11-24T00:02:01Z'); // the 2-minute lease ran out
    const rescue = await m.worker({ workerId: 'rescuer' }).drain();
    expect(rescue.sent).toBe(6);
    expect(new Set(m.smtp.messages.map((x) => x.to[0])).size).toBe(10);
    expect(m.smtp.messages).toHaveLength(10);
    expectNoDuplicates();
  });

  it('several workers draining the same queue at once send every message exactly once', async () => {
    const activity = await confirmedActivity(m, { kind: 'exhibition' });
    for (let i = 0; i < 40; i++) await register(m.t.app, activity.id, { email: `shared${i}@example.org` });
    const workers = ['w1', 'w2', 'w3'].map((id) => m.worker({ workerId: id, batchSize: 5 }));
    const results = await Promise.all(workers.map((w) => w.drain()));
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(40);
    expect(m.smtp.messages).toHaveLength(40);
    expectNoDuplicates();
  });
});

describe('orrery worker', () => {
  it('runs as its own process, sends what is due, and stops cleanly on SIGTERM', async () => {
    const activity = await confirmedActivity(m);
    await register(m.t.app, activity.id, { email: 'process@example.org' });
    const child = spawn(process.execPath, ['src/cli.ts', 'worker'], {
      env: { ...process.env, DATABASE_URL: m.t.db.url, SMTP_URL: m.smtp.url, ORRERY_SECRET: TEST_SECRET, WORKER_POLL_MS: '50', LOG_LEVEL: 'info', PUBLIC_BASE_URL: 'http://orrery.test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    for (let i = 0; i < 400 && to('process@example.org').length === 0 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 25));
    expect(to('process@example.org'), output).toHaveLength(1);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code, output).toBe(0);
    expect(output).toContain('worker stopped');
  });
});
