import { performance } from 'node:perf_hooks';
import { report } from './lib/db.ts';
import { generatedTerm } from './lib/term.ts';
import { planTerm, RELATIVE_GAP } from '../src/planner/model/plan.ts';
import { greedyPlan } from '../src/planner/model/plan.ts';
import { context } from '../src/planner/model/candidates.ts';
import { scoreSlot } from '../src/planner/model/score.ts';
import { verify } from '../src/planner/model/verify.ts';
import { expandOccurrences } from '../src/planner/model/occurrences.ts';
import { highsSolver } from '../src/planner/solver/highs.ts';
import type { PlanInput } from '../src/planner/model/types.ts';

/**
 * The term planner on generated 20-week terms (bench/lib/term.ts): ≈ 175 and ≈ 500 occurrences.
 * Time to plan (candidates, model, HiGHS in its worker thread, diagnosis, re-check), the MIP gap,
 * hard violations on an independent re-check (0), unplaced occurrences by reason — and the greedy
 * earliest-fit baseline on the same input, in the same run. Goals: ≤ 10 s / ≤ 60 s, gap ≤ 1 %.
 */
const TIME_LIMIT = { 175: 8, 500: 50 } as Record<number, number>;

function spread(input: PlanInput, slots: { occurrence: { group: string }; day: number }[]): number {
  // Mean days between consecutive occurrences of the same group (more is better spread for count-based groups).
  const byGroup = new Map<string, number[]>();
  for (const s of slots) byGroup.set(s.occurrence.group, [...(byGroup.get(s.occurrence.group) ?? []), s.day]);
  const gaps = [...byGroup.values()].flatMap((days) => days.sort((a, b) => a - b).slice(1).map((d, i) => d - days[i]!));
  void input;
  return gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : 0;
}

async function run(perGrade: number, goal: number): Promise<void> {
  const input = generatedTerm(perGrade);
  const occurrences = expandOccurrences(input).length;
  const started = performance.now();
  const result = await planTerm(input, highsSolver, { timeLimitSeconds: TIME_LIMIT[goal]!, relativeGap: RELATIVE_GAP });
  const seconds = (performance.now() - started) / 1000;
  const ctx = context(input);
  const greedyStarted = performance.now();
  const greedy = greedyPlan(input);
  const greedySeconds = (performance.now() - greedyStarted) / 1000;
  const groupSize = new Map<string, number>();
  for (const o of expandOccurrences(input)) groupSize.set(o.group, (groupSize.get(o.group) ?? 0) + 1);
  const greedyScore = greedy.placed.reduce((sum, s) => sum + scoreSlot(ctx, s, groupSize.get(s.occurrence.group)!), 0);
  const byKey = new Map(greedy.placed.map((s) => [s.occurrence.key, s]));
  void byKey;
  const reasons = new Map<string, number>();
  for (const u of result.unplaced) reasons.set(u.reasons[0]!.family, (reasons.get(u.reasons[0]!.family) ?? 0) + 1);
  const planSlots = result.items.map((i) => ({ occurrence: { group: i.key.replace(/-\d+$/, '') }, day: Math.round((Date.parse(i.start) - Date.parse(`${input.term.startsOn}T00:00:00+08:00`)) / 86_400_000) + 1 }));
  report(`${occurrences} occurrences, ${input.classes.length} classes and groups, ${input.resources.filter((r) => r.kind === 'equipment').length} pools, 20 weeks`, {
    'seconds to plan (goal)': `${seconds.toFixed(2)} (≤ ${goal === 175 ? 10 : 60})`,
    'solver seconds': result.stats.solveSeconds,
    'MIP variables / constraints': `${result.stats.variables} / ${result.stats.constraints}`,
    'solver status': result.stats.status,
    'MIP gap % (goal ≤ 1)': result.stats.gap * 100,
    'objective / bound (1,000 per placed + preferences)': `${result.stats.objective.toFixed(1)} / ${result.stats.bound.toFixed(1)}`,
    'hard violations on re-check': result.violations.length,
    'placed / unplaced': `${result.stats.placed} / ${result.stats.unplaced}`,
    'unplaced by binding reason': [...reasons].map(([k, v]) => `${k} ${v}`).join(', ') || 'none',
    'example reason': result.unplaced[0] ? `${result.unplaced[0].key}: ${result.unplaced[0].reasons[0]!.fits}` : '-',
    'preference score (planner)': result.stats.preferenceScore,
    'greedy placed / unplaced': `${greedy.placed.length} / ${greedy.unplaced}`,
    'greedy hard violations on re-check': verify(ctx, greedy.placed).length,
    'greedy preference score': greedyScore,
    'greedy seconds': greedySeconds,
    'mean days between a group\'s visits: planner / greedy': `${spread(input, planSlots).toFixed(1)} / ${spread(input, greedy.placed).toFixed(1)}`,
    'placed ratio planner / greedy': result.stats.placed / Math.max(1, greedy.placed.length),
  });
}

for (const [perGrade, goal] of [[8, 175], [28, 500]] as const) {
  // A term that fails (a model too large for the solver, say) is reported, and the next one still runs.
  await run(perGrade, goal).catch((error: unknown) => report(`${goal}-occurrence term`, { failed: error instanceof Error ? error.message : String(error) }));
}
