import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createResource, createUnit } from '../helpers/factories.ts';
import type { PlansService } from '../../src/planner/plans.service.ts';
import { planRecoveryJob, recoverPlans } from '../../src/planner/plans.recover.ts';
import { highsSolver } from '../../src/planner/solver/highs.ts';
import { setLeasedResult } from '../../src/planner/plans.lease.queries.ts';
import { startPeriodicJobs } from '../../src/jobs/periodic.ts';
import { createLogger } from '../../src/shared/logger.ts';

let t: TestContext;
let plans: PlansService;
let school: number;
let museum: number;
let hall: number;
let educator: number;
let classes: number[];
const day = (from: string, to: string) => [[from, to]];
const closedMondays = { tue: day('09:00', '17:00'), wed: day('09:00', '17:00'), thu: day('09:00', '17:00'), fri: day('09:00', '17:00'), sat: day('09:00', '17:00'), sun: day('09:00', '17:00') };

beforeAll(async () => {
  t = await startTestApp({ deps: { onPlans: (p) => { plans = p; } } });
  school = (await createUnit(t.app, { kind: 'school' })).id;
  museum = (await createUnit(t.app)).id;
  hall = (await createResource(t.app, { unitId: museum, openingHours: closedMondays })).id;
  educator = (await createResource(t.app, { unitId: museum, kind: 'staff' })).id;
  const csv = ['code,kind,grade,number,size,name_zh,name_en', 'g7-1,school_class,7,1,40,七年级1班,Grade 7 class 1', 'g7-2,school_class,7,2,40,七年级2班,Grade 7 class 2'].join('\n');
  expect((await t.api.post('/api/v1/classes/import').send({ unitId: school, csv, apply: true })).body.applied).toBe(true);
  classes = (await t.api.get(`/api/v1/classes?unitId=${school}`)).body.items.map((c: { id: number }) => c.id);
  const visits = {
    term: 'spring-2027', organizerUnitId: school, kind: 'field_visit', title: { 'zh-CN': '博物馆参观', en: 'Museum visit' },
    classIds: classes, count: 2, durationMinutes: 180, venueId: hall, needs: [{ staffOfUnit: museum }],
    window: { startsOn: '2027-03-01', endsOn: '2027-04-30', weekdays: ['tue', 'wed', 'thu'], from: '09:00', to: '12:00' },
    spacing: { minGapDays: 28 }, preferences: { spreadEvenly: 2 },
  };
  expect((await t.api.post('/api/v1/commitments').send(visits)).status).toBe(201);
  const mondays = { ...visits, title: { 'zh-CN': '周一参观', en: 'Monday visit' }, classIds: [classes[0]], count: 1, spacing: {}, window: { ...visits.window, weekdays: ['mon'] } };
  expect((await t.api.post('/api/v1/commitments').send(mondays)).status).toBe(201);
});
afterAll(() => t.close());

async function finished(id: number) {
  await plans.settled(id);
  const res = await t.api.get(`/api/v1/plans/${id}`);
  expect(res.body.status, JSON.stringify(res.body.error)).toMatch(/done|accepted/);
  return res.body;
}

describe('plans', () => {
  // A story, in order on purpose: each step works on the plan the one before made (planning it
  // again per test would cost a solver run each).
  let planId: number;

  it('plans a term off the request thread, with 0 violations on the booking engine re-check and the unplaced item explained', async () => {
    const created = await t.api.post('/api/v1/plans').send({ term: 'spring-2027', timeLimitSeconds: 20 });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.body.status).toBe('queued');
    planId = created.body.id;
    const plan = await finished(planId);
    expect(plan.result.stats).toMatchObject({ occurrences: 5, placed: 4, unplaced: 1 });
    expect(plan.result.stats.gap).toBeLessThanOrEqual(0.01);
    expect(plan.result.violations).toEqual([]);
    expect(plan.result.engineViolations).toEqual([]);
    expect(plan.result.unplaced[0]).toMatchObject({ title: 'Monday visit (Grade 7 class 1)', reasons: [expect.objectContaining({ family: 'opening_hours', fits: expect.stringContaining('opens Mondays 09:00–12:00') })] });
    expect(plan.result.items[0].approvals).toEqual(expect.arrayContaining([{ resourceId: hall, unitId: museum }, { resourceId: educator, unitId: museum }]));
    expect((await t.api.get('/api/v1/plans?term=spring-2027')).body.map((p: { id: number }) => p.id)).toContain(planId);
  });

  it('keeps a pinned item where it is on re-planning', async () => {
    const before = await finished(planId);
    const last = before.result.items.at(-1);
    expect((await t.api.post(`/api/v1/plans/${planId}/pins`).send({ key: 'c9-1' })).status).toBe(422);
    expect((await t.api.post(`/api/v1/plans/${planId}/pins`).send({ key: last.key })).body.pinned).toEqual([expect.objectContaining({ key: last.key })]);
    expect((await t.api.post(`/api/v1/plans/${planId}/replan`)).status).toBe(202);
    const after = await finished(planId);
    expect(after.result.items.find((i: { key: string }) => i.key === last.key)).toMatchObject({ start: last.start, pinned: true });
  });

  it('accepts: books every item through the booking path, other units\' approvals requested, refusing what no longer fits', async () => {
    const plan = await finished(planId);
    const [first] = plan.result.items;
    // The world changes after planning: someone books the museum hall at the first item's time.
    const taken = await t.api.post('/api/v1/activities').send({ kind: 'science_show', title: { 'zh-CN': '演出', en: 'Show' }, organizerUnitId: museum, venueId: hall, startsAt: first.start, endsAt: first.end, timeZone: 'Asia/Shanghai', status: 'confirmed' });
    expect(taken.status).toBe(201);
    const accepted = await t.api.post(`/api/v1/plans/${planId}/accept`);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    const outcomes = accepted.body.acceptance;
    expect(outcomes.find((o: { key: string }) => o.key === first.key)).toMatchObject({ outcome: 'refused', code: 'resource_conflict' });
    const booked = outcomes.filter((o: { outcome: string }) => o.outcome === 'booked');
    expect(booked).toHaveLength(3);
    for (const b of booked) {
      const activity = (await t.api.get(`/api/v1/activities/${b.activityId}`)).body;
      expect(activity.status).toBe('requested');
      expect(activity.claims.map((c: { approval: string }) => c.approval)).toEqual(['pending', 'pending']);
      expect((await t.api.get(`/api/v1/activities/${b.activityId}/classes`)).body.classIds).toHaveLength(1);
    }
    expect((await t.api.post(`/api/v1/plans/${planId}/accept`)).body.code).toBe('plan_accepted');
  });

  it('a new plan of the term keeps the accepted items and plans only the rest', async () => {
    const created = await t.api.post('/api/v1/plans').send({ term: 'spring-2027', timeLimitSeconds: 20 });
    const plan = await finished(created.body.id);
    expect(plan.result.stats).toMatchObject({ occurrences: 5, placed: 4 });
    expect(plan.result.items.map((i: { key: string }) => i.key)).toHaveLength(1);
    expect(plan.result.engineViolations).toEqual([]);
  });

  it('refuses to plan a term without commitments, and is in /openapi.json', async () => {
    expect((await t.api.post('/api/v1/plans').send({ term: 'autumn-2099' })).status).toBe(422);
    const doc = (await t.api.get('/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/plans', '/api/v1/plans/{id}', '/api/v1/plans/{id}/accept', '/api/v1/plans/{id}/replan']));
  });
});

