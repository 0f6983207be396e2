import { DateTime } from 'luxon';
import { candidatesOf, context, type Candidate, type Context } from './candidates.ts';
import { diagnose } from './diagnose.ts';
import { buildMip, objectiveOf, type MipSlot } from './mip.ts';
import { assign, capacities } from './sets.ts';
import { expandOccurrences } from './occurrences.ts';
import { PINNED, PLACED, scoreSlot } from './score.ts';
import type { Occurrence, PlanInput, PlanItem, Slot, Unplaced } from './types.ts';
import { verify } from './verify.ts';
import { bestGreedy, greedyOver } from './greedy.ts';

/** The solver is injected (a worker thread running HiGHS in production): the model stays pure. */
export interface SolverOptions {
  timeLimitSeconds: number;
  relativeGap: number;
  /** A feasible solution to start from (column name → value; others 0). */
  start?: Record<string, number> | undefined;
}
/**
 * The gap at which a solve stops: 0.01 % of an objective worth 1,000 per placed occurrence is about a
 * tenth of one placement, so the preferences are optimised too, not only the count.
 */
export const RELATIVE_GAP = 1e-4;

export interface Progress {
  seconds: number;
  gap: number | null;
  objective: number | null;
  bound: number | null;
}
export interface SolveResult {
  status: string;
  objective: number;
  bound: number;
  gap: number;
  seconds: number;
  values: Record<string, number>;
}
export type Solver = (lp: string, options: SolverOptions, onProgress?: (p: Progress) => void) => Promise<SolveResult>;

export interface PlanResult {
  items: PlanItem[];
  unplaced: Unplaced[];
  stats: {
    occurrences: number; placed: number; unplaced: number; variables: number; constraints: number;
    status: string; objective: number; bound: number; gap: number; solveSeconds: number; preferenceScore: number;
  };
  violations: ReturnType<typeof verify>;
}

interface Prepared {
  ctx: Context;
  occurrences: Occurrence[];
  candidates: Map<string, Candidate[]>;
  pinned: Set<string>;
}

/**
 * Interchangeable occurrences (a group counted by `count`, no maximum gap, not pinned) are one set of
 * columns in the MIP: the first stands for all of them. Returns representative key → members.
 */
function pooled(occurrences: Occurrence[], pinned: Set<string>): Map<string, Occurrence[]> {
  const byGroup = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    if (pinned.has(o.key) || o.commitment.cadence !== null || o.commitment.spacing.maxGapDays !== undefined) continue;
    byGroup.set(o.group, [...(byGroup.get(o.group) ?? []), o]);
  }
  return new Map([...byGroup.values()].map((members) => [members[0]!.key, members]));
}

/** Occurrences and their candidate slots; a group's occurrences share one evaluation of its window. */
export function prepare(input: PlanInput): Prepared {
  const ctx = context(input);
  const accepted = new Set(input.kept.filter((k) => k.accepted).map((k) => k.key));
  const occurrences = expandOccurrences(input).filter((o) => !accepted.has(o.key));
  const candidates = new Map<string, Candidate[]>();
  const shared = new Map<string, Candidate[]>();
  const pinned = new Set<string>();
  for (const o of occurrences) {
    const cacheKey = `${o.group}|${o.fromDate}|${o.toDate}`;
    const base = shared.get(cacheKey) ?? candidatesOf(ctx, o);
    shared.set(cacheKey, base);
    let list = base.map((c) => ({ slot: { ...c.slot, occurrence: o }, failures: c.failures }));
    const kept = input.kept.find((k) => k.key === o.key && !k.accepted);
    const at = kept ? pinnedAt(list, kept) : null;
    if (at) {
      list = [at];
      pinned.add(o.key);
    }
    candidates.set(o.key, list);
  }
  return { ctx, occurrences, candidates, pinned };
}

/**
 * A kept item still fits where it was (same start, its resources free then): the candidate narrowed to
 * those resources, whatever order they are listed in. Null when it no longer fits.
 */
function pinnedAt(list: Candidate[], kept: { start: number; resourceIds: number[] }): Candidate | null {
  for (const c of list) {
    if (c.failures.length > 0 || c.slot.start !== kept.start) continue;
    const left = [...kept.resourceIds];
    const ids = (c.slot.alternatives ?? c.slot.resourceIds.map((id) => [id])).map((alt) => {
      const k = left.findIndex((id) => alt.includes(id));
      return k < 0 ? null : left.splice(k, 1)[0]!;
    });
    if (left.length > 0 || ids.some((id) => id === null)) continue;
    const resourceIds = ids as number[];
    return { slot: { ...c.slot, resourceIds, uses: c.slot.uses.map((u, i) => ({ ...u, resourceId: resourceIds[i]! })), alternatives: resourceIds.map((id) => [id]) }, failures: [] };
  }
  return null;
}

export function itemOf(slot: Slot, pinned: boolean, zone: string): PlanItem {
  const o = slot.occurrence;
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!;
  return { key: o.key, commitmentId: o.commitment.id, index: o.index, classIds: o.classIds, start: iso(slot.start), end: iso(slot.end), resourceIds: slot.resourceIds, pinned, accepted: false };
}

