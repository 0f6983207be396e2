import { describe, expect, it } from 'vitest';
import { planTerm, type PlanResult } from '../../src/planner/model/plan.ts';
import { applyRelaxation } from '../../src/planner/model/relax.ts';
import { greedyPlan, prepare } from '../../src/planner/model/plan.ts';
import { bestGreedy, greedyOver } from '../../src/planner/model/greedy.ts';
import { buildMip } from '../../src/planner/model/mip.ts';
import { capacities } from '../../src/planner/model/sets.ts';
import type { PlanInput } from '../../src/planner/model/types.ts';
import { highsSolver } from '../../src/planner/solver/highs.ts';
import { commitment, entry, GUIDE, HALL, ms, planInput, resource, TELESCOPES } from '../helpers/planner.ts';

const options = { timeLimitSeconds: 20, relativeGap: 0 };
const plan = (input: PlanInput) => planTerm(input, highsSolver, options);
const local = (iso: string) => iso.slice(0, 16);

function expectClean(result: PlanResult): void {
  expect(result.violations).toEqual([]);
}

describe('the planner model places what fits', () => {
  it('places two visits of each class at least 28 days apart, in order, and gives the same plan twice', async () => {
    const input = planInput({ commitments: [commitment(1, { classIds: [101, 102], count: 2, spacing: { minGapDays: 28, notSameDayAsOtherActivity: false }, window: { ...commitment(1).window, endsOn: '2027-05-30' } })] });
    const first = await plan(input);
    expectClean(first);
    expect(first.stats).toMatchObject({ occurrences: 4, placed: 4, unplaced: 0, status: 'optimal' });
    for (const classId of [101, 102]) {
      const [a, b] = first.items.filter((i) => i.classIds[0] === classId);
      expect((Date.parse(b!.start) - Date.parse(a!.start)) / 86_400_000).toBeGreaterThanOrEqual(28);
    }
    // One hall: the two classes never share it.
    const starts = first.items.map((i) => i.start);
    expect(new Set(starts).size).toBe(4);
    expect((await plan(input)).items).toEqual(first.items);
  });

  it('honours pools with buffers: 5 telescopes, 2 per visit, existing use counted', async () => {
    const needs = [{ options: [TELESCOPES], quantity: 2, setupMinutes: 60, teardownMinutes: 60 }];
    const window = { ...commitment(1).window, startsOn: '2027-03-02', endsOn: '2027-03-02', weekdays: ['tue' as const], from: '09:00', to: '12:00' };
    const input = planInput({
      commitments: [commitment(1, { classIds: [101, 102, 103], needs, window, durationMinutes: 60 })],
      busy: [{ resourceId: TELESCOPES, start: ms('2027-03-02T08:00'), end: ms('2027-03-02T13:00'), quantity: 1, label: 'existing observation' }],
    });
    const result = await plan(input);
    expectClean(result);
    // 4 left: two classes at a time, and the hour of buffer each side keeps a third (at 11:00) out.
    expect(result.stats.placed).toBe(2);
    expect(result.unplaced[0]!.reasons[0]).toMatchObject({ family: 'resource', fits: 'needs a 7th Resource 12 on 2027-03-02' });
    const unbuffered = await plan({ ...input, commitments: [{ ...input.commitments[0]!, needs: [{ ...needs[0]!, setupMinutes: 0, teardownMinutes: 0 }] }] });
    expect(unbuffered.stats.placed).toBe(3);
  });

  it('uses every one of interchangeable resources at once: 3 classes, 3 halls and 3 guides, one morning', async () => {
    const halls = [HALL, 20, 21];
    const guides = [GUIDE, 22, 23];
    const window = { ...commitment(1).window, startsOn: '2027-03-02', endsOn: '2027-03-02', weekdays: ['tue' as const] };
    const needs = [{ options: halls, quantity: 1, setupMinutes: 0, teardownMinutes: 0 }, { options: guides, quantity: 1, setupMinutes: 0, teardownMinutes: 0 }];
    const input = planInput({
      commitments: [commitment(1, { classIds: [101, 102, 103], needs, window })],
      resources: [...planInput().resources, ...[20, 21].map((id) => resource(id)), ...[22, 23].map((id) => resource(id, { kind: 'staff' }))],
    });
    const result = await plan(input);
    expectClean(result);
    expect(result.stats.placed).toBe(3);
    expect(new Set(result.items.map((i) => i.start)).size).toBe(1);
    expect(result.items.map((i) => i.resourceIds[0]).sort()).toEqual([...halls].sort());
    expect(result.items.map((i) => i.resourceIds[1]).sort()).toEqual([...guides].sort());
    // A fourth class: no hall left that morning, and the reason names one of them.
    const more = await plan({ ...input, classes: [...input.classes, { id: 104, unitId: 1, grade: 7, name: { 'zh-CN': '七年级4班', en: 'Grade 7 class 4' } }], commitments: [commitment(1, { classIds: [101, 102, 103, 104], needs, window })] });
    expectClean(more);
    expect(more.stats.placed).toBe(3);
    expect(more.unplaced[0]!.reasons[0]).toMatchObject({ family: 'resource' });
  });

  it('never places what the halls count allows but no single hall holds: each hall free half the morning', async () => {
    // Two halls; hall A is busy 09:00–10:30, hall B 10:30–12:00: at every moment one hall is free, yet
    // a visit of 09:00–12:00 fits in neither. The other day (Wednesday) both are free.
    const window = { ...commitment(1).window, startsOn: '2027-03-02', endsOn: '2027-03-03', weekdays: ['tue' as const, 'wed' as const] };
    const input = planInput({
      commitments: [commitment(1, { classIds: [101, 102, 103], needs: [{ options: [HALL, 20], quantity: 1, setupMinutes: 0, teardownMinutes: 0 }], window })],
      resources: [...planInput().resources, resource(20)],
      busy: [
        { resourceId: HALL, start: ms('2027-03-02T09:00'), end: ms('2027-03-02T10:30'), quantity: 1, label: 'lecture' },
        { resourceId: 20, start: ms('2027-03-02T10:30'), end: ms('2027-03-02T12:00'), quantity: 1, label: 'workshop' },
      ],
    });
    const result = await plan(input);
    expectClean(result);
    expect(result.items.map((i) => local(i.start))).toEqual(['2027-03-03T09:00', '2027-03-03T09:00']);
    expect(result.stats.placed).toBe(2);
  });

  it('gives the hall to the visit only it can serve: the other visit takes the hall free all along', async () => {
    // Hall 20 is tried first; hall 10 is busy 11:00–12:00. Visit X (09:00–11:00) fits either hall,
    // visit Y (10:00–13:00) only hall 20: picking in start order alone would strand Y.
    const tue = { ...commitment(1).window, startsOn: '2027-03-02', endsOn: '2027-03-02', weekdays: ['tue' as const] };
    const needs = [{ options: [20, HALL], quantity: 1, setupMinutes: 0, teardownMinutes: 0 }];
    const input = planInput({
      commitments: [
        commitment(1, { classIds: [101], needs, durationMinutes: 120, window: { ...tue, from: '09:00', to: '11:00' } }),
        commitment(2, { classIds: [102], needs, durationMinutes: 180, window: { ...tue, from: '10:00', to: '13:00' } }),
      ],
      resources: [...planInput().resources, resource(20)],
      busy: [{ resourceId: HALL, start: ms('2027-03-02T11:00'), end: ms('2027-03-02T12:00'), quantity: 1, label: 'lecture' }],
    });
    const result = await plan(input);
    expectClean(result);
    expect(result.items.map((i) => [local(i.start), i.resourceIds[0]])).toEqual([['2027-03-02T09:00', HALL], ['2027-03-02T10:00', 20]]);
    expect(result.stats.gap).toBeLessThan(1e-6);
  });

  it('prefers the preferred weekdays and keeps a class on one weekday', async () => {
    const c = commitment(1, { count: 2, window: { ...commitment(1).window, endsOn: '2027-04-30', weekdays: ['tue', 'wed', 'thu'] }, spacing: { minGapDays: 14, notSameDayAsOtherActivity: false }, preferences: { weekdays: { days: ['thu'], weight: 5 }, sameWeekday: 3 } });
    const result = await plan(planInput({ commitments: [c] }));
    expect(result.items.map((i) => new Date(i.start).getUTCDay())).toEqual([4, 4]);
  });

  it('keeps a pinned item where it is when re-planning', async () => {
    const input = planInput({ commitments: [commitment(1)] });
    const first = await plan(input);
    expect(local(first.items[0]!.start)).toBe('2027-03-02T09:00');
    const pinnedAt = ms('2027-03-10T09:00');
    const again = await plan({ ...input, kept: [{ key: first.items[0]!.key, start: pinnedAt, resourceIds: [HALL], accepted: false }] });
    expect(again.items[0]).toMatchObject({ pinned: true, start: '2027-03-10T09:00:00+08:00' });
  });
});