describe('plan jobs of a process that died', () => {
  const log = createLogger('silent');
  const insert = async (status: string, leasedBy: string | null, leaseUntil: string | null, updatedAgo = '0 seconds') => (await t.db.pool.query<{ id: number }>(
    `INSERT INTO plans (term, status, options, created_by, leased_by, lease_until, updated_at)
     VALUES ('spring-2027', $1, '{"timeLimitSeconds":20}', 'test', $2, $3::timestamptz, now() - $4::interval) RETURNING id`,
    [status, leasedBy, leaseUntil === null ? null : leaseUntil, updatedAgo])).rows[0]!.id;
  const statusOf = async (id: number) => (await t.db.pool.query<{ status: string; leased_by: string | null }>('SELECT status, leased_by FROM plans WHERE id = $1', [id])).rows[0];

  it('are taken over once the lease lapsed and computed again; a live lease and a fresh queue entry are left alone', async () => {
    const dead = await insert('running', 'gone:1:aaaaaa', new Date(Date.now() - 1000).toISOString());
    const neverStarted = await insert('queued', null, null, '10 minutes');
    const alive = await insert('running', 'alive:2:bbbbbb', new Date(Date.now() + 60_000).toISOString());
    const justQueued = await insert('queued', null, null);
    const { taken, settled } = await recoverPlans(t.db.pool, highsSolver, log, { owner: 'rescuer:3:cccccc' });
    expect(taken).toEqual([dead, neverStarted]);
    await settled;
    expect(await statusOf(dead)).toEqual({ status: 'done', leased_by: 'rescuer:3:cccccc' });
    expect(await statusOf(neverStarted)).toEqual({ status: 'done', leased_by: 'rescuer:3:cccccc' });
    expect(await statusOf(alive)).toEqual({ status: 'running', leased_by: 'alive:2:bbbbbb' });
    expect(await statusOf(justQueued)).toEqual({ status: 'queued', leased_by: null });
    // Nothing is taken twice, and the process presumed dead, coming back, can no longer write its result.
    expect((await recoverPlans(t.db.pool, highsSolver, log, { owner: 'rescuer:3:cccccc' })).taken).toEqual([]);
    expect(await setLeasedResult(t.db.pool, dead, 'gone:1:aaaaaa', { items: [], unplaced: [], stats: {}, violations: [], engineViolations: [] } as never, {})).toBe(false);
    await t.db.pool.query("DELETE FROM plans WHERE id = ANY($1)", [[alive, justQueued]]);
  });

  it('the recovery job runs once per interval across processes: of two runners looking at once, one runs it', async () => {
    const job = planRecoveryJob(t.db.pool, highsSolver, log, { owner: 'runner' });
    const runners = [startPeriodicJobs(t.db.pool, [job], log, { timers: false }), startPeriodicJobs(t.db.pool, [job], log, { timers: false })];
    const ran = await Promise.all(runners.map((r) => r.runDue()));
    expect(ran.flat()).toEqual(['plan-recovery']);
    expect((await Promise.all(runners.map((r) => r.runDue()))).flat()).toEqual([]);
    const { rows } = await t.db.pool.query('SELECT runs::int, last_started_by AS by FROM periodic_jobs WHERE name = $1', ['plan-recovery']);
    expect(rows).toEqual([{ runs: 1, by: expect.stringMatching(new RegExp(runners.map((r) => r.owner).join('|'))) }]);
  });
});
