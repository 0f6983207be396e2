import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authService } from '../../src/auth/auth.service.ts';
import { parseConfig } from '../../src/config.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { TEST_SECRET } from '../helpers/mail.ts';
import { startOrrery, type OrreryProcess } from '../helpers/processes.ts';

/**
 * Accepting a plan is one unit of work per item and resumable (issue 22, item 9; docs/planner.md):
 * a real `serve` process is SIGKILLed in the middle of accepting, a new one accepts again, and every
 * item is booked exactly once. The accept is stopped mid-way without test code in the server: the
 * test holds a row lock on the venue of one item, which its booking must lock too (claims.rules.ts).
 */
let db: TestDatabase;
let dataDir: string;
let env: Record<string, string>;
let server: OrreryProcess;
let auth: Record<string, string>;
let schoolId: number;

async function call(method: string, url: string, body?: unknown) {
  const res = await fetch(server.url + url, { method, headers: { ...auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
}

const until = async (what: string, ready: () => Promise<boolean>, ms = 60_000) => {
  const started = Date.now();
  while (!(await ready())) {
    if (Date.now() - started > ms) throw new Error(`timed out: ${what}\n${server.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

interface Item { key: string; commitmentId: number; start: string; end: string; classIds: number[]; resourceIds: number[] }

/** A term of four one-off visits, each with its own class and its own venue of the school: four independent items. */
async function plannedTerm(term: string): Promise<{ planId: number; items: Item[] }> {
  const codes = [1, 2, 3, 4].map((n) => `${term}-${n}`);
  const csv = ['code,kind,grade,number,size,name_zh,name_en', ...codes.map((code, i) => `${code},school_class,7,${i + 1},40,七年级${i + 1}班,Grade 7 class ${i + 1}`)].join('\n');
  const imported = await call('POST', '/api/v1/classes/import', { unitId: schoolId, csv, apply: true });
  expect(imported.body.applied, JSON.stringify(imported.body)).toBe(true);
  const classes = (await call('GET', `/api/v1/classes?unitId=${schoolId}&limit=100`)).body.items.filter((c: { code: string }) => codes.includes(c.code));
  expect(classes).toHaveLength(4);
  for (const [i, schoolClass] of classes.entries()) {
    const venue = await call('POST', '/api/v1/resources', { unitId: schoolId, kind: 'venue', name: { 'zh-CN': `${term} 教室${i + 1}`, en: `${term} room ${i + 1}` } });
    expect(venue.status, JSON.stringify(venue.body)).toBe(201);
    const commitment = await call('POST', '/api/v1/commitments', {
      term, organizerUnitId: schoolId, kind: 'field_visit', title: { 'zh-CN': `参观${i + 1}`, en: `Visit ${i + 1}` },
      classIds: [schoolClass.id], count: 1, durationMinutes: 120, venueId: venue.body.id,
      window: { startsOn: '2027-03-01', endsOn: '2027-03-31', weekdays: ['tue', 'wed', 'thu'], from: '09:00', to: '12:00' },
    });
    expect(commitment.status, JSON.stringify(commitment.body)).toBe(201);
  }
  const created = await call('POST', '/api/v1/plans', { term, timeLimitSeconds: 20 });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  let plan = created.body;
  await until('the plan is done', async () => ['done', 'failed'].includes((plan = (await call('GET', `/api/v1/plans/${created.body.id}`)).body).status));
  expect(plan.status, plan.error).toBe('done');
  expect(plan.result.items).toHaveLength(4);
  return { planId: plan.id, items: plan.result.items };
}

/** Holds the venue of `item` locked (FOR UPDATE) until `release`: a booking of that item waits for it. */
async function holdVenueOf(item: Item): Promise<{ release(): Promise<void> }> {
  const client: PoolClient = await db.pool.connect();
  await client.query('BEGIN');
  await client.query('SELECT id FROM resources WHERE id = $1 FOR UPDATE', [item.resourceIds[0]]);
  return { async release() { await client.query('ROLLBACK'); client.release(); } };
}

/** Backends of this database waiting for a lock (an item's booking behind the test's lock, or behind the plan's row lock). */
async function lockWaiters(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
  return rows[0]!.n;
}

/** The plan's activities by item key (the description names the item), and how many each key has. */
async function bookedPerItem(planId: number): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ key: string; n: number }>(
    `SELECT substring(description_en FROM ', item (.*)$') AS key, count(*)::int AS n FROM activities
      WHERE description_en LIKE $1 GROUP BY 1 ORDER BY 1`, [`Planned by plan ${planId} (%`]);
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

async function planBookings(planId: number): Promise<number> {
  return (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM plan_bookings WHERE plan_id = $1', [planId])).rows[0]!.n;
}

/** Every item booked once: one activity each, confirmed, with its venue, its class, its plan_bookings row and its audit rows. */
async function expectEachItemBookedOnce(planId: number, items: Item[], plan: { status: string; acceptance: { key: string; outcome: string; activityId: number }[] }) {
  expect(plan.status).toBe('accepted');
  expect(plan.acceptance.map((a) => [a.key, a.outcome])).toEqual(items.map((i) => [i.key, 'booked']));
  expect(await bookedPerItem(planId)).toEqual(Object.fromEntries(items.map((i) => [i.key, 1])));
  expect(await planBookings(planId)).toBe(items.length);
  for (const [i, outcome] of plan.acceptance.entries()) {
    const activity = (await call('GET', `/api/v1/activities/${outcome.activityId}`)).body;
    expect(activity).toMatchObject({ status: 'confirmed', venueId: items[i]!.resourceIds[0] });
    expect((await call('GET', `/api/v1/activities/${outcome.activityId}/classes`)).body.classIds).toHaveLength(1);
    const { rows } = await db.pool.query<{ what: string }>(
      `SELECT entity || ':' || action AS what FROM audit_log WHERE entity_id = $1 AND entity IN ('activity', 'activity_classes') ORDER BY id`, [outcome.activityId]);
    expect(rows.map((r) => r.what)).toEqual(['activity:create', 'activity_classes:update', 'activity:update']);
  }
}

beforeAll(async () => {
  [db, dataDir] = await Promise.all([createTestDatabase(), mkdtemp(path.join(os.tmpdir(), 'orrery-accept-'))]);
  env = {
    DATABASE_URL: db.url, MIGRATE_ON_START: 'false', ORRERY_DEMO_DATA: 'never', ORRERY_DATA_DIR: dataDir, ORRERY_SECRET: TEST_SECRET,
    PUBLIC_BASE_URL: 'http://orrery.test', WORKER_IN_SERVER: 'false', RATE_LIMIT_PER_MINUTE: '100000',
  };
  server = await startOrrery('serve', env);
  await server.waitFor('Orrery is listening');
  const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: db.url });
  const { apiToken } = await authService(db.pool, systemClock, config, async () => undefined)
    .bootstrapUser({ email: 'admin@accept.example.org', name: 'Admin', unitId: null, role: 'admin' });
  auth = { Authorization: `Bearer ${apiToken.token}` };
  const school = await call('POST', '/api/v1/units', { slug: 'accept-school', kind: 'school', name: { 'zh-CN': '接受中学', en: 'Accept School' } });
  expect(school.status, JSON.stringify(school.body)).toBe(201);
  schoolId = school.body.id;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('accepting a plan', () => {
  it('survives SIGKILL mid-accept: the plan stays accepting with whole items booked, and accepting again books the rest, each item once', async () => {
    const { planId, items } = await plannedTerm('crash-2027');
    const lock = await holdVenueOf(items[2]!);
    try {
      const accepting = call('POST', `/api/v1/plans/${planId}/accept`).catch((error: Error) => error);
      // Items 1 and 2 are committed; item 3's booking waits for the venue the test holds.
      await until('two items booked and the third waiting', async () => (await planBookings(planId)) === 2 && (await lockWaiters()) === 1);
      const exited = once(server.child, 'exit');
      server.child.kill('SIGKILL');
      await exited;
      expect(await accepting).toBeInstanceOf(Error);
    } finally {
      await lock.release();
    }
    // What the crash left: two whole items (nothing of the third), the plan still being accepted.
    expect(await bookedPerItem(planId)).toEqual({ [items[0]!.key]: 1, [items[1]!.key]: 1 });
    const left = (await db.pool.query<{ status: string; acceptance: { key: string }[] }>('SELECT status, acceptance FROM plans WHERE id = $1', [planId])).rows[0]!;
    expect(left.status).toBe('accepting');
    expect(left.acceptance.map((a) => a.key)).toEqual([items[0]!.key, items[1]!.key]);

    server = await startOrrery('serve', env);
    await server.waitFor('Orrery is listening');
    const retried = await call('POST', `/api/v1/plans/${planId}/accept`);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    await expectEachItemBookedOnce(planId, items, retried.body);
    expect((await call('POST', `/api/v1/plans/${planId}/accept`)).body.code).toBe('plan_accepted');
  }, 180_000);

  it('refuses an item whose class was taken meanwhile (the deferred class constraint, checked in the item\'s transaction) and books the rest', async () => {
    const { planId, items } = await plannedTerm('clash-2027');
    const [clashing, ...rest] = items;
    // Meanwhile the first item's class is booked into another activity at the same time.
    const other = await call('POST', '/api/v1/activities', { kind: 'field_visit', title: { 'zh-CN': '别的活动', en: 'Another visit' }, organizerUnitId: schoolId, startsAt: clashing!.start, endsAt: clashing!.end, timeZone: 'Asia/Shanghai', status: 'confirmed' });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    expect((await call('PUT', `/api/v1/activities/${other.body.id}/classes`, { classIds: clashing!.classIds })).status).toBe(200);
    const accepted = await call('POST', `/api/v1/plans/${planId}/accept`);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.acceptance[0]).toMatchObject({ key: clashing!.key, outcome: 'refused', code: 'class_conflict', activityId: null });
    expect(accepted.body.acceptance.slice(1).map((a: { outcome: string }) => a.outcome)).toEqual(rest.map(() => 'booked'));
    // Nothing of the refused item is kept: no activity, no plan booking.
    expect(await bookedPerItem(planId)).toEqual(Object.fromEntries(rest.map((i) => [i.key, 1])));
    expect(await planBookings(planId)).toBe(rest.length);
  }, 180_000);

  it('books each item once when two accepts of the plan run at the same time', async () => {
    const { planId, items } = await plannedTerm('twice-2027');
    const lock = await holdVenueOf(items[1]!);
    let both: Promise<Awaited<ReturnType<typeof call>>[]>;
    try {
      const first = call('POST', `/api/v1/plans/${planId}/accept`);
      await until('the first accept waits at the second item', async () => (await planBookings(planId)) === 1 && (await lockWaiters()) === 1);
      const second = call('POST', `/api/v1/plans/${planId}/accept`);
      // The second accept waits for the plan's row, which the first holds while it books item 2.
      await until('the second accept waits for the first', async () => (await lockWaiters()) === 2);
      both = Promise.all([first, second]);
    } finally {
      await lock.release();
    }
    const [first, second] = await both;
    expect(first!.status, JSON.stringify(first!.body)).toBe(200);
    // The second took its turn either while the plan was still being accepted (it then skipped what
    // was booked, and answers the same plan) or once the first had finished (the plan was accepted).
    if (second!.status === 200) expect(second!.body.acceptance).toEqual(first!.body.acceptance);
    else expect(second!.body.code, JSON.stringify(second!.body)).toBe('plan_accepted');
    await expectEachItemBookedOnce(planId, items, first!.body);
  }, 180_000);
});
