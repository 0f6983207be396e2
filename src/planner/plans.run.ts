import type { Pool } from '../db/pool.ts';
import type { Logger } from '../shared/logger.ts';
import type { Commitment } from '../commitments/commitments.schema.ts';
import { planTerm, type PlanResult, type Solver } from './model/plan.ts';
import type { PlanInput, PlanItem } from './model/types.ts';
import { loadPlanInput } from './plans.load.ts';
import * as q from './plans.queries.ts';
import type { Plan, PlanResultJson } from './plans.schema.ts';
import { recheckThroughEngine } from './recheck.ts';
import { occurrenceTitle } from './titles.ts';

/**
 * The plan job: load → plan (HiGHS in a worker thread) → re-check through the booking engine → store.
 * It runs on the event loop after the request answered 202; the CPU-heavy solve is off this thread.
 * Progress is written at most once a second.
 */
function titled(input: PlanInput, commitments: Commitment[], result: PlanResult): PlanResultJson {
  const byId = new Map(commitments.map((c) => [c.id, c]));
  const names = (ids: number[]) => ids.map((id) => input.classes.find((c) => c.id === id)?.name ?? { 'zh-CN': `班级 ${id}`, en: `class ${id}` });
  const title = (commitmentId: number, classIds: number[], index: number) => occurrenceTitle(byId.get(commitmentId)!, names(classIds), index).en;
  const units = new Map(input.resources.map((r) => [r.id, r.unitId]));
  const approvals = (item: PlanItem) => [...new Set(item.resourceIds)].filter((id) => units.get(id) !== byId.get(item.commitmentId)!.organizerUnitId)
    .map((id) => ({ resourceId: id, unitId: units.get(id)! }));
  return {
    items: result.items.map((i) => ({ ...i, title: title(i.commitmentId, i.classIds, i.index), approvals: approvals(i) })),
    unplaced: result.unplaced.map((u) => ({ ...u, title: title(u.commitmentId, u.classIds, u.index), reasons: u.reasons.map((r) => ({ ...r, relaxation: r.relaxation as Record<string, unknown> | null })) })),
    stats: result.stats,
    violations: result.violations,
    engineViolations: [],
  };
}

export async function runPlan(pool: Pool, solver: Solver, log: Logger, plan: Pick<Plan, 'id' | 'term' | 'pinned'> & { options: { timeLimitSeconds: number } }): Promise<void> {
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  try {
    await q.setPlanState(pool, plan.id, 'running', { phase: 'loading', seconds: 0 });
    const { input, commitments } = await loadPlanInput(pool, plan.term, plan.pinned);
    let lastWrite = 0;
    const result = await planTerm(input, solver, { timeLimitSeconds: plan.options.timeLimitSeconds, relativeGap: 1e-4 }, (p) => {
      if (performance.now() - lastWrite < 1000) return;
      lastWrite = performance.now();
      void q.setPlanProgress(pool, plan.id, { phase: 'solving', seconds: seconds(), gap: p.gap, objective: p.objective }).catch(() => undefined);
    });
    await q.setPlanProgress(pool, plan.id, { phase: 'rechecking', seconds: seconds() });
    const json = titled(input, commitments, result);
    json.engineViolations = await recheckThroughEngine(pool, commitments, result.items);
    await q.setPlanResult(pool, plan.id, json, { phase: 'done', seconds: seconds(), gap: result.stats.gap, objective: result.stats.objective });
    log.info({ module: 'planner', planId: plan.id, placed: result.stats.placed, unplaced: result.stats.unplaced, gap: result.stats.gap, seconds: seconds() }, 'plan done');
  } catch (error) {
    log.error({ module: 'planner', planId: plan.id, err: error }, 'plan failed');
    await q.setPlanState(pool, plan.id, 'failed', { phase: 'failed', seconds: seconds() }, error instanceof Error ? error.message : String(error)).catch(() => undefined);
  }
}
