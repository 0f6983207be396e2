import type { PoolClient } from '../db/pool.ts';
import type { Commitment } from '../commitments/commitments.schema.ts';
import type { PlanItem } from './model/types.ts';

export interface TrialClaim {
  resourceId: number;
  quantity: number;
  setupMinutes: number;
  teardownMinutes: number;
}

/** Writes one plan item as a confirmed activity (occurrence, claims, classes) inside the re-check's rolled-back transaction. */
export async function writeTrialItem(db: PoolClient, c: Commitment, item: PlanItem, claims: TrialClaim[]): Promise<{ activityId: number; resourceIds: number[] }> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO activities (kind, title_zh, title_en, organizer_unit_id, starts_at, ends_at, time_zone, all_day, status, visibility)
     VALUES ($1::text, $2::text, $3::text, $4::bigint, $5::timestamptz, $6::timestamptz, $7::text, $8::boolean, 'confirmed', 'internal') RETURNING id`,
    [c.kind, c.title['zh-CN'], c.title.en, c.organizerUnitId, item.start, item.end, c.timeZone, c.allDayDays !== undefined]);
  const activityId = rows[0]!.id;
  await db.query('INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at) VALUES ($1::bigint, $2::timestamptz, $2::timestamptz, $3::timestamptz)', [activityId, item.start, item.end]);
  // The commitment's venue is the first claim (recheck.ts claimsOf); it is the venue claim (migration 0023).
  for (const [i, claim] of claims.entries()) {
    await db.query('INSERT INTO claims (activity_id, resource_id, quantity, setup_minutes, teardown_minutes, is_venue) VALUES ($1::bigint, $2::bigint, $3::int, $4::int, $5::int, $6::boolean)',
      [activityId, claim.resourceId, claim.quantity, claim.setupMinutes, claim.teardownMinutes, i === 0 && c.venueId !== undefined && c.venueId !== null]);
  }
  await db.query('INSERT INTO activity_classes (activity_id, class_id) SELECT $1::bigint, unnest($2::bigint[])', [activityId, item.classIds]);
  return { activityId, resourceIds: [...new Set(claims.map((x) => x.resourceId))].sort((a, b) => a - b) };
}
