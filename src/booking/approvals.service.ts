import { requireUnitWrite } from '../shared/policy.ts';
import { found } from '../shared/errors.ts';
import { selectResource } from '../resources/resources.queries.ts';
import type { Pool, PoolClient } from '../db/pool.ts';
import { systemActor, type Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { ConflictError } from '../shared/errors.ts';
import * as q from '../activities/activities.queries.ts';
import { presentActivity } from '../activities/activities.present.ts';
import type { Activity } from '../activities/activities.schema.ts';
import { ActivityEvents } from '../shared/activity-events.ts';
import { defaultBookingOptions, type BookingOptions } from '../activities/activities.service.ts';

/**
 * Approval of claims on another unit's resources. A requested activity holds its resources; the owner
 * unit approves (the activity is confirmed once nothing is pending) or declines (it falls back to draft,
 * freeing everything it held), or the hold lapses after HOLD_EXPIRY_HOURS (also back to draft).
 */
export function approvalsService(pool: Pool, events: ActivityEvents = new ActivityEvents(), booking: BookingOptions = defaultBookingOptions) {
  async function load(db: Pool | PoolClient, id: number): Promise<Activity> {
    return presentActivity(found(await q.selectActivity(db, id), 'activity', id), await q.selectClaims(db, [id]));
  }

  async function decide(actor: Actor, activityId: number, claimId: number, decision: 'approved' | 'declined', note: string | undefined): Promise<Activity> {
    const action = decision === 'approved' ? 'approve' : 'decline';
    await audited(pool, actor, { entity: 'claim', action }, async (db) => {
      const row = found(await q.selectActivity(db, activityId, true), 'activity', activityId);
      const before = found(await q.selectClaim(db, activityId, claimId), 'claim', claimId);
      // Only the unit that owns the claimed resource (or an admin) decides on it.
      requireUnitWrite(actor, found(await selectResource(db, before.resourceId), 'resource', before.resourceId).unitId);
      if (before.approval !== 'pending') {
        throw new ConflictError('not_pending', `This claim needs no decision (its approval is ${before.approval})`, { approval: before.approval });
      }
      const after = await q.setClaimApproval(db, claimId, decision);
      let status: 'draft' | 'confirmed' | null = null;
      if (row.status === 'requested' && decision === 'declined') status = 'draft';
      if (row.status === 'requested' && decision === 'approved' && (await q.countPendingApprovals(db, activityId)) === 0) status = 'confirmed';
      if (status) {
        await q.setStatus(db, activityId, status, null);
        await events.emit(db, { type: 'updated', activityId, attendeeRelevant: true, statusBefore: row.status, statusAfter: status });
      }
      return { before, after, entityId: claimId, reason: note ?? null };
    });
    return load(pool, activityId);
  }

  return {
    approve: (actor: Actor, activityId: number, claimId: number, note?: string) => decide(actor, activityId, claimId, 'approved', note),
    decline: (actor: Actor, activityId: number, claimId: number, note?: string) => decide(actor, activityId, claimId, 'declined', note),

    /** Releases every hold that has lapsed by the clock's now; returns the activities released. */
    async expireHolds(): Promise<number[]> {
      const now = booking.clock.now().toUTC().toISO()!;
      const { rows } = await pool.query<{ id: number }>(
        `SELECT id FROM activities WHERE status = 'requested' AND hold_expires_at <= $1::timestamptz ORDER BY hold_expires_at LIMIT 500`,
        [now],
      );
      const released: number[] = [];
      for (const { id } of rows) {
        await audited(pool, systemActor, { entity: 'activity', action: 'expire_hold' }, async (db) => {
          const row = await q.selectActivity(db, id, true);
          // Approved or changed meanwhile: nothing to release.
          if (!row || row.status !== 'requested' || !row.holdExpiresAt || Date.parse(row.holdExpiresAt) > Date.parse(now)) return { entityId: id };
          await q.setStatus(db, id, 'draft', null);
          await events.emit(db, { type: 'updated', activityId: id, attendeeRelevant: true, statusBefore: 'requested', statusAfter: 'draft' });
          released.push(id);
          return { before: { status: row.status, holdExpiresAt: row.holdExpiresAt }, after: { status: 'draft' }, entityId: id, reason: 'hold expired' };
        });
      }
      return released;
    },
  };
}
export type ApprovalsService = ReturnType<typeof approvalsService>;
