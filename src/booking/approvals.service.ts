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

/** Reads the activity back for the answer; the activities feature passes its presenter (app.ts). */
export type LoadActivity<A> = (db: Pool | PoolClient, activityId: number) => Promise<A>;

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
 * Approval of claims on another unit's resources. A requested activity holds its resources; the owner
 * unit approves (the activity is confirmed once nothing is pending) or declines (it falls back to draft,
 * freeing everything it held), or the hold lapses after HOLD_EXPIRY_HOURS (also back to draft).
 */
export function approvalsService<A = undefined>(
  pool: Pool,
  events: ActivityEvents = new ActivityEvents(),
  booking: BookingOptions = defaultBookingOptions,
  load: LoadActivity<A> = async () => undefined as A,
  onDecided: OnDecided = async () => undefined,
) {
  async function decide(actor: Actor, activityId: number, claimId: number, decision: 'approved' | 'declined', note: string | undefined, tx?: PoolClient): Promise<A> {
    const action = decision === 'approved' ? 'approve' : 'decline';
    await audited(pool, actor, { entity: 'claim', action }, async (db) => {
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
      if (outcome.changed) {
        await cq.setStatus(db, activityId, outcome.status as 'draft' | 'confirmed', outcome.holdExpiresAt);
        await events.emit(db, { type: 'updated', activityId, attendeeRelevant: true, statusBefore: row.status, statusAfter: outcome.status });
      }
      await onDecided(db, { activityId, claimId, decision, reason: note ?? null, holdExpiresAt: row.holdExpiresAt });
      return { before, after, entityId: claimId, reason: note ?? null };
    }, tx);
    return load(tx ?? pool, activityId);
  }

  async function expireHold(id: number, released: number[]): Promise<void> {
    await audited(pool, systemActor, { entity: 'activity', action: 'expire_hold' }, async (db) => {
      const row = await cq.lockActivityStatus(db, id);
      // Approved or changed meanwhile: nothing to release.
      const outcome = row && transition(row, { type: 'hold_lapsed' }, holdTime(booking));
      if (!row || !outcome?.ok) return { entityId: id };
      await cq.setStatus(db, id, 'draft', null);
      await events.emit(db, { type: 'updated', activityId: id, attendeeRelevant: true, statusBefore: 'requested', statusAfter: 'draft' });
      released.push(id);
      return { before: { status: row.status, holdExpiresAt: row.holdExpiresAt }, after: { status: 'draft' }, entityId: id, reason: 'hold expired' };
    });
  }

  return {
    /** In its own transaction, or given `tx` in the caller's (one unit of work, e.g. a demo activity agreed in advance). */
    approve: (actor: Actor, activityId: number, claimId: number, note?: string, tx?: PoolClient) => decide(actor, activityId, claimId, 'approved', note, tx),
    decline: (actor: Actor, activityId: number, claimId: number, note?: string) => decide(actor, activityId, claimId, 'declined', note),

    /** Releases every hold that has lapsed by the clock's now; returns the activities released. */
    async expireHolds(): Promise<number[]> {
      const released: number[] = [];
      for (const id of await cq.selectLapsedHolds(pool, booking.clock.now().toUTC().toISO()!)) await expireHold(id, released);
      return released;
    },
  };
}
export type ApprovalsService<A = undefined> = ReturnType<typeof approvalsService<A>>;
