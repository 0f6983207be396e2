import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createResource, createUnit } from '../helpers/factories.ts';
import type { PlansService } from '../../src/planner/plans.service.ts';

/**
 * The step between candidate starts is a setting users get: 60 minutes from the window's opening
 * unless the plan asks for 30. A room opening at 09:30 and a 60-minute visit in a 09:00–10:30 window
 * tell them apart: on the hour grid the only start is 09:00 (closed); every 30 minutes 09:30 fits.
 */
let t: TestContext;
let plans: PlansService;
const TERM = 'step-2027';

beforeAll(async () => {
  t = await startTestApp({ deps: { onPlans: (p) => { plans = p; } } });
  const school = (await createUnit(t.app, { kind: 'school' })).id;
  const museum = (await createUnit(t.app)).id;
  const room = (await createResource(t.app, { unitId: museum, openingHours: { tue: [['09:30', '17:00']] } })).id;
  const csv = ['code,kind,grade,number,size,name_zh,name_en', 'g7-1,school_class,7,1,40,七年级1班,Grade 7 class 1'].join('\n');
  expect((await t.api.post('/api/v1/classes/import').send({ unitId: school, csv, apply: true })).body.applied).toBe(true);
  const classes = (await t.api.get(`/api/v1/classes?unitId=${school}`)).body.items.map((c: { id: number }) => c.id);
  const visit = {
    term: TERM, organizerUnitId: school, kind: 'field_visit', title: { 'zh-CN': '参观', en: 'Visit' }, classIds: classes, count: 1,
    durationMinutes: 60, venueId: room, needs: [], window: { startsOn: '2027-03-02', endsOn: '2027-03-02', weekdays: ['tue'], from: '09:00', to: '10:30' },
  };
  const created = await t.api.post('/api/v1/commitments').send(visit);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
});
afterAll(() => t.close());

async function planned(body: Record<string, unknown>) {
  const created = await t.api.post('/api/v1/plans').send({ term: TERM, ...body });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  await plans.settled(created.body.id);
  const plan = (await t.api.get(`/api/v1/plans/${created.body.id}`)).body;
  expect(plan.status, plan.error).toBe('done');
  return plan.result;
}

describe('the planner step', () => {
  it('plans candidate starts every 60 minutes from the window opening when the request names no step', async () => {
    const result = await planned({});
    expect(result.items).toEqual([]);
    expect(result.unplaced).toHaveLength(1);
    expect(result.unplaced[0].reasons[0].family).toBe('opening_hours');
  });

  it('plans every 30 minutes when the plan asks for stepMinutes 30', async () => {
    const result = await planned({ stepMinutes: 30 });
    expect(result.items.map((i: { start: string }) => i.start)).toEqual(['2027-03-02T09:30:00+08:00']);
  });

  it('refuses a step other than 30 or 60 as a validation problem (422), and stores no plan', async () => {
    const before = (await t.api.get(`/api/v1/plans?term=${TERM}`)).body;
    const res = await t.api.post('/api/v1/plans').send({ term: TERM, stepMinutes: 45 });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
    expect((await t.api.get(`/api/v1/plans?term=${TERM}`)).body).toEqual(before);
  });
});
