import type {
  AllocationApplication, AllocationResult, AllocationRules, AllocationSlot, Assignment, Explanation, Outcome, PreferenceResult, Tier,
} from './allocation.model.ts';
import { TIERS } from './allocation.model.ts';
import { measureFairness } from './fairness.ts';
import { drawTickets, mulberry32 } from './lottery.ts';

/**
 * PURE: the fair allocation of an offer's slots among schools' applications.
 *
 * Rounds: in round k each school can win at most one place, so every school that can be placed gets its
 * first place before any school gets a second (no-place-first). Within a round, preferences are served by
 * rank: first everybody's 1st preference, then the 2nd, …; a slot wanted by more schools than it has
 * places holds a contest. In a contest the schools are ordered by tier (nothing in this offer and, with
 * termPriority, nothing in the term so far; then nothing in this offer; then already placed) and, within a
 * tier, by the round's lottery ticket (drawn anew each round from the seed, so an unlucky draw does not
 * follow a school through the offer). A school enters one class per contest, its best class ticket.
 * The per-school cap and the district quotas (most places per district) are checked at each award.
 * Slots and applications are read in id order, so the result depends only on the data and the seed.
 */
export function allocate(slots: AllocationSlot[], applications: AllocationApplication[], rules: AllocationRules): AllocationResult {
  const state = newState(slots, applications, rules);
  for (let round = 1; ; round++) {
    const schoolTickets = drawTickets(state.apps.map((a) => a.schoolId), state.random);
    if (!runRound(state, round, schoolTickets)) break;
  }
  return finish(state);
}

interface State {
  rules: AllocationRules;
  slotIds: string[];
  apps: AllocationApplication[];
  remaining: Map<string, number>;
  placesBySchool: Map<string, number>;
  placesByDistrict: Map<string, number>;
  assigned: Map<string, Assignment>;
  results: Map<string, Map<number, PreferenceResult>>;
  classTickets: Map<string, number>;
  random: () => number;
  maxRank: number;
}

function newState(slots: AllocationSlot[], applications: AllocationApplication[], rules: AllocationRules): State {
  const slotIds = slots.map((s) => s.id).sort();
  const known = new Set(slotIds);
  // A preference for a slot that is not in the offer, or named twice, is dropped (validation refuses both earlier).
  const apps = [...applications]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((a) => ({ ...a, preferences: [...new Set(a.preferences)].filter((p) => known.has(p)) }));
  const random = mulberry32(rules.seed);
  return {
    rules, slotIds, apps, random,
    remaining: new Map(slots.map((s) => [s.id, Math.max(0, s.capacity)])),
    placesBySchool: new Map(), placesByDistrict: new Map(), assigned: new Map(),
    results: new Map(apps.map((a) => [a.id, new Map()])),
    classTickets: drawTickets(apps.map((a) => a.id), random),
    maxRank: Math.max(0, ...apps.map((a) => a.preferences.length)),
  };
}

function tierOf(state: State, schoolId: string): Tier {
  if ((state.placesBySchool.get(schoolId) ?? 0) > 0) return 'has_place';
  return state.rules.termPriority && (state.rules.termPlaces[schoolId] ?? 0) > 0 ? 'no_place_in_offer' : 'no_place_yet';
}

function blocked(state: State, app: AllocationApplication): boolean {
  const { perSchoolCap, districtQuotas } = state.rules;
  if (perSchoolCap !== null && (state.placesBySchool.get(app.schoolId) ?? 0) >= perSchoolCap) return true;
  const quota = districtQuotas[app.districtId];
  return quota !== undefined && (state.placesByDistrict.get(app.districtId) ?? 0) >= quota;
}

/** Note what happened to one preference; the first loss stays (it is why), a win replaces it. */
function note(state: State, appId: string, result: PreferenceResult): void {
  const byRank = state.results.get(appId)!;
  const before = byRank.get(result.rank);
  if (!before || result.code === 'got' || (before.code === 'slot_full' && result.code !== 'slot_full')) byRank.set(result.rank, result);
}

/** One round; true when it placed anybody. */
function runRound(state: State, round: number, schoolTickets: Map<string, number>): boolean {
  const placedThisRound = new Set<string>();
  for (let rank = 1; rank <= state.maxRank; rank++) {
    const wanting = new Map<string, AllocationApplication[]>();
    for (const app of state.apps) {
      const slotId = app.preferences[rank - 1];
      if (slotId === undefined || state.assigned.has(app.id) || placedThisRound.has(app.schoolId) || blocked(state, app)) continue;
      if (!wanting.has(slotId)) wanting.set(slotId, []);
      wanting.get(slotId)!.push(app);
    }
    for (const slotId of state.slotIds) {
      const candidates = (wanting.get(slotId) ?? []).filter((a) => !placedThisRound.has(a.schoolId) && !blocked(state, a));
      if (candidates.length > 0) contest(state, { slotId, rank, round }, candidates, schoolTickets, placedThisRound);
    }
  }
  return placedThisRound.size > 0;
}

interface Contest { slotId: string; rank: number; round: number }

