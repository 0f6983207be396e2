import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/allocation/allocate.ts';
import type { AllocationApplication, AllocationResult, AllocationRules, AllocationSlot } from '../../src/allocation/allocation.model.ts';
import { wordExplanation } from '../../src/allocation/allocation.words.ts';
import { measureFairness } from '../../src/allocation/fairness.ts';
import { allocateFirstCome } from '../../src/allocation/first-come.ts';
import { mulberry32 } from '../../src/allocation/lottery.ts';

const rules = (over: Partial<AllocationRules> = {}): AllocationRules => ({ perSchoolCap: null, districtQuotas: {}, termPriority: false, termPlaces: {}, seed: 7, ...over });
const app = (id: string, schoolId: string, preferences: string[], over: Partial<AllocationApplication> = {}): AllocationApplication =>
  ({ id, schoolId, districtId: 'd1', classId: `c-${id}`, classSize: 30, preferences, ...over });
const slot = (id: string, capacity = 1): AllocationSlot => ({ id, capacity });

describe('allocation core (examples)', () => {
  it('gives every school a first place before any school gets a second (no-place-first)', () => {
    // School A applies with three classes first; first come would give A all three slots.
    const apps = [app('a1', 'A', ['s1', 's2', 's3']), app('a2', 'A', ['s1', 's2', 's3']), app('a3', 'A', ['s1', 's2', 's3']), app('b1', 'B', ['s1', 's3']), app('c1', 'C', ['s2', 's1'])];
    const r = allocate([slot('s1'), slot('s2'), slot('s3')], apps, rules());
    const schools = r.assignments.map((a) => apps.find((x) => x.id === a.applicationId)!.schoolId).sort();
    expect(schools).toEqual(['A', 'B', 'C']);
    expect(r.fairness.shareWithPlace).toBe(1);
    const fcfs = allocateFirstCome([slot('s1'), slot('s2'), slot('s3')], apps);
    expect(fcfs.fairness.schoolsWithPlace).toBe(1);
    expect(r.fairness.jain).toBeGreaterThan(fcfs.fairness.jain);
  });

  it('explains a lost lottery with how many schools of which tier drew for how many places', () => {
    const apps = Array.from({ length: 12 }, (_, i) => app(`a${i}`, `S${i}`, ['s1', 's2']));
    const r = allocate([slot('s1', 3), slot('s2', 20)], apps, rules());
    const loser = r.explanations.find((e) => e.outcome.code === 'got' && e.outcome.rank === 2)!;
    expect(loser.preferences[0]).toEqual({ code: 'lost_lottery', slotId: 's1', rank: 1, among: 12, places: 3, reason: 'no_place_yet' });
    const label = (id: string) => (id === 's1' ? '12月9日 09:00' : '12月10日 09:00');
    expect(wordExplanation(loser, 'zh-CN', label)).toBe('获得 12月10日 09:00（第2志愿）；12月9日 09:00（第1志愿）抽签未中：12 所尚无名额的学校抽取 3 个名额');
    expect(wordExplanation(loser, 'en', label)).toBe('Got 12月10日 09:00 (2nd preference); lost 12月9日 09:00 (1st preference) in the lottery: 3 of 12 schools with no place yet drawn');
  });

  it('puts schools with no place in the term so far first when termPriority is on', () => {
    const apps = [app('a', 'A', ['s1']), app('b', 'B', ['s1'])];
    for (let seed = 0; seed < 20; seed++) {
      const r = allocate([slot('s1')], apps, rules({ termPriority: true, termPlaces: { A: 2 }, seed }));
      expect(r.assignments.map((a) => a.applicationId)).toEqual(['b']);
      expect(r.explanations.find((e) => e.applicationId === 'a')!.preferences[0]).toMatchObject({ code: 'lost_priority', reason: 'no_place_in_offer', winners: 'no_place_yet' });
    }
  });

  it('stops at the school cap and the district quota and says so', () => {
    const apps = [app('a1', 'A', ['s1']), app('a2', 'A', ['s2']), app('b1', 'B', ['s3'], { districtId: 'd2' }), app('c1', 'C', ['s4'], { districtId: 'd2' })];
    const r = allocate([slot('s1'), slot('s2'), slot('s3'), slot('s4')], apps, rules({ perSchoolCap: 1, districtQuotas: { d2: 1 } }));
    const codes = Object.fromEntries(r.explanations.map((e) => [e.applicationId, e.outcome.code]));
    expect(Object.values(codes).filter((c) => c === 'school_cap_reached')).toHaveLength(1);
    expect(Object.values(codes).filter((c) => c === 'district_quota_reached')).toHaveLength(1);
    expect(r.waitlist).toEqual([]);
  });

  it('keeps the unplaced on a waitlist, schools with fewer places first', () => {
    const apps = [app('a1', 'A', ['s1']), app('a2', 'A', ['s1']), app('b1', 'B', ['s1']), app('c1', 'C', ['s1'])];
    const r = allocate([slot('s1')], apps, rules());
    const winner = apps.find((a) => a.id === r.assignments[0]!.applicationId)!;
    const first = apps.find((a) => a.id === r.waitlist[0])!;
    if (winner.schoolId === 'A') expect(first.schoolId).not.toBe('A');
    expect(r.waitlist).toHaveLength(3);
    expect(r.explanations.find((e) => e.applicationId === r.waitlist[0])!.waitlistPosition).toBe(1);
  });

  it('measures Jain\'s index: 1 when even, 1/n when one school has all', () => {
    const apps = [app('a', 'A', ['s']), app('b', 'B', ['s'])];
    expect(measureFairness(apps, [{ applicationId: 'a', slotId: 's', rank: 1, round: 1 }, { applicationId: 'b', slotId: 's', rank: 1, round: 1 }]).jain).toBe(1);
    expect(measureFairness(apps, [{ applicationId: 'a', slotId: 's', rank: 1, round: 1 }]).jain).toBe(0.5);
    expect(measureFairness(apps, []).jain).toBe(0);
  });

  it('draws the same numbers from the same seed', () => {
    const a = mulberry32(42), b = mulberry32(42);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });
});

