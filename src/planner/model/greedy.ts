import { Placed } from './checks.ts';
import { prepare } from './plan.ts';
import type { PlanInput, Slot } from './types.ts';

/**
 * PURE baseline for the benchmark: occurrences in priority order (commitment id, class, k), each at
 * its earliest candidate slot that breaks no hard rule given those placed before it.
 */
export function greedyPlan(input: PlanInput): { placed: Slot[]; unplaced: number; occurrences: number } {
  const { ctx, occurrences, candidates } = prepare(input);
  const placed = new Placed(ctx);
  let unplaced = 0;
  for (const o of occurrences) {
    const list = candidates.get(o.key)!.filter((c) => c.failures.length === 0).sort((a, b) => a.slot.start - b.slot.start);
    const fit = list.find((c) => placed.failures(c.slot).length === 0);
    if (fit) placed.add(fit.slot);
    else unplaced++;
  }
  return { placed: placed.slots, unplaced, occurrences: occurrences.length };
}
