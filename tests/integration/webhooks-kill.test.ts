import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/shared/clock.ts';
import { systemActor } from '../../src/shared/actor.ts';
import { publish } from '../../src/webhooks/events.ts';
import { webhooksService } from '../../src/webhooks/webhooks.service.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { startOrrery, type OrreryProcess } from '../helpers/processes.ts';
import { standardSignatureValid, startReceiver, type Receiver } from '../helpers/receiver.ts';

/**
 * kill -9 of a webhook worker mid-request (the technique of instances.test.ts): the delivery it held is
 * posted again by the other worker after the lease, with the same webhook-id, and the receiver
 * acknowledges exactly one message per event.
 */
let db: TestDatabase;
let receiver: Receiver;
let workers: OrreryProcess[];

const until = async (what: string, ready: () => Promise<boolean> | boolean, ms = 20_000) => {
  const started = Date.now();
  while (!(await ready())) {
    if (Date.now() - started > ms) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  [db, receiver] = await Promise.all([createTestDatabase(), startReceiver()]);
  const env = { DATABASE_URL: db.url, MIGRATE_ON_START: 'false', ORRERY_DEMO_DATA: 'never', ORRERY_SECRET: 'k'.repeat(40), PUBLIC_BASE_URL: 'http://orrery.test',
    WEBHOOK_ALLOW_PRIVATE: 'true', WORKER_POLL_MS: '100', WORKER_LEASE_SECONDS: '6', WORKER_CONCURRENCY: '2' };
  workers = await Promise.all([startOrrery('worker', env), startOrrery('worker', env)]);
  await Promise.all(workers.map((w) => w.waitFor('orrery worker running')));
}, 120_000);

afterAll(async () => {
  await Promise.all((workers ?? []).map((w) => w.stop()));
  await receiver?.close();
  await db?.drop();
});

describe('webhook workers', () => {
  it('deliver exactly one acknowledged message per event when a worker is killed with SIGKILL mid-request', async () => {
    const { secret } = await webhooksService(db.pool, systemClock, { allowPrivate: true }).create(systemActor, { url: `${receiver.url}/hook`, eventTypes: ['loan.overdue'] });
    const release = receiver.hold();
    for (let i = 0; i < 4; i++) await publish(db.pool, systemClock.now().toISO()!, { type: 'loan.overdue', data: { loanId: i }, scope: { unitIds: [], classIds: [] } });
    await until('a request waiting at the receiver', () => receiver.held > 0);
    const { rows } = await db.pool.query<{ locked_by: string }>(`SELECT locked_by FROM webhook_deliveries WHERE status = 'sending'`);
    const victim = workers.find((w) => rows.some((r) => r.locked_by.includes(`:${w.child.pid}:`)))!;
    victim.child.kill('SIGKILL');
    await new Promise((r) => victim.child.once('exit', r));
    // The receiver must see the dead connection before the release, or it would answer a dead sender.
    await until('the receiver noticed the dead connection', () => receiver.requests.some((r) => r.hungUp), 5000);
    release();
    await until('every event acknowledged', async () => {
      const { rows: left } = await db.pool.query(`SELECT 1 FROM webhook_deliveries WHERE status <> 'sent'`);
      return left.length === 0;
    }, 40_000);
    const ids = receiver.acknowledged.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    // The killed worker's request reached the receiver and was never answered; its resend carries the same id.
    const unanswered = receiver.requests.filter((r) => r.answered === null);
    expect(unanswered.length).toBeGreaterThanOrEqual(1);
    for (const u of unanswered) expect(ids).toContain(u.headers['webhook-id']);
    expect(receiver.requests.every((r) => standardSignatureValid(r, secret))).toBe(true);
  }, 90_000);
});