/** A random offer: slots, schools in districts, classes with ranked preferences, rules. */
const offerArb = fc.record({
  slotCount: fc.integer({ min: 1, max: 8 }),
  capacities: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 8, maxLength: 8 }),
  classes: fc.array(fc.record({ school: fc.integer({ min: 0, max: 9 }), prefs: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 4 }) }), { maxLength: 40 }),
  cap: fc.option(fc.integer({ min: 1, max: 4 })),
  quota: fc.option(fc.integer({ min: 0, max: 6 })),
  termPriority: fc.boolean(),
  termPlaces: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 10, maxLength: 10 }),
  seed: fc.integer(),
}).map((o) => {
  const slots = Array.from({ length: o.slotCount }, (_, i) => slot(`s${i}`, o.capacities[i]!));
  const apps = o.classes.map((c, i) => app(`a${String(i).padStart(2, '0')}`, `S${c.school}`, [...new Set(c.prefs.map((p) => `s${p % o.slotCount}`))], { districtId: `d${c.school % 3}` }));
  const r = rules({
    perSchoolCap: o.cap, districtQuotas: o.quota === null ? {} : { d0: o.quota }, termPriority: o.termPriority,
    termPlaces: Object.fromEntries(o.termPlaces.map((n, i) => [`S${i}`, n])), seed: o.seed,
  });
  return { slots, apps, rules: r };
});

function count<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
}

function checkRules(slots: AllocationSlot[], apps: AllocationApplication[], r: AllocationRules, res: AllocationResult): void {
  const byId = new Map(apps.map((a) => [a.id, a]));
  const bySlot = count(res.assignments, (s) => s.slotId);
  for (const s of slots) expect(bySlot.get(s.id) ?? 0).toBeLessThanOrEqual(s.capacity);
  for (const s of res.assignments) expect(byId.get(s.applicationId)!.preferences[s.rank - 1]).toBe(s.slotId);
  expect(new Set(res.assignments.map((s) => s.applicationId)).size).toBe(res.assignments.length);
  const bySchool = count(res.assignments, (s) => byId.get(s.applicationId)!.schoolId);
  if (r.perSchoolCap !== null) for (const n of bySchool.values()) expect(n).toBeLessThanOrEqual(r.perSchoolCap);
  const byDistrict = count(res.assignments, (s) => byId.get(s.applicationId)!.districtId);
  for (const [d, q] of Object.entries(r.districtQuotas)) expect(byDistrict.get(d) ?? 0).toBeLessThanOrEqual(q);
  // No-place-first: no slot a school left without any place wanted went to a second-or-later place.
  const laterRoundSlots = new Set(res.assignments.filter((s) => s.round > 1).map((s) => s.slotId));
  for (const a of apps) {
    const quota = r.districtQuotas[a.districtId];
    if ((bySchool.get(a.schoolId) ?? 0) > 0 || (quota !== undefined && (byDistrict.get(a.districtId) ?? 0) >= quota)) continue;
    for (const p of a.preferences) expect(laterRoundSlots.has(p), `${a.id} (no place) wanted ${p}, given in a later round`).toBe(false);
  }
  // The rounds are real: a school's k-th place came in round ≥ k, one place per school per round.
  expect([...count(res.assignments, (s) => `${byId.get(s.applicationId)!.schoolId}/${s.round}`).values()].every((n) => n === 1)).toBe(true);
}

describe('allocation core (properties on random offers)', () => {
  it('never exceeds capacity, caps or quotas, and never lets a placed school take what a school without a place wanted', () => {
    fc.assert(fc.property(offerArb, ({ slots, apps, rules: r }) => checkRules(slots, apps, r, allocate(slots, apps, r))), { numRuns: 400 });
  });

  it('gives the same result for the same inputs and seed, whatever order the applications come in', () => {
    fc.assert(fc.property(offerArb, ({ slots, apps, rules: r }) => {
      expect(allocate([...slots].reverse(), [...apps].reverse(), r)).toEqual(allocate(slots, apps, r));
    }), { numRuns: 200 });
  });

  it('leaves no place empty that an unplaced class could take (no waste), as first come does not either', () => {
    fc.assert(fc.property(offerArb, ({ slots, apps, rules: r }) => {
      const res = allocate(slots, apps, r);
      const used = count(res.assignments, (s) => s.slotId);
      const free = new Set(slots.filter((s) => (used.get(s.id) ?? 0) < s.capacity).map((s) => s.id));
      for (const e of res.explanations) if (e.outcome.code === 'not_placed') {
        expect(apps.find((a) => a.id === e.applicationId)!.preferences.filter((p) => free.has(p))).toEqual([]);
      }
    }), { numRuns: 300 });
  });

  it('explains every application, and every placed one by the slot it got', () => {
    fc.assert(fc.property(offerArb, ({ slots, apps, rules: r }) => {
      const res = allocate(slots, apps, r);
      expect(res.explanations).toHaveLength(apps.length);
      const got = new Map(res.assignments.map((s) => [s.applicationId, s.slotId]));
      for (const e of res.explanations) expect(e.outcome.code === 'got' ? e.outcome.slotId : undefined).toBe(got.get(e.applicationId));
      expect(res.waitlist.length + res.assignments.length).toBeLessThanOrEqual(apps.length);
    }), { numRuns: 200 });
  });
});
