import { RELATIVE_GAP, type SolverOptions } from './model/plan.ts';

/**
 * What a plan gets when its request does not say otherwise — the API, the organizer desk, plan
 * recovery and `bench/planner.bench.ts` all read these, so the benchmark measures what users get.
 */

/**
 * Candidate starts every 60 minutes from the opening of a commitment's daily window (09:00, 10:00, …;
 * a window from 13:30 gives 13:30, 14:30, …). Every time inside a day scores the same (the
 * preferences are about days), so a finer step only helps to pack more into a day, and it costs:
 * at 30 minutes a 20-week term of 555 occurrences is a MIP of 56,593 columns and 849,869 nonzeros
 * that HiGHS could not finish the root of in the default time limit (no bound, no gap), against
 * 33,612 columns solved to optimality at 60. A plan may still ask for 30 (`stepMinutes`).
 */
export const PLAN_STEP_MINUTES = 60;
export const PLAN_STEPS = [30, 60] as const;

/**
 * 30 s: the 555-occurrence benchmark term solves to optimality in about 19 s of HiGHS on a quiet
 * 2-core machine, so the limit leaves room for a loaded one; the best plan found by then is kept.
 */
export const PLAN_TIME_LIMIT_SECONDS = 30;

/** The solver options of a plan job: its time limit and the planner's gap. */
export const solveOptions = (timeLimitSeconds: number): SolverOptions => ({ timeLimitSeconds, relativeGap: RELATIVE_GAP });

/** A plan's stored options (plans created before the step was a choice have none: they get the default). */
export interface PlanOptions {
  timeLimitSeconds: number;
  stepMinutes?: number | undefined;
}
