import { DateTime } from 'luxon';
import { candidatesOf, context, type Candidate, type Context } from './candidates.ts';
import { Placed } from './checks.ts';
import { diagnose } from './diagnose.ts';
import { buildMip, type Capacity, type MipSlot } from './mip.ts';
import { expandOccurrences } from './occurrences.ts';
import { PINNED, PLACED, scoreSlot } from './score.ts';
import type { Occurrence, PlanInput, PlanItem, Slot, Unplaced } from './types.ts';
import { verify } from './verify.ts';

/** The solver is injected (a worker thread running HiGHS in production): the model stays pure. */
export interface SolverOptions {
  timeLimitSeconds: number;
  relativeGap: number;
}
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
    const at = kept && list.filter((c) => c.failures.length === 0 && c.slot.start === kept.start && c.slot.resourceIds.join() === kept.resourceIds.join());
    if (at && at.length > 0) {
      list = at;
      pinned.add(o.key);
    }
    candidates.set(o.key, list);
  }
  return { ctx, occurrences, candidates, pinned };
}

function capacities(ctx: Context, slots: MipSlot[]): Capacity[] {
  const byResource = new Map<string, Capacity>();
  const cap = (key: string, capacity: number, busy: Capacity['busy']) => {
    const existing = byResource.get(key) ?? { key, capacity, uses: [], busy };
    byResource.set(key, existing);
    return existing;
  };
  slots.forEach((s, index) => {
    for (const use of s.slot.uses) cap(`r${use.resourceId}`, ctx.resources.get(use.resourceId)!.quantity, ctx.busyBy.get(use.resourceId) ?? []).uses.push({ index, use });
    for (const classId of s.slot.occurrence.classIds) {
      const busy = ctx.input.classBusy.filter((b) => b.classId === classId).map((b) => ({ ...b, quantity: 1 }));
      cap(`k${classId}`, 1, busy).uses.push({ index, use: { resourceId: -classId, quantity: 1, start: s.slot.start, end: s.slot.end } });
    }
  });
  return [...byResource.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export function itemOf(slot: Slot, pinned: boolean, zone: string): PlanItem {
  const o = slot.occurrence;
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!;
  return { key: o.key, commitmentId: o.commitment.id, index: o.index, classIds: o.classIds, start: iso(slot.start), end: iso(slot.end), resourceIds: slot.resourceIds, pinned, accepted: false };
}

/** Builds the MIP, solves it, reads the plan back, explains what is unplaced and re-checks the result. */
export async function planTerm(input: PlanInput, solver: Solver, options: SolverOptions, onProgress?: (p: Progress) => void): Promise<PlanResult> {
  const { ctx, occurrences, candidates, pinned } = prepare(input);
  const groupSize = new Map<string, number>();
  for (const o of occurrences) groupSize.set(o.group, (groupSize.get(o.group) ?? 0) + 1);
  const slots: MipSlot[] = occurrences.flatMap((o) => candidates.get(o.key)!.filter((c) => c.failures.length === 0)
    .map((c) => ({ slot: c.slot, value: (pinned.has(o.key) ? PINNED : PLACED) + scoreSlot(ctx, c.slot, groupSize.get(o.group)!) })));
  const horizon = Math.max(1, ...slots.map((s) => s.slot.day)) + 1;
  const mip = buildMip({ slots, occurrences, capacities: capacities(ctx, slots), horizon });
  const solved = slots.length === 0
    ? { status: 'empty', objective: 0, bound: 0, gap: 0, seconds: 0, values: {} }
    : await solver(mip.lp, options, onProgress);
  const chosen = slots.filter((_s, i) => (solved.values[`x${i}`] ?? 0) > 0.5);
  const placed = new Placed(ctx);
  for (const s of chosen) placed.add(s.slot);
  const placedKeys = new Set(chosen.map((s) => s.slot.occurrence.key));
  const unplaced: Unplaced[] = occurrences.filter((o) => !placedKeys.has(o.key)).map((o) => ({
    key: o.key, commitmentId: o.commitment.id, index: o.index, classIds: o.classIds, reasons: diagnose(ctx, o, candidates.get(o.key)!, placed),
  }));
  // Accepted items are booked already: their bookings are in input.busy, the service lists them.
  const accepted = input.kept.filter((k) => k.accepted).length;
  const preferenceScore = chosen.reduce((sum, s) => sum + s.value - (pinned.has(s.slot.occurrence.key) ? PINNED : PLACED), 0);
  return {
    items: chosen.map((s) => itemOf(s.slot, pinned.has(s.slot.occurrence.key), input.zone)).sort((a, b) => a.start.localeCompare(b.start) || a.key.localeCompare(b.key)),
    unplaced,
    stats: {
      occurrences: occurrences.length + accepted, placed: chosen.length + accepted, unplaced: unplaced.length, variables: mip.variables, constraints: mip.constraints,
      status: solved.status, objective: solved.objective, bound: solved.bound, gap: solved.gap, solveSeconds: solved.seconds, preferenceScore,
    },
    violations: verify(ctx, chosen.map((s) => s.slot)),
  };
}
