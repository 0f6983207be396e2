import type { Pool } from '../db/pool.ts';
import type { Logger } from '../shared/logger.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import type { Commitment } from '../commitments/commitments.schema.ts';
import { planTerm, type PlanResult, type Solver } from './model/plan.ts';
import { PLAN_STEP_MINUTES, solveOptions, type PlanOptions } from './plans.defaults.ts';
import type { PlanInput, PlanItem } from './model/types.ts';
import { loadPlanInput } from './plans.load.ts';
import * as lease from './plans.lease.queries.ts';
import type { Plan, PlanResultJson } from './plans.schema.ts';
import { recheckThroughEngine } from './recheck.ts';
import { approvalFor } from '../booking/claims.rules.ts';
import { defaultBookingOptions } from '../booking/holds.ts';
import { occurrenceTitle } from './titles.ts';

/**
 * The plan job: load → plan (HiGHS in a worker thread) → re-check through the booking engine → store.
 * It runs on the event loop after the request answered 202; the CPU-heavy solve is off this thread.
 * Progress is written at most once a second. The job holds a lease on its plan (plans.lease.queries.ts)
 * and renews it every third of PLAN_LEASE_MS; if this process dies, another takes the plan over
 * once the lease lapses (plans.recover.ts) and computes it again from the stored input.
 */

// 30 s: a dead process's plan is taken over within about 30–60 s (the recovery job looks every
// 30 s), while a busy event loop has ten seconds of slack before a renewal is late.
export const PLAN_LEASE_MS = 30_000;

export interface PlanLease {
  owner: string;
  /** The app's clock: starts before its now are past and never planned (the system clock when absent). */
  clock?: Clock | undefined;
  leaseMs?: number;
}

export type PlanJob = Pick<Plan, 'id' | 'term' | 'pinned'> & { options: PlanOptions };

function titled(input: PlanInput, commitments: Commitment[], result: PlanResult): PlanResultJson {
  const byId = new Map(commitments.map((c) => [c.id, c]));
  const names = (ids: number[]) => ids.map((id) => input.classes.find((c) => c.id === id)?.name ?? { 'zh-CN': `班级 ${id}`, en: `class ${id}` });
  const title = (commitmentId: number, classIds: number[], index: number) => occurrenceTitle(byId.get(commitmentId)!, names(classIds), index).en;
  const units = new Map(input.resources.map((r) => [r.id, r.unitId]));
  // Which claims will wait for an owner's approval: booking's approval rule (claims.rules.ts), not a copy of it.
  const approvals = (item: PlanItem) => [...new Set(item.resourceIds)]
    .filter((id) => approvalFor({ unitId: units.get(id)! }, byId.get(item.commitmentId)!.organizerUnitId) === 'pending')
    .map((id) => ({ resourceId: id, unitId: units.get(id)! }));
  return {
    items: result.items.map((i) => ({ ...i, title: title(i.commitmentId, i.classIds, i.index), approvals: approvals(i) })),
    unplaced: result.unplaced.map((u) => ({ ...u, title: title(u.commitmentId, u.classIds, u.index), reasons: u.reasons.map((r) => ({ ...r, relaxation: r.relaxation as Record<string, unknown> | null })) })),
    stats: result.stats,
    violations: result.violations,
    engineViolations: [],
  };
}

/** Claims the plan and computes it; returns without work when another process holds it. */
export async function runPlan(pool: Pool, solver: Solver, log: Logger, plan: PlanJob, owner: PlanLease, claimed = false): Promise<void> {
  const leaseMs = owner.leaseMs ?? PLAN_LEASE_MS;
  if (!claimed && !(await lease.claimPlan(pool, plan.id, owner.owner, leaseMs))) return;
  const renew = setInterval(() => void lease.renewPlanLease(pool, plan.id, owner.owner, leaseMs).catch(() => undefined), Math.floor(leaseMs / 3));
  renew.unref();
  try {
    await computePlan(pool, solver, log, plan, owner.owner, owner.clock ?? systemClock);
  } finally {
    clearInterval(renew);
  }
}

async function computePlan(pool: Pool, solver: Solver, log: Logger, plan: PlanJob, owner: string, clock: Clock): Promise<void> {
  const now = clock.now().toMillis();
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  try {
    const { input, commitments } = await loadPlanInput(pool, plan.term, plan.pinned, plan.options.stepMinutes ?? PLAN_STEP_MINUTES, now);
    let lastWrite = 0;
    const result = await planTerm(input, solver, solveOptions(plan.options.timeLimitSeconds), (p) => {
      if (performance.now() - lastWrite < 1000) return;
      lastWrite = performance.now();
      void lease.setLeasedProgress(pool, plan.id, owner, { phase: 'solving', seconds: seconds(), gap: p.gap, objective: p.objective }).catch(() => undefined);
    });
    await lease.setLeasedProgress(pool, plan.id, owner, { phase: 'rechecking', seconds: seconds() });
    const json = titled(input, commitments, result);
    // The trial writes' holds are rolled back with them: the hold length does not matter here.
    json.engineViolations = await recheckThroughEngine(pool, { ...defaultBookingOptions, clock }, commitments, result.items);
    const stored = await lease.setLeasedResult(pool, plan.id, owner, json, { phase: 'done', seconds: seconds(), gap: result.stats.gap, objective: result.stats.objective });
    log.info({ module: 'planner', planId: plan.id, placed: result.stats.placed, unplaced: result.stats.unplaced, gap: result.stats.gap, seconds: seconds(), stored }, stored ? 'plan done' : 'plan done, but another process had taken it over');
  } catch (error) {
    log.error({ module: 'planner', planId: plan.id, err: error }, 'plan failed');
    await lease.setLeasedFailure(pool, plan.id, owner, { phase: 'failed', seconds: seconds() }, error instanceof Error ? error.message : String(error)).catch(() => undefined);
  }
}
