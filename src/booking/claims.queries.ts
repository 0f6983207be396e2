import type { Queryable } from '../db/pool.ts';
import { prepared } from '../db/prepared.ts';
import type { Claim, ClaimInput, ClaimUpdate } from './claims.schema.ts';
import type { ActivityStatus } from '../shared/types.ts';
import { activityStatusSql as st } from './status.queries.ts';

/** Claims (an activity's use of a resource), their approvals, and the activity status they settle. */

const CLAIM_COLUMNS = `id, activity_id AS "activityId", resource_id AS "resourceId", quantity,
  setup_minutes AS "setupMinutes", teardown_minutes AS "teardownMinutes", approval`;

/**
 * SQL for the claims of activity `alias` as a JSON array, ordered like selectClaims: an activity and its
 * claims read in one round trip (activities/activities.queries.ts selectActivityWithClaims).
 */
export const claimsJsonOf = (alias: string) => `(SELECT coalesce(json_agg(json_build_object(
    'id', c.id, 'activityId', c.activity_id, 'resourceId', c.resource_id, 'quantity', c.quantity,
    'setupMinutes', c.setup_minutes, 'teardownMinutes', c.teardown_minutes, 'approval', c.approval) ORDER BY c.resource_id), '[]')
   FROM claims c WHERE c.activity_id = ${alias}.id)`;

export async function selectClaims(db: Queryable, activityIds: number[]): Promise<Claim[]> {
  const { rows } = await db.query<Claim>(
    `SELECT ${CLAIM_COLUMNS} FROM claims WHERE activity_id = ANY ($1::bigint[]) ORDER BY activity_id, resource_id`,
    [activityIds],
  );
  return rows;
}

export async function selectClaim(db: Queryable, activityId: number, claimId: number): Promise<Claim | undefined> {
  const { rows } = await db.query<Claim>(
    `SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = $1::bigint AND activity_id = $2::bigint`,
    [claimId, activityId],
  );
  return rows[0];
}

/** `isVenue`: the claim is the activity's venue (migration 0023; written only by activities/venue-claim.ts). */
export async function insertClaim(db: Queryable, activityId: number, c: ClaimInput, approval: Claim['approval'], isVenue = false): Promise<Claim> {
  const { rows } = await db.query<Claim>(prepared(
    `INSERT INTO claims (activity_id, resource_id, quantity, setup_minutes, teardown_minutes, approval, is_venue)
     VALUES ($1::bigint, $2::bigint, $3::int, $4::int, $5::int, $6::text, $7::boolean)
     RETURNING ${CLAIM_COLUMNS}`,
    [activityId, c.resourceId, c.quantity, c.setupMinutes, c.teardownMinutes, approval, isVenue]));
  return rows[0]!;
}

export async function updateClaim(db: Queryable, claimId: number, c: ClaimUpdate): Promise<Claim> {
  const { rows } = await db.query<Claim>(
    `UPDATE claims SET quantity = COALESCE($2::int, quantity), setup_minutes = COALESCE($3::int, setup_minutes),
            teardown_minutes = COALESCE($4::int, teardown_minutes), updated_at = now()
      WHERE id = $1::bigint RETURNING ${CLAIM_COLUMNS}`,
    [claimId, c.quantity ?? null, c.setupMinutes ?? null, c.teardownMinutes ?? null],
  );
  return rows[0]!;
}

export async function deleteClaim(db: Queryable, claimId: number): Promise<void> {
  await db.query('DELETE FROM claims WHERE id = $1::bigint', [claimId]);
}

export interface LockedResource {
  id: number;
  kind: string;
  quantity: number;
  unitId: number;
}

/**
 * Locks the resource rows in ascending id order: the one lock order every booking path uses, so
 * concurrent bookings of a resource queue up here instead of deadlocking further on.
 */
export async function lockResources(db: Queryable, resourceIds: number[]): Promise<LockedResource[]> {
  const { rows } = await db.query<LockedResource>(prepared(
    `SELECT id, kind, quantity, unit_id AS "unitId" FROM resources
      WHERE id = ANY ($1::bigint[]) ORDER BY id FOR UPDATE`,
    [resourceIds]));
  return rows;
}

export async function setClaimApproval(db: Queryable, claimId: number, approval: Claim['approval']): Promise<Claim> {
  const { rows } = await db.query<Claim>(
    `UPDATE claims SET approval = $2::text, updated_at = now() WHERE id = $1::bigint RETURNING ${CLAIM_COLUMNS}`,
    [claimId, approval],
  );
  return rows[0]!;
}

/** A new request to the owners: declined claims ask again. */
export async function reopenDeclinedClaims(db: Queryable, activityId: number): Promise<void> {
  await db.query(`UPDATE claims SET approval = 'pending', updated_at = now() WHERE activity_id = $1::bigint AND approval = 'declined'`, [activityId]);
}

/** Releases the activity's venue claim (the venue is that claim: migration 0023). */
export async function deleteVenueClaim(db: Queryable, activityId: number): Promise<void> {
  await db.query('DELETE FROM claims WHERE activity_id = $1::bigint AND is_venue', [activityId]);
}

/** Makes the activity's existing claim of the resource its venue claim; false when there is none. */
export async function markVenueClaim(db: Queryable, activityId: number, resourceId: number): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE claims SET is_venue = true, updated_at = now() WHERE activity_id = $1::bigint AND resource_id = $2::bigint', [activityId, resourceId]);
  return (rowCount ?? 0) > 0;
}

export async function countPendingApprovals(db: Queryable, activityId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM claims WHERE activity_id = $1::bigint AND approval = 'pending'`,
    [activityId],
  );
  return rows[0]!.n;
}


/** The activity's status and hold, row-locked: approvals and hold expiry decide on it. */
export async function lockActivityStatus(db: Queryable, activityId: number): Promise<{ status: ActivityStatus; holdExpiresAt: string | null } | undefined> {
  const { rows } = await db.query<{ status: ActivityStatus; holdExpiresAt: string | null }>(
    `SELECT status, to_json(hold_expires_at)#>>'{}' AS "holdExpiresAt" FROM activities WHERE id = $1::bigint FOR UPDATE`,
    [activityId],
  );
  return rows[0];
}

/** Requested activities whose hold has lapsed by `now`, oldest first. */
export async function selectLapsedHolds(db: Queryable, now: string): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM activities WHERE ${st.requested('activities')} AND hold_expires_at <= $1::timestamptz ORDER BY hold_expires_at LIMIT 500`,
    [now],
  );
  return rows.map((r) => r.id);
}