const monday = { ...commitment(1).window, startsOn: '2027-03-01', endsOn: '2027-03-08', weekdays: ['mon' as const] };
const week = { ...commitment(1).window, startsOn: '2027-03-02', endsOn: '2027-03-04' };
const cases: [string, () => PlanInput, string, RegExp][] = [
  ['opening hours (the museum is closed on Mondays)', () => planInput({ commitments: [commitment(1, { window: monday })] }), 'opening_hours', /fits if Resource 10 opens Mondays 09:00–12:00/],
  ['a holiday of the school', () => planInput({ commitments: [commitment(1, { window: week })], calendarEntries: [entry(7, 'holiday', '2027-03-01', '2027-03-05', { unitId: 1 })] }), 'calendar', /Entry 7 did not block/],
  ['an exam week of the grade', () => planInput({ commitments: [commitment(1, { window: week })], classEntries: [{ id: 8, kind: 'exam_week', unitId: 1, classId: null, grade: 7, name: { 'zh-CN': '考试', en: 'Exams' }, start: ms('2027-03-01T00:00'), end: ms('2027-03-06T00:00'), weekday: null, from: null, to: null }] }), 'class_calendar', /Exams did not block Grade 7 class 1/],
  ['a pool that is used up', () => planInput({ commitments: [commitment(1, { window: { ...week, endsOn: '2027-03-02' }, needs: [{ options: [TELESCOPES], quantity: 2, setupMinutes: 0, teardownMinutes: 0 }] })], busy: [{ resourceId: TELESCOPES, start: ms('2027-03-02T00:00'), end: ms('2027-03-03T00:00'), quantity: 4, label: 'observation camp' }] }), 'resource', /needs a 6th Resource 12 on 2027-03-02/],
  ['an exclusive venue taken by another plan item', () => planInput({ commitments: [commitment(1, { classIds: [101, 102], window: { ...week, endsOn: '2027-03-02' } })] }), 'resource', /needs Resource 10 free on 2027-03-02 09:00–12:00/],
  ['the class is elsewhere', () => planInput({ commitments: [commitment(1, { window: { ...week, endsOn: '2027-03-02' } })], classBusy: [{ classId: 101, start: ms('2027-03-02T08:00'), end: ms('2027-03-02T18:00'), label: 'sports day' }] }), 'class_busy', /Grade 7 class 1 were free on 2027-03-02/],
  ['a minimum gap the window cannot hold', () => planInput({ commitments: [commitment(1, { count: 2, window: { ...week, endsOn: '2027-03-11' }, spacing: { minGapDays: 14, notSameDayAsOtherActivity: false } })] }), 'spacing', /fits if visits may be \d+ days apart/],
  ['not on the same day as another activity of the class', () => planInput({ commitments: [commitment(1, { window: { ...week, endsOn: '2027-03-02' }, durationMinutes: 60, spacing: { notSameDayAsOtherActivity: true } })], classBusy: [{ classId: 101, start: ms('2027-03-02T14:00'), end: ms('2027-03-02T15:00'), label: 'drama club' }] }), 'spacing', /share a day/],
  ['a window outside the term', () => planInput({ commitments: [commitment(1, { window: { ...week, startsOn: '2027-08-02', endsOn: '2027-08-20' } })] }), 'window', /inside the term/],
];

