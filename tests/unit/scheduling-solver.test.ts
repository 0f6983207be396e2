import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { solve, type Requirement, type SolverInput, type SolverResource } from '../../src/scheduling/solver/solver.ts';
import { peakUse, usageProfile } from '../../src/scheduling/solver/usage.ts';

const ZONE = 'Asia/Shanghai';
const t = (iso: string, zone = ZONE) => DateTime.fromISO(iso, { zone }).toMillis();
const hhmm = (ms: number, zone = ZONE) => DateTime.fromMillis(ms, { zone }).toFormat('MM-dd HH:mm');

function resource(id: number, quantity: number, busy: [string, string, number][] = [], extra: Partial<SolverResource> = {}): SolverResource {
  return { id, quantity, busy: busy.map(([s, e, q], i) => ({ start: t(s), end: t(e), quantity: q, activityId: 100 + i })), open: null, blocks: [], ...extra };
}

const need = (options: number[], quantity = 1, extra: Partial<Requirement> = {}): Requirement =>
  ({ label: `r${options.join('|')}`, options, quantity, mode: 'one', setupMinutes: 0, teardownMinutes: 0, ...extra });

function input(resources: SolverResource[], requirements: Requirement[], extra: Partial<SolverInput> = {}): SolverInput {
  return {
    zone: ZONE, from: DateTime.fromISO('2027-03-09', { zone: ZONE }), to: DateTime.fromISO('2027-03-10', { zone: ZONE }),
    durationMinutes: 60, stepMinutes: 30, weekdays: [1, 2, 3, 4, 5, 6, 7], dayStartMinute: 8 * 60, dayEndMinute: 12 * 60,
    requirements, resources: new Map(resources.map((r) => [r.id, r])), unitBlocks: [], limit: 10, ...extra,
  };
}

describe('usage sweep', () => {
  it('takes the peak, with back-to-back periods not overlapping', () => {
    const busy = [{ start: 0, end: 10, quantity: 3, activityId: 1 }, { start: 10, end: 20, quantity: 2, activityId: 2 }, { start: 5, end: 15, quantity: 1, activityId: 3 }];
    expect(peakUse(busy, 0, 20)).toBe(4);
    expect(peakUse(busy, 15, 20)).toBe(2);
    expect(peakUse(busy, 20, 30)).toBe(0);
    expect(usageProfile(busy, 0, 30)).toEqual([{ start: 0, end: 5, inUse: 3 }, { start: 5, end: 10, inUse: 4 }, { start: 10, end: 15, inUse: 3 }, { start: 15, end: 20, inUse: 2 }]);
  });
});