/** A pooled group's chosen slots go to its occurrences in date order (k-th visit before the k+1-th). */
function unpool(chosen: MipSlot[], pools: Map<string, Occurrence[]>): MipSlot[] {
  const out: MipSlot[] = [];
  const byRep = new Map<string, MipSlot[]>();
  for (const s of chosen) {
    if (pools.has(s.slot.occurrence.key)) byRep.set(s.slot.occurrence.key, [...(byRep.get(s.slot.occurrence.key) ?? []), s]);
    else out.push(s);
  }
  for (const [key, list] of byRep) {
    const members = pools.get(key)!;
    [...list].sort((a, b) => a.slot.start - b.slot.start).forEach((s, k) => out.push({ ...s, slot: { ...s.slot, occurrence: members[k]! } }));
  }
  return out;
}

/** The best greedy plan as MIP columns: HiGHS starts from it, so even a short time limit keeps at least that. */
function warmStart(ctx: Context, occurrences: Occurrence[], candidates: Map<string, Candidate[]>, slots: MipSlot[], pools: Map<string, Occurrence[]>): Record<string, number> {
  const index = new Map(slots.map((s, i) => [`${s.slot.occurrence.key}|${s.slot.start}`, i]));
  const representative = new Map([...pools].flatMap(([key, members]) => members.map((o) => [o.key, key] as const)));
  const start: Record<string, number> = {};
  for (const s of bestGreedy(ctx, occurrences, candidates)) {
    const i = index.get(`${representative.get(s.occurrence.key) ?? s.occurrence.key}|${s.start}`);
    if (i === undefined) return {};
    start[`x${i}`] = 1;
    if (s.occurrence.commitment.preferences.sameWeekday) for (const classId of s.occurrence.classIds) start[`w_${classId}_${s.weekday}`] = 1;
  }
  return start;
}

/** Builds the MIP, solves it, reads the plan back, explains what is unplaced and re-checks the result. */
export async function planTerm(input: PlanInput, solver: Solver, options: SolverOptions, onProgress?: (p: Progress) => void): Promise<PlanResult> {
  const { ctx, occurrences, candidates, pinned } = prepare(input);
  const groupSize = new Map<string, number>();
  for (const o of occurrences) groupSize.set(o.group, (groupSize.get(o.group) ?? 0) + 1);
  const pools = pooled(occurrences, pinned);
  const hidden = new Set([...pools.values()].flatMap((members) => members.slice(1).map((o) => o.key)));
  const valueOf = (slot: Slot) => (pinned.has(slot.occurrence.key) ? PINNED : PLACED) + scoreSlot(ctx, slot, groupSize.get(slot.occurrence.group)!);
  const slots: MipSlot[] = occurrences.filter((o) => !hidden.has(o.key)).flatMap((o) => candidates.get(o.key)!.filter((c) => c.failures.length === 0)
    .map((c) => ({ slot: c.slot, value: valueOf(c.slot) })));
  const horizon = slots.reduce((max, s) => Math.max(max, s.slot.day), 1) + 1;
  const multiplicity = new Map([...pools].map(([key, members]) => [key, members.length]));
  const mip = buildMip({ slots, occurrences, capacities: capacities(ctx, slots), horizon, multiplicity });
  const solved = slots.length === 0
    ? { status: 'empty', objective: 0, bound: 0, gap: 0, seconds: 0, values: {} }
    : await solver(mip.lp, { ...options, start: warmStart(ctx, occurrences, candidates, slots, pools) }, onProgress);
  const { chosen, placed } = assign(ctx, unpool(slots.filter((_s, i) => (solved.values[`x${i}`] ?? 0) > 0.5), pools), candidates, valueOf);
  const placedKeys = new Set(chosen.map((s) => s.slot.occurrence.key));
  const unplaced: Unplaced[] = occurrences.filter((o) => !placedKeys.has(o.key)).map((o) => ({
    key: o.key, commitmentId: o.commitment.id, index: o.index, classIds: o.classIds, reasons: diagnose(ctx, o, candidates.get(o.key)!, placed),
  }));
  // Accepted items are booked already: their bookings are in input.busy, the service lists them.
  const accepted = input.kept.filter((k) => k.accepted).length;
  // The plan's own objective (the MIP's, unless assign moved something) against the MIP's bound.
  const objective = objectiveOf(chosen, mip.weights);
  const gap = Number.isFinite(solved.bound) ? Math.max(0, solved.bound - objective) / Math.max(Math.abs(objective), 1e-9) : solved.gap;
  const preferenceScore = chosen.reduce((sum, s) => sum + s.value - (pinned.has(s.slot.occurrence.key) ? PINNED : PLACED), 0);
  return {
    items: chosen.map((s) => itemOf(s.slot, pinned.has(s.slot.occurrence.key), input.zone)).sort((a, b) => a.start.localeCompare(b.start) || a.key.localeCompare(b.key)),
    unplaced,
    stats: {
      occurrences: occurrences.length + accepted, placed: chosen.length + accepted, unplaced: unplaced.length, variables: mip.variables, constraints: mip.constraints,
      status: solved.status, objective, bound: solved.bound, gap, solveSeconds: solved.seconds, preferenceScore,
    },
    violations: verify(ctx, chosen.map((s) => s.slot)),
  };
}

/** The greedy baseline alone (the benchmark compares it with the MIP on the same input). */
export function greedyPlan(input: PlanInput): { placed: Slot[]; unplaced: number; occurrences: number } {
  const { ctx, occurrences, candidates } = prepare(input);
  const placed = greedyOver(ctx, occurrences, candidates);
  return { placed, unplaced: occurrences.length - placed.length, occurrences: occurrences.length };
}
