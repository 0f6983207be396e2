import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createResource, createUnit } from '../helpers/factories.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import type { PlansService } from '../../src/planner/plans.service.ts';

// Issue 25 item 2: a plan never proposes a time that is past (nor today), and accepting a plan whose
// item has become past since refuses that item instead of booking it.
let t: TestContext;
let plans: PlansService;
const clock = new FixedClock('2027-03-01T00:00:00Z');
const weekdays = { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] };

beforeAll(async () => {
  t = await startTestApp({ clock, deps: { onPlans: (p) => { plans = p; } } });
  const school = (await createUnit(t.app, { kind: 'school' })).id;
  const hall = (await createResource(t.app, { unitId: school, openingHours: weekdays })).id;
  const csv = ['code,kind,grade,number,size,name_zh,name_en', 'p7-1,school_class,7,1,40,七年级1班,Grade 7 class 1'].join('\n');
  expect((await t.api.post('/api/v1/classes/import').send({ unitId: school, csv, apply: true })).body.applied).toBe(true);
  const classes = (await t.api.get(`/api/v1/classes?unitId=${school}`)).body.items.map((c: { id: number }) => c.id);
  // Weekly, 2 to 26 March: four weeks of Tuesdays and Thursdays.
  const weekly = {
    term: 'past-2027', organizerUnitId: school, kind: 'club_session', title: { 'zh-CN': '社团', en: 'Club' }, classIds: classes, perClass: false,
    cadence: 'weekly', durationMinutes: 60, venueId: hall, needs: [],
    window: { startsOn: '2027-03-02', endsOn: '2027-03-26', weekdays: ['tue', 'thu'], from: '09:00', to: '10:00' }, spacing: {}, preferences: {},
  };
  expect((await t.api.post('/api/v1/commitments').send(weekly)).status).toBe(201);
});
afterAll(() => t.close());

async function plan() {
  const created = await t.api.post('/api/v1/plans').send({ term: 'past-2027', timeLimitSeconds: 10 });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  await plans.settled(created.body.id);
  const res = await t.api.get(`/api/v1/plans/${created.body.id}`);
  expect(res.body.status).toBe('done');
  return res.body;
}

describe('past weeks in a plan', () => {
  it('plans nothing before the next local day: the past weeks stay unplaced with the reason "past"', async () => {
    // Thursday 11 March 2027, 10:00 in Beijing: the weeks of 1 and 8 March are past, and so is today.
    clock.set('2027-03-11T02:00:00Z');
    const p = await plan();
    expect(p.result.items.length).toBeGreaterThan(0);
    for (const item of p.result.items) expect(Date.parse(item.start)).toBeGreaterThanOrEqual(Date.parse('2027-03-11T16:00:00Z'));
    const past = p.result.unplaced.filter((u: { reasons: { code: string }[] }) => u.reasons[0]!.code === 'past');
    expect(past.length).toBe(2);
    expect(past[0].reasons[0]).toMatchObject({ family: 'window', data: { earliest: '2027-03-12' }, fits: 'fits with a window from 2027-03-12 on' });
  });

  it('refuses on accept an item whose time has passed since it was planned, and books the rest', async () => {
    clock.set('2027-03-01T00:00:00Z');
    const p = await plan();
    const first = [...p.result.items].sort((a: { start: string }, b: { start: string }) => a.start.localeCompare(b.start))[0];
    clock.set(first.end);
    const accepted = await t.api.post(`/api/v1/plans/${p.id}/accept`);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const outcomes = accepted.body.acceptance as { key: string; outcome: string; code: string | null }[];
    expect(outcomes.find((a) => a.key === first.key)).toMatchObject({ outcome: 'refused', code: 'past' });
    expect(outcomes.filter((a) => a.outcome === 'booked').length).toBe(p.result.items.length - 1);
    const { rows } = await t.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM activities WHERE starts_at = $1::timestamptz AND title_en LIKE 'Club%'", [first.start]);
    expect(rows[0]!.n).toBe(0);
  });
});
