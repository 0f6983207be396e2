import { requireUnitWrite } from '../shared/policy.ts';
import { selectResource } from '../resources/resources.queries.ts';
import type { Pool, PoolClient } from '../db/pool.ts';
import { systemActor, type Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { ConflictError, found } from '../shared/errors.ts';
import { ActivityEvents } from '../shared/activity-events.ts';
import * as cq from './claims.queries.ts';
import { defaultBookingOptions, holdTime, type BookingOptions } from './holds.ts';
import { settle, transition } from './status.ts';
import { saveStatus } from './status.save.ts';
import { loadActivity } from './activity.present.ts';
import type { Activity } from './activity.schema.ts';

/** A decision on one claim, told to `onDecided` inside its transaction (notifications email the requester). */
export interface ClaimDecision {
  activityId: number;
  claimId: number;
  decision: 'approved' | 'declined';
  reason: string | null;
  holdExpiresAt: string | null;
}
export type OnDecided = (db: PoolClient, decision: ClaimDecision) => Promise<void>;

/**
 * The approval commands, in the caller's transaction `db`: the owner unit decides on a claim (the
 * activity is confirmed once nothing is pending, or falls back to draft on a decline, freeing what it
 * held), and a lapsed hold is released (back to draft). Each answers the change for its audit row.
 */
export function approvalCommands(events: ActivityEvents, booking: BookingOptions, onDecided: OnDecided = async () => undefined) {
  async function decideClaim(db: PoolClient, actor: Actor, activityId: number, claimId: number, decision: 'approved' | 'declined', note: string | undefined) {
    const row = found(await cq.lockActivityStatus(db, activityId), 'activity', activityId);
    const before = found(await cq.selectClaim(db, activityId, claimId), 'claim', claimId);
    // Only the unit that owns the claimed resource (or an admin) decides on it.
    requireUnitWrite(actor, found(await selectResource(db, before.resourceId), 'resource', before.resourceId).unitId);
    if (before.approval !== 'pending') {
      throw new ConflictError('not_pending', `This claim needs no decision (its approval is ${before.approval})`, { approval: before.approval });
    }
    const after = await cq.setClaimApproval(db, claimId, decision);
    const event = decision === 'declined' ? { type: 'declined' as const } : { type: 'approved' as const, pendingAfter: await cq.countPendingApprovals(db, activityId) };
    const outcome = settle(row, event, holdTime(booking));
    if (outcome.changed) await saveStatus(db, events, activityId, row, { status: outcome.status as 'draft' | 'confirmed', holdExpiresAt: outcome.holdExpiresAt });
    await onDecided(db, { activityId, claimId, decision, reason: note ?? null, holdExpiresAt: row.holdExpiresAt });
    return { before, after, entityId: claimId, reason: note ?? null };
  }

  /** Releases the activity's hold if it has lapsed by the clock's now; true when it did. */
  async function expireHold(db: PoolClient, id: number) {
    const row = await cq.lockActivityStatus(db, id);
    // Approved or changed meanwhile: nothing to release.
    const outcome = row && transition(row, { type: 'hold_lapsed' }, holdTime(booking));
    if (!row || !outcome?.ok) return { released: false, change: { entityId: id } };
    await saveStatus(db, events, id, row, { status: 'draft', holdExpiresAt: null });
    return { released: true, change: { before: { status: row.status, holdExpiresAt: row.holdExpiresAt }, after: { status: 'draft' }, entityId: id, reason: 'hold expired' } };
  }

  return { decideClaim, expireHold };
}

/** Approvals by the owner unit and the hold sweep, one transaction each with its audit row; answers read the activity back. */
export function approvalsService(
  pool: Pool,
  events: ActivityEvents = new ActivityEvents(),
  booking: BookingOptions = defaultBookingOptions,
  onDecided: OnDecided = async () => undefined,
) {
  const commands = approvalCommands(events, booking, onDecided);
  async function decide(actor: Actor, activityId: number, claimId: number, decision: 'approved' | 'declined', note: string | undefined, tx?: PoolClient): Promise<Activity> {
    await audited(pool, actor, { entity: 'claim', action: decision === 'approved' ? 'approve' : 'decline' }, (db) => commands.decideClaim(db, actor, activityId, claimId, decision, note), tx);
    return loadActivity(tx ?? pool, activityId);
  }

  return {
    /** In its own transaction, or given `tx` in the caller's (one unit of work, e.g. a demo activity agreed in advance). */
    approve: (actor: Actor, activityId: number, claimId: number, note?: string, tx?: PoolClient) => decide(actor, activityId, claimId, 'approved', note, tx),
    decline: (actor: Actor, activityId: number, claimId: number, note?: string) => decide(actor, activityId, claimId, 'declined', note),

    /** Releases every hold that has lapsed by the clock's now; returns the activities released. */
    async expireHolds(): Promise<number[]> {
      const released: number[] = [];
      for (const id of await cq.selectLapsedHolds(pool, booking.clock.now().toUTC().toISO()!)) {
        await audited(pool, systemActor, { entity: 'activity', action: 'expire_hold' }, async (db) => {
          const done = await commands.expireHold(db, id);
          if (done.released) released.push(id);
          return done.change;
        });
      }
      return released;
    },
  };
}
export type ApprovalsService = ReturnType<typeof approvalsService>;
