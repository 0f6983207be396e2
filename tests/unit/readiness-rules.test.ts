import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { leavesSchool, readiness, type ReadinessFacts, type ReadinessPupil } from '../../src/readiness/readiness.rules.ts';

const pupil = (i: number, over: Partial<ReadinessPupil> = {}): ReadinessPupil =>
  ({ registrationId: i, name: `P${i}`, class: null, grade: 8, status: 'confirmed', consent: 'given', excluded: false, ...over });

const base = (over: Partial<ReadinessFacts> = {}): ReadinessFacts => ({
  kind: 'field_visit', activityStatus: 'confirmed', organizerUnitId: 1, startsAt: DateTime.fromISO('2027-03-02T01:00:00Z'), timeZone: 'Asia/Shanghai',
  consentRequired: true, pupils: Array.from({ length: 40 }, (_, i) => pupil(i + 1)), adults: 4, pupilsPerAdult: null,
  unitRule: { primary: 6, secondary: 10 }, audienceGrades: [], claims: [{ claimId: 1, resourceKind: 'staff', category: null, ownerUnitId: 2, approval: 'approved' }],
  trip: { destination: 'Museum', hasVenue: false, meetingPoint: 'Gate', meetingAt: '2027-03-02T00:15:00Z', contact: 'Ms Wang', contactPhone: '010-1234', transport: 'Bus' },
  headCountDays: 7, headCount: 40, ...over,
});
const missing = (over: Partial<ReadinessFacts>) => readiness(base(over)).missing;

describe('readiness rules', () => {
  it('a complete visit is ready', () => {
    expect(readiness(base())).toMatchObject({ ready: true, missing: [], going: 40, adultsNeeded: 4, pupilsPerAdult: 10, stage: 'secondary', headCountDueAt: '2027-02-23T01:00:00.000Z' });
  });
  it.each<[string, Partial<ReadinessFacts>, string[]]>([
    ['40 pupils and 3 adults at 1:10 need 1 more adult', { adults: 3 }, ['adults']],
    ['primary pupils use 1:6', { pupils: Array.from({ length: 40 }, (_, i) => pupil(i, { grade: 4 })), headCount: 40 }, ['adults']],
    ["the activity's own ratio wins", { adults: 2, pupilsPerAdult: 20 }, []],
    ['one pupil without consent', { pupils: [...Array.from({ length: 39 }, (_, i) => pupil(i)), pupil(99, { consent: 'pending' })] }, ['consents']],
    ['an excluded pupil needs no consent but the head count changes', { pupils: [...Array.from({ length: 39 }, (_, i) => pupil(i)), pupil(99, { consent: 'pending', excluded: true })] }, ['head_count']],
    ['a pending claim', { claims: [{ claimId: 1, resourceKind: 'staff', category: null, ownerUnitId: 2, approval: 'pending' }] }, ['approvals']],
    ['a hold pending', { activityStatus: 'requested' }, ['approvals']],
    ['no guide', { claims: [] }, ['guide']],
    ['no transport', { trip: { ...base().trip, transport: '' } }, ['transport']],
    ['a transport claim is transport', { trip: { ...base().trip, transport: '' }, claims: [...base().claims, { claimId: 2, resourceKind: 'equipment', category: 'transport', ownerUnitId: 1, approval: 'not_needed' }] }, []],
    ['no phone', { trip: { ...base().trip, contactPhone: '' } }, ['trip']],
    ['head count not confirmed', { headCount: null }, ['head_count']],
    ['a consent withdrawn after the head count', { pupils: [...Array.from({ length: 39 }, (_, i) => pupil(i)), pupil(99, { consent: 'withdrawn', status: 'cancelled' })], adults: 4 }, ['head_count']],
    ['a summer camp needs no guide', { kind: 'summer_camp', claims: [] }, []],
  ])('%s', (_name, over, expected) => {
    expect(missing(over)).toEqual(expected);
  });
  it('says how many adults are missing and flags withdrawn consents', () => {
    const r = readiness(base({ adults: 3, pupils: [...Array.from({ length: 40 }, (_, i) => pupil(i)), pupil(99, { consent: 'withdrawn', status: 'cancelled' })] }));
    expect(r.items.find((i) => i.key === 'adults')).toMatchObject({ ok: false, actor: 'school', data: { more: 1, needed: 4, adults: 3 } });
    expect(r.flagged).toEqual([{ registrationId: 99, name: 'P99', class: null, reason: 'consent_withdrawn' }]);
  });
  it('an activity leaves the school by kind or by destination', () => {
    expect(leavesSchool('field_visit', '', ['field_visit'])).toBe(true);
    expect(leavesSchool('science_show', '', ['field_visit'])).toBe(false);
    expect(leavesSchool('science_show', 'Museum', ['field_visit'])).toBe(true);
  });
});