describe('every unplaced occurrence has a binding reason, and relaxing it makes it fit', () => {
  it.each(cases)('%s', async (_name, make, family, fits) => {
    const input = make();
    const result = await plan(input);
    expectClean(result);
    expect(result.unplaced).toHaveLength(1);
    const [reason] = result.unplaced[0]!.reasons;
    expect(reason!.family).toBe(family);
    expect(reason!.fits).toMatch(fits);
    expect(reason!.relaxation).not.toBeNull();
    const relaxed = await plan(applyRelaxation(input, reason!.relaxation!));
    expectClean(relaxed);
    expect(relaxed.unplaced, JSON.stringify(relaxed.unplaced)).toEqual([]);
    expect(relaxed.stats.placed).toBe(result.stats.placed + 1);
  });
});

describe('the greedy baseline', () => {
  it('places earliest-first and can place fewer than the planner', async () => {
    // Class 101's visit fits only on Tuesday; greedy gives Tuesday to class 102's earlier commitment... first.
    const tue = { ...week, endsOn: '2027-03-03' };
    const input = planInput({
      resources: [resource(HALL, {}), resource(GUIDE, { kind: 'staff' }), resource(TELESCOPES, { kind: 'equipment', quantity: 5 })],
      commitments: [commitment(1, { classIds: [102], window: tue }), commitment(2, { classIds: [101], window: { ...tue, endsOn: '2027-03-02' } })],
    });
    expect(greedyPlan(input).unplaced).toBe(1);
    expect((await plan(input)).stats.unplaced).toBe(0);
  });

  it('starts the solver from the occurrences with the fewest slots first when that places more', () => {
    // The same two visits: in priority order class 102 takes Tuesday, the only day class 101 has.
    const tue = { ...week, endsOn: '2027-03-03' };
    const input = planInput({
      resources: [resource(HALL, {}), resource(GUIDE, { kind: 'staff' }), resource(TELESCOPES, { kind: 'equipment', quantity: 5 })],
      commitments: [commitment(1, { classIds: [102], window: tue }), commitment(2, { classIds: [101], window: { ...tue, endsOn: '2027-03-02' } })],
    });
    const { ctx, occurrences, candidates } = prepare(input);
    expect(greedyOver(ctx, occurrences, candidates)).toHaveLength(1);
    const start = bestGreedy(ctx, occurrences, candidates);
    expect(start.map((s) => [s.occurrence.key, s.date]).sort()).toEqual([['c1-k102-1', '2027-03-03'], ['c2-k101-1', '2027-03-02']]);
  });
});

