import type { PlanOptions } from './plans.defaults.ts';
import type { Queryable } from '../db/pool.ts';
import type { Acceptance, Plan } from './plans.schema.ts';

const COLUMNS = `id, term, status, progress, result, pinned, acceptance, error,
  to_json(created_at)#>>'{}' AS "createdAt", to_json(updated_at)#>>'{}' AS "updatedAt"`;

export async function insertPlan(db: Queryable, term: string, options: PlanOptions, createdBy: string): Promise<Plan> {
  const { rows } = await db.query<Plan>(
    `INSERT INTO plans (term, options, created_by) VALUES ($1::text, $2::jsonb, $3::text) RETURNING ${COLUMNS}`,
    [term, JSON.stringify(options), createdBy]);
  return rows[0]!;
}

export async function selectPlan(db: Queryable, planId: number, forUpdate = false): Promise<(Plan & { options: PlanOptions }) | undefined> {
  const { rows } = await db.query<Plan & { options: PlanOptions }>(`SELECT ${COLUMNS}, options FROM plans WHERE id = $1::bigint ${forUpdate ? 'FOR UPDATE' : ''}`, [planId]);
  return rows[0];
}

export async function selectPlans(db: Queryable, term: string | null): Promise<Plan[]> {
  const { rows } = await db.query<Plan>(`SELECT ${COLUMNS} FROM plans WHERE ($1::text IS NULL OR term = $1::text) ORDER BY id DESC LIMIT 50`, [term]);
  return rows;
}

/** Queues a finished or failed plan again, in one statement: a plan being accepted meanwhile is left alone. */
export async function requeuePlan(db: Queryable, planId: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE plans SET status = 'queued', progress = '{"phase":"queued"}', error = NULL, updated_at = now()
      WHERE id = $1::bigint AND status IN ('done', 'failed')`, [planId]);
  return (rowCount ?? 0) > 0;
}

export async function setPinned(db: Queryable, planId: number, pinned: Plan['pinned']): Promise<void> {
  await db.query('UPDATE plans SET pinned = $2::jsonb, updated_at = now() WHERE id = $1::bigint', [planId, JSON.stringify(pinned)]);
}

export async function insertPlanBooking(db: Queryable, planId: number, item: { key: string; commitmentId: number; start: string; end: string }, activityId: number): Promise<void> {
  await db.query(
    `INSERT INTO plan_bookings (plan_id, item_key, commitment_id, activity_id, starts_at, ends_at)
     VALUES ($1::bigint, $2::text, $3::bigint, $4::bigint, $5::timestamptz, $6::timestamptz)`,
    [planId, item.key, item.commitmentId, activityId, item.start, item.end]);
}

/**
 * Starts (or resumes) accepting a finished plan: `done` becomes `accepting`; an `accepting` plan stays
 * so (a retry after a crash, or a concurrent accept). Answers the plan as it is then, undefined when
 * it is neither (accepted already, or not finished).
 */
export async function beginAcceptance(db: Queryable, planId: number): Promise<Plan | undefined> {
  const { rows } = await db.query<Plan>(
    `UPDATE plans SET status = 'accepting', updated_at = now()
      WHERE id = $1::bigint AND status IN ('done', 'accepting') AND result IS NOT NULL RETURNING ${COLUMNS}`, [planId]);
  return rows[0];
}

/**
 * Locks the plan's row for one item's transaction: accepts of the same plan take their items one at a
 * time, and each sees the outcomes the others committed.
 */
export async function lockAcceptance(db: Queryable, planId: number): Promise<{ status: Plan['status']; acceptance: Acceptance }> {
  const { rows } = await db.query<{ status: Plan['status']; acceptance: Acceptance | null }>(
    'SELECT status, acceptance FROM plans WHERE id = $1::bigint FOR UPDATE', [planId]);
  return { status: rows[0]!.status, acceptance: rows[0]!.acceptance ?? [] };
}

/** Records one item's outcome (in the transaction that booked it). */
export async function appendAcceptance(db: Queryable, planId: number, outcome: Acceptance[number]): Promise<void> {
  await db.query(
    `UPDATE plans SET acceptance = coalesce(acceptance, '[]'::jsonb) || jsonb_build_array($2::jsonb), updated_at = now() WHERE id = $1::bigint`,
    [planId, JSON.stringify(outcome)]);
}

/** Every item decided: the plan is accepted, its outcomes in the order of its items. */
export async function finishAcceptance(db: Queryable, planId: number, acceptance: Acceptance): Promise<void> {
  await db.query(
    `UPDATE plans SET status = 'accepted', acceptance = $2::jsonb, updated_at = now() WHERE id = $1::bigint AND status = 'accepting'`,
    [planId, JSON.stringify(acceptance)]);
}
