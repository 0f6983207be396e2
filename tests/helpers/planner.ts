import { DateTime } from 'luxon';
import type { CalendarEntry } from '../../src/calendars/blocking.ts';
import type { PlanCommitment, PlanInput, PlanResource } from '../../src/planner/model/types.ts';

/** Small planner inputs for unit tests: a school (unit 1), a museum (unit 2) and their resources. */
export const ZONE = 'Asia/Shanghai';
const day = (from: string, to: string) => [[from, to] as [string, string]];
const closedMondays = { tue: day('09:00', '17:00'), wed: day('09:00', '17:00'), thu: day('09:00', '17:00'), fri: day('09:00', '17:00'), sat: day('09:00', '17:00'), sun: day('09:00', '17:00') };

export function resource(id: number, overrides: Partial<PlanResource> & { openingHours?: PlanResource['hours']['openingHours'] } = {}): PlanResource {
  const { openingHours, ...rest } = overrides;
  const unitId = rest.unitId ?? 2;
  return {
    id, unitId, kind: 'venue', quantity: 1, name: { 'zh-CN': `资源${id}`, en: `Resource ${id}` },
    hours: { id, unitId, zone: ZONE, openingHours: openingHours === undefined ? null : openingHours }, ...rest,
  };
}

export const HALL = 10;
export const GUIDE = 11;
export const TELESCOPES = 12;

export function commitment(id: number, overrides: Partial<PlanCommitment> = {}): PlanCommitment {
  return {
    id, organizerUnitId: 1, kind: 'field_visit', title: { 'zh-CN': `承诺${id}`, en: `Commitment ${id}` },
    classIds: [101], perClass: true, count: 1, cadence: null, durationMinutes: 180, allDayDays: null,
    needs: [{ options: [HALL], quantity: 1, setupMinutes: 0, teardownMinutes: 0 }],
    window: { startsOn: '2027-03-01', endsOn: '2027-03-14', weekdays: ['tue', 'wed', 'thu'], from: '09:00', to: '12:00', freeAfternoonsOnly: false },
    spacing: { notSameDayAsOtherActivity: false }, preferences: {},
    ...overrides,
  };
}

export function entry(id: number, kind: CalendarEntry['kind'], from: string, to: string, scope: { unitId?: number; resourceId?: number } = {}): CalendarEntry {
  return {
    id, kind, unitId: scope.unitId ?? null, resourceId: scope.resourceId ?? null, name: { 'zh-CN': `日历${id}`, en: `Entry ${id}` },
    startsAt: DateTime.fromISO(from, { zone: ZONE }), endsAt: DateTime.fromISO(to, { zone: ZONE }).plus({ days: 1 }), asWeekday: null,
  };
}

export const ms = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();

export function planInput(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    zone: ZONE, term: { startsOn: '2027-03-01', endsOn: '2027-07-09' }, stepMinutes: 30,
    commitments: [commitment(1)],
    resources: [resource(HALL, { openingHours: closedMondays }), resource(GUIDE, { kind: 'staff' }), resource(TELESCOPES, { kind: 'equipment', quantity: 5 })],
    classes: [101, 102, 103].map((id, i) => ({ id, unitId: 1, grade: 7, name: { 'zh-CN': `七年级${i + 1}班`, en: `Grade 7 class ${i + 1}` } })),
    calendarEntries: [], classEntries: [], busy: [], classBusy: [], kept: [],
    ...overrides,
  };
}