describe('the MIP', () => {
  const mipOf = (input: PlanInput) => {
    const { ctx, occurrences, candidates } = prepare(input);
    const slots = occurrences.flatMap((o) => candidates.get(o.key)!.filter((c) => c.failures.length === 0).map((c) => ({ slot: c.slot, value: 1000 })));
    return buildMip({ slots, occurrences, capacities: capacities(ctx, slots), horizon: 400, multiplicity: new Map() }).lp;
  };
  const twoVisits = (notSameDayAsOtherActivity: boolean) => planInput({
    resources: [resource(HALL, {}), resource(GUIDE, { kind: 'staff' }), resource(TELESCOPES, { kind: 'equipment', quantity: 5 })],
    commitments: [1, 2].map((id) => commitment(id, { classIds: [101], needs: [{ options: [id === 1 ? HALL : GUIDE], quantity: 1, setupMinutes: 0, teardownMinutes: 0 }], spacing: { notSameDayAsOtherActivity } })),
  });

  it('leaves out a class row where the same-day rows already keep its slots apart', () => {
    const lp = mipOf(twoVisits(true));
    expect(lp).toMatch(/ day_101_/);
    expect(lp).not.toMatch(/ cap_k101_/);
  });

  it('keeps the class rows of occurrences that may share a day, and the plan never overlaps them', async () => {
    const input = twoVisits(false);
    expect(mipOf(input)).toMatch(/ cap_k101_/);
    const result = await plan(input);
    expect(result.stats.placed).toBe(2);
    const [a, b] = result.items;
    expect(a!.end <= b!.start || b!.end <= a!.start).toBe(true);
  });
});
