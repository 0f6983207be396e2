import type { Pool } from '../db/pool.ts';
import type { Logger } from '../shared/logger.ts';
import { periodicJob } from '../shared/periodic.ts';
import type { Solver } from './model/plan.ts';
import { claimLostPlan } from './plans.lease.queries.ts';
import { PLAN_LEASE_MS, runPlan, type PlanLease } from './plans.run.ts';

/**
 * Takes over plan jobs whose process died (lease lapsed, or queued and never started) and computes
 * them here. Claims are exclusive (SKIP LOCKED), so processes recovering at once never take the same
 * plan; each taken plan runs in the background under this process's lease. Returns the plan ids taken
 * and a promise of their jobs (tests wait for it).
 */
export async function recoverPlans(pool: Pool, solver: Solver, log: Logger, owner: PlanLease): Promise<{ taken: number[]; settled: Promise<void> }> {
  const taken: number[] = [];
  const jobs: Promise<void>[] = [];
  for (let plan = await claimLostPlan(pool, owner.owner, owner.leaseMs ?? PLAN_LEASE_MS); plan; plan = await claimLostPlan(pool, owner.owner, owner.leaseMs ?? PLAN_LEASE_MS)) {
    log.warn({ module: 'planner', planId: plan.id }, 'plan job was lost (its process stopped); computing it again here');
    taken.push(plan.id);
    jobs.push(runPlan(pool, solver, log, plan, owner, true));
  }
  return { taken, settled: Promise.all(jobs).then(() => undefined) };
}

/** Looks for lost plan jobs every 30 s (src/jobs/); a round only claims, the jobs run on. */
export const planRecoveryJob = (pool: Pool, solver: Solver, log: Logger, owner: PlanLease, everyMs = 30_000) => periodicJob({
  name: 'plan-recovery',
  everyMs,
  run: async () => (await recoverPlans(pool, solver, log, owner)).taken,
});