describe('availability solver', () => {
  it('finds the earliest free hours of a venue around a booking', () => {
    const venue = resource(1, 1, [['2027-03-09T09:00', '2027-03-09T10:00', 1]]);
    expect(solve(input([venue], [need([1])])).slots.map((s) => hhmm(s.start))).toEqual(['03-09 08:00', '03-09 10:00', '03-09 10:30', '03-09 11:00']);
  });

  it('counts the peak in a pool, not the sum of overlapping bookings', () => {
    const pool = resource(1, 5, [['2027-03-09T09:00', '2027-03-09T10:00', 3], ['2027-03-09T10:00', '2027-03-09T11:00', 2]]);
    const window = { dayStartMinute: 9 * 60, dayEndMinute: 11 * 60 };
    expect(solve(input([pool], [need([1], 2)], window)).slots.map((s) => hhmm(s.start))).toEqual(['03-09 09:00', '03-09 09:30', '03-09 10:00']);
    expect(solve(input([pool], [need([1], 3)], window)).slots.map((s) => hhmm(s.start))).toEqual(['03-09 10:00']);
  });

  it('widens by set-up and tear-down buffers', () => {
    const venue = resource(1, 1, [['2027-03-09T10:00', '2027-03-09T11:00', 1]]);
    const slots = solve(input([venue], [need([1], 1, { setupMinutes: 30, teardownMinutes: 30 })], { dayEndMinute: 13 * 60 })).slots;
    // 09:00 would tear down until 10:30, 11:00 would set up from 10:30.
    expect(slots.map((s) => hhmm(s.start))).toEqual(['03-09 08:00', '03-09 08:30', '03-09 11:30', '03-09 12:00']);
    expect(slots[0]!.resources).toEqual([{ resourceId: 1, quantity: 1, setupMinutes: 30, teardownMinutes: 30 }]);
  });

  it('spreads "N of a category" over pools and picks the first free venue choice', () => {
    const a = resource(1, 3);
    const b = resource(2, 4, [['2027-03-09T08:00', '2027-03-09T12:00', 2]]);
    const hall = resource(3, 1, [['2027-03-09T08:00', '2027-03-09T12:00', 1]]);
    const room = resource(4, 1);
    const result = solve(input([a, b, hall, room], [need([1, 2], 4, { mode: 'spread', label: '4 × telescope' }), need([3, 4])], { limit: 1 }));
    expect(result.slots).toEqual([{
      start: t('2027-03-09T08:00'), end: t('2027-03-09T09:00'),
      resources: [{ resourceId: 1, quantity: 3, setupMinutes: 0, teardownMinutes: 0 }, { resourceId: 2, quantity: 1, setupMinutes: 0, teardownMinutes: 0 }, { resourceId: 4, quantity: 1, setupMinutes: 0, teardownMinutes: 0 }],
    }]);
    // The same resource asked for twice is not handed out twice.
    expect(solve(input([a], [need([1], 2), need([1], 2)])).slots).toEqual([]);
  });

  it('keeps weekdays, local hours and wall-clock times across daylight saving', () => {
    const zone = 'America/New_York';
    const venue = resource(1, 1);
    const result = solve(input([venue], [need([1])], {
      zone, from: DateTime.fromISO('2027-03-12', { zone }), to: DateTime.fromISO('2027-03-16', { zone }),
      weekdays: [7, 1], dayStartMinute: 16 * 60, dayEndMinute: 17 * 60, limit: 5,
    }));
    expect(result.slots.map((s) => DateTime.fromMillis(s.start, { zone }).toISO({ suppressMilliseconds: true }))).toEqual([
      '2027-03-14T16:00:00-04:00', '2027-03-15T16:00:00-04:00',
    ]);
  });

  it('explains an infeasible request per day and names the nearest slot', () => {
    const pool = resource(1, 5, [['2027-03-09T08:00', '2027-03-09T12:00', 4], ['2027-03-10T07:00', '2027-03-10T12:00', 4]]);
    const holiday = { start: t('2027-03-11T00:00'), end: t('2027-03-12T00:00'), kind: 'holiday', entryId: 7, reason: { 'zh-CN': '假日', en: 'Holiday' } };
    const closed = resource(2, 1, [], { open: [] });
    const result = solve(input([pool, closed], [need([1], 3, { label: '3 × telescope' })], { to: DateTime.fromISO('2027-03-12', { zone: ZONE }), unitBlocks: [holiday] }));
    expect(result.slots).toEqual([]);
    expect(result.days).toEqual([
      { date: '2027-03-09', blockedBy: [{ kind: 'busy', requirement: '3 × telescope', needed: 3, free: 1 }] },
      { date: '2027-03-10', blockedBy: [{ kind: 'busy', requirement: '3 × telescope', needed: 3, free: 1 }] },
      { date: '2027-03-11', blockedBy: [{ kind: 'calendar', entryId: 7, calendarKind: 'holiday', reason: { 'zh-CN': '假日', en: 'Holiday' }, resourceId: null }] },
    ]);
    expect(result.nearest).toEqual({ start: t('2027-03-09T08:00'), end: t('2027-03-09T09:00'), problems: [{ kind: 'busy', requirement: '3 × telescope', needed: 3, free: 1 }] });
    const hours = solve(input([closed], [need([2])]));
    expect(hours.days[0]!.blockedBy).toEqual([{ kind: 'opening_hours', resourceId: 2 }]);
  });
});
