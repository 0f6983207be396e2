import { performance } from 'node:perf_hooks';
import { report } from './lib/db.ts';
import { generatedTerm } from './lib/term.ts';
import { summary } from './lib/summary.ts';
import { planTerm } from '../src/planner/model/plan.ts';
import { greedyPlan } from '../src/planner/model/plan.ts';
import { context } from '../src/planner/model/candidates.ts';
import { scoreSlot } from '../src/planner/model/score.ts';
import { verify } from '../src/planner/model/verify.ts';
import { expandOccurrences } from '../src/planner/model/occurrences.ts';
import { highsSolver } from '../src/planner/solver/highs.ts';
import { PLAN_STEP_MINUTES, PLAN_TIME_LIMIT_SECONDS, solveOptions } from '../src/planner/plans.defaults.ts';
import type { PlanInput } from '../src/planner/model/types.ts';

/**
 * The term planner on generated 20-week terms (bench/lib/term.ts): ≈ 200 and ≈ 550 occurrences, at
 * the settings a plan gets from the API and the organizer desk (src/planner/plans.defaults.ts: the
 * step, the time limit, the gap) through the plan job's own call (planTerm with solveOptions).
 * Time to plan (candidates, model, HiGHS in its worker thread, diagnosis, re-check), the MIP gap,
 * hard violations on an independent re-check (0), unplaced occurrences by reason — and the greedy
 * earliest-fit baseline on the same input, in the same run. Goals: ≤ 10 s / ≤ 60 s, gap ≤ 1 %,
 * placed ≥ greedy. Not included: reading the term from PostgreSQL and the booking engine's
 * rolled-back re-check, which the plan job adds.
 */
function spread(input: PlanInput, slots: { occurrence: { group: string }; day: number }[]): number {
  // Mean days between consecutive occurrences of the same group (more is better spread for count-based groups).
  const byGroup = new Map<string, number[]>();
  for (const s of slots) byGroup.set(s.occurrence.group, [...(byGroup.get(s.occurrence.group) ?? []), s.day]);
  const gaps = [...byGroup.values()].flatMap((days) => days.sort((a, b) => a - b).slice(1).map((d, i) => d - days[i]!));
  void input;
  return gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : 0;
}

async function run(perGrade: number, size: number, goalSeconds: number): Promise<void> {
  const input: PlanInput = { ...generatedTerm(perGrade), stepMinutes: PLAN_STEP_MINUTES };
  const occurrences = expandOccurrences(input).length;
  const started = performance.now();
  const result = await planTerm(input, highsSolver, solveOptions(PLAN_TIME_LIMIT_SECONDS));
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
  report(`${occurrences} occurrences, ${input.classes.length} classes and groups, ${input.resources.filter((r) => r.kind === 'equipment').length} pools, 20 weeks; starts every ${input.stepMinutes} min, time limit ${PLAN_TIME_LIMIT_SECONDS} s`, {
    'seconds to plan (goal)': `${seconds.toFixed(2)} (≤ ${goalSeconds})`,
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
  const note = `${occurrences} occ., step ${input.stepMinutes} min, ${result.stats.status}`;
  summary([
    { figure: `planner ~${size}: seconds to plan`, value: seconds, unit: 's', goal: { op: '<=', value: goalSeconds }, note },
    { figure: `planner ~${size}: MIP gap`, value: result.stats.gap * 100, unit: '%', goal: { op: '<=', value: 1 } },
    { figure: `planner ~${size}: placed − greedy placed`, value: result.stats.placed - greedy.placed.length, goal: { op: '>=', value: 0 }, note: `${result.stats.placed} vs ${greedy.placed.length}, ${result.violations.length} violations` },
  ]);
}

// ≈ 200 occurrences (8 classes per grade) in 10 s, ≈ 550 (28 per grade) in 60 s; quick mode runs both too (≈ 40 s).
const TERMS = [[8, 200, 10], [28, 550, 60]] as const;
for (const [perGrade, size, goalSeconds] of TERMS) {
  // A term that fails (a model too large for the solver, say) is reported, and the next one still runs.
  await run(perGrade, size, goalSeconds).catch((error: unknown) => {
    report(`~${size}-occurrence term`, { failed: error instanceof Error ? error.message : String(error) });
    summary([{ figure: `planner ~${size}: seconds to plan`, value: Number.NaN, goal: { op: '<=', value: goalSeconds }, note: 'failed' }]);
  });
}
