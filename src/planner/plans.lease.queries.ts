import type { PlanOptions } from './plans.defaults.ts';
import type { Queryable } from '../db/pool.ts';
import type { Plan, PlanResultJson } from './plans.schema.ts';

/**
 * Plan jobs under a lease (migration 0021): the process computing a plan holds `leased_by` and
 * renews `lease_until`; every write of the job is conditional on still holding it, so a process that
 * was presumed dead and comes back cannot overwrite the plan another process took over.
 */
type Claimed = Pick<Plan, 'id' | 'term' | 'pinned'> & { options: PlanOptions };

const lease = `leased_by = $2::text, lease_until = now() + $3::int * interval '1 millisecond'`;

/** Starts a queued plan (or one whose lease lapsed); false when another process has it. */
export async function claimPlan(db: Queryable, planId: number, owner: string, leaseMs: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE plans SET status = 'running', progress = '{"phase":"loading","seconds":0}', error = NULL, ${lease}, updated_at = now()
      WHERE id = $1::bigint AND (status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < now())))`,
    [planId, owner, leaseMs]);
  return (rowCount ?? 0) > 0;
}

/**
 * Takes over one plan whose job was lost: running with a lapsed lease (the process died), or queued
 * for longer than a lease without anyone starting it (the process died between answering 202 and
 * starting the job). SKIP LOCKED: processes recovering at once take different plans.
 */
export async function claimLostPlan(db: Queryable, owner: string, leaseMs: number): Promise<Claimed | undefined> {
  const { rows } = await db.query<Claimed>(
    `UPDATE plans SET status = 'running', progress = '{"phase":"loading","seconds":0}', error = NULL,
            leased_by = $1::text, lease_until = now() + $2::int * interval '1 millisecond', updated_at = now()
      WHERE id = (SELECT id FROM plans
                   WHERE (status = 'running' AND (lease_until IS NULL OR lease_until < now()))
                      OR (status = 'queued' AND updated_at < now() - $2::int * interval '1 millisecond')
                   ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, term, pinned, options`, [owner, leaseMs]);
  return rows[0];
}

/** Renews the lease; false when this process no longer holds it. */
export async function renewPlanLease(db: Queryable, planId: number, owner: string, leaseMs: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE plans SET lease_until = now() + $3::int * interval '1 millisecond' WHERE id = $1::bigint AND status = 'running' AND leased_by = $2::text`,
    [planId, owner, leaseMs]);
  return (rowCount ?? 0) > 0;
}

export async function setLeasedProgress(db: Queryable, planId: number, owner: string, progress: Record<string, unknown>): Promise<void> {
  await db.query(`UPDATE plans SET progress = $3::jsonb, updated_at = now() WHERE id = $1::bigint AND status = 'running' AND leased_by = $2::text`,
    [planId, owner, JSON.stringify(progress)]);
}

export async function setLeasedResult(db: Queryable, planId: number, owner: string, result: PlanResultJson, progress: Record<string, unknown>): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE plans SET status = 'done', result = $3::jsonb, progress = $4::jsonb, error = NULL, lease_until = NULL, updated_at = now()
      WHERE id = $1::bigint AND status = 'running' AND leased_by = $2::text`,
    [planId, owner, JSON.stringify(result), JSON.stringify(progress)]);
  return (rowCount ?? 0) > 0;
}

export async function setLeasedFailure(db: Queryable, planId: number, owner: string, progress: Record<string, unknown>, error: string): Promise<void> {
  await db.query(
    `UPDATE plans SET status = 'failed', progress = $3::jsonb, error = $4::text, lease_until = NULL, updated_at = now()
      WHERE id = $1::bigint AND status = 'running' AND leased_by = $2::text`,
    [planId, owner, JSON.stringify(progress), error]);
}
