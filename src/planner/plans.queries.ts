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

export async function setPlanState(db: Queryable, planId: number, status: Plan['status'], progress: Record<string, unknown>, error: string | null = null): Promise<void> {
  await db.query('UPDATE plans SET status = $2::text, progress = $3::jsonb, error = $4::text, updated_at = now() WHERE id = $1::bigint', [planId, status, JSON.stringify(progress), error]);
}

export async function setPinned(db: Queryable, planId: number, pinned: Plan['pinned']): Promise<void> {
  await db.query('UPDATE plans SET pinned = $2::jsonb, updated_at = now() WHERE id = $1::bigint', [planId, JSON.stringify(pinned)]);
}

export async function setAcceptance(db: Queryable, planId: number, acceptance: Acceptance): Promise<void> {
  await db.query('UPDATE plans SET acceptance = $2::jsonb, updated_at = now() WHERE id = $1::bigint', [planId, JSON.stringify(acceptance)]);
}

export async function insertPlanBooking(db: Queryable, planId: number, item: { key: string; commitmentId: number; start: string; end: string }, activityId: number): Promise<void> {
  await db.query(
    `INSERT INTO plan_bookings (plan_id, item_key, commitment_id, activity_id, starts_at, ends_at)
     VALUES ($1::bigint, $2::text, $3::bigint, $4::bigint, $5::timestamptz, $6::timestamptz)`,
    [planId, item.key, item.commitmentId, activityId, item.start, item.end]);
}

/** Marks a finished plan accepted, once: a second, concurrent accept finds nothing to claim. */
export async function claimAcceptance(db: Queryable, planId: number): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE plans SET status = 'accepted', updated_at = now() WHERE id = $1::bigint AND status = 'done'`, [planId]);
  return (rowCount ?? 0) > 0;
}