function contest(state: State, c: Contest, candidates: AllocationApplication[], schoolTickets: Map<string, number>, placedThisRound: Set<string>): void {
  if ((state.remaining.get(c.slotId) ?? 0) <= 0) {
    for (const app of candidates) note(state, app.id, { code: 'slot_full', slotId: c.slotId, rank: c.rank });
    return;
  }
  const bySchool = new Map<string, AllocationApplication>();
  for (const app of candidates) {
    const best = bySchool.get(app.schoolId);
    if (!best || state.classTickets.get(app.id)! < state.classTickets.get(best.id)!) bySchool.set(app.schoolId, app);
  }
  const entrants = [...bySchool.values()].map((app) => ({ app, tier: TIERS.indexOf(tierOf(state, app.schoolId)) }));
  entrants.sort((a, b) => a.tier - b.tier || schoolTickets.get(a.app.schoolId)! - schoolTickets.get(b.app.schoolId)!);
  const winners: typeof entrants = [];
  const losers: typeof entrants = [];
  for (const e of entrants) {
    if (blocked(state, e.app)) continue; // the district's quota filled during this contest
    if ((state.remaining.get(c.slotId) ?? 0) > 0) {
      award(state, e.app, c);
      placedThisRound.add(e.app.schoolId);
      winners.push(e);
    } else losers.push(e);
  }
  for (const l of losers) note(state, l.app.id, lossOf(c, l.tier, winners.map((w) => w.tier), entrants.filter((e) => e.tier === l.tier).length));
}

function lossOf(c: Contest, tier: number, winnerTiers: number[], sameTier: number): PreferenceResult {
  const sameTierWinners = winnerTiers.filter((t) => t === tier).length;
  if (sameTierWinners > 0) return { code: 'lost_lottery', slotId: c.slotId, rank: c.rank, among: sameTier, places: sameTierWinners, reason: TIERS[tier]! };
  return { code: 'lost_priority', slotId: c.slotId, rank: c.rank, reason: TIERS[tier]!, winners: TIERS[Math.max(...winnerTiers)]! };
}

function award(state: State, app: AllocationApplication, c: Contest): void {
  state.remaining.set(c.slotId, state.remaining.get(c.slotId)! - 1);
  state.placesBySchool.set(app.schoolId, (state.placesBySchool.get(app.schoolId) ?? 0) + 1);
  state.placesByDistrict.set(app.districtId, (state.placesByDistrict.get(app.districtId) ?? 0) + 1);
  state.assigned.set(app.id, { applicationId: app.id, slotId: c.slotId, rank: c.rank, round: c.round });
  note(state, app.id, { code: 'got', ...c });
}

function outcomeOf(state: State, app: AllocationApplication): Outcome {
  const got = state.assigned.get(app.id);
  if (got) return { code: 'got', slotId: got.slotId, rank: got.rank, round: got.round };
  const cap = state.rules.perSchoolCap;
  if (cap !== null && (state.placesBySchool.get(app.schoolId) ?? 0) >= cap) return { code: 'school_cap_reached', cap };
  const quota = state.rules.districtQuotas[app.districtId];
  if (quota !== undefined && (state.placesByDistrict.get(app.districtId) ?? 0) >= quota) return { code: 'district_quota_reached', districtId: app.districtId, quota };
  return { code: 'not_placed' };
}

/** Preferences nobody looked at: below a won one ('not_needed') or never reached ('not_reached'). */
function preferencesOf(state: State, app: AllocationApplication): PreferenceResult[] {
  const byRank = state.results.get(app.id)!;
  const got = state.assigned.get(app.id);
  return app.preferences.map((slotId, i) => byRank.get(i + 1) ?? { code: got && got.rank < i + 1 ? 'not_needed' : 'not_reached', slotId, rank: i + 1 });
}

function finish(state: State): AllocationResult {
  // The waitlist: schools with fewer places first, then the lottery (a fresh draw), then the class ticket.
  const waitTickets = drawTickets(state.apps.map((a) => a.schoolId), state.random);
  const outcomes = new Map(state.apps.map((a) => [a.id, outcomeOf(state, a)]));
  const waiting = state.apps
    .filter((a) => outcomes.get(a.id)!.code === 'not_placed')
    .sort((a, b) => TIERS.indexOf(tierOf(state, a.schoolId)) - TIERS.indexOf(tierOf(state, b.schoolId))
      || (state.placesBySchool.get(a.schoolId) ?? 0) - (state.placesBySchool.get(b.schoolId) ?? 0)
      || waitTickets.get(a.schoolId)! - waitTickets.get(b.schoolId)!
      || state.classTickets.get(a.id)! - state.classTickets.get(b.id)!)
    .map((a) => a.id);
  const position = new Map(waiting.map((id, i) => [id, i + 1]));
  const explanations: Explanation[] = state.apps.map((a) => ({
    applicationId: a.id, outcome: outcomes.get(a.id)!, preferences: preferencesOf(state, a), waitlistPosition: position.get(a.id) ?? null,
  }));
  const assignments = [...state.assigned.values()].sort((a, b) => (a.applicationId < b.applicationId ? -1 : 1));
  return { assignments, explanations, waitlist: waiting, fairness: measureFairness(state.apps, assignments) };
}
