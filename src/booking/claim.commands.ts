import type { PoolClient } from '../db/pool.ts';
import { found } from '../shared/errors.ts';
import type { Actor } from '../shared/actor.ts';
import type { ActivityEvents } from '../shared/activity-events.ts';
import { requireUnitWrite } from '../shared/policy.ts';
import { holdTime, type BookingOptions } from './holds.ts';
import { settle } from './status.ts';
import { saveStatus } from './status.save.ts';
import { selectActivity } from './activity.queries.ts';
import * as cq from './claims.queries.ts';
import type { ClaimInput, ClaimUpdate } from './claims.schema.ts';
import { approvalFor, checkClaims } from './claims.rules.ts';
import { enforceBooking, holdersVisibleTo } from './booking.rules.ts';

/** One claim at a time (POST, PATCH and DELETE /activities/{id}/claims…), in the caller's transaction `db`. */
export function claimCommands(events: ActivityEvents, booking: BookingOptions) {
  const nowIso = () => booking.clock.now().toUTC().toISO()!;

  async function add(db: PoolClient, actor: Actor, activityId: number, input: ClaimInput) {
    const row = found(await selectActivity(db, activityId, true), 'activity', activityId);
    requireUnitWrite(actor, row.organizerUnitId);
    const locked = await checkClaims(db, [input], null, [], () => 'body');
    const approval = approvalFor(locked.get(input.resourceId)!, row.organizerUnitId);
    const after = await cq.insertClaim(db, activityId, input, approval);
    const outcome = settle(row, { type: 'claim_added', approval }, holdTime(booking));
    // Another unit's resource: the activity holds it as `requested` until that unit approves.
    if (outcome.changed) await saveStatus(db, events, activityId, row, { status: 'requested', holdExpiresAt: outcome.holdExpiresAt });
    await enforceBooking(db, { activityId, resourceIds: [input.resourceId], visibility: holdersVisibleTo(actor), notEndedBy: nowIso() });
    return { after, entityId: after.id };
  }

  async function update(db: PoolClient, actor: Actor, activityId: number, claimId: number, input: ClaimUpdate) {
    requireUnitWrite(actor, found(await selectActivity(db, activityId, true), 'activity', activityId).organizerUnitId);
    const before = found(await cq.selectClaim(db, activityId, claimId), 'claim', claimId);
    await checkClaims(db, [{ ...before, ...input }], null, [], () => 'body');
    const after = await cq.updateClaim(db, claimId, input);
    await enforceBooking(db, { activityId, resourceIds: [before.resourceId], visibility: holdersVisibleTo(actor), notEndedBy: nowIso() });
    return { before, after, entityId: claimId };
  }

  async function remove(db: PoolClient, actor: Actor, activityId: number, claimId: number) {
    const row = found(await selectActivity(db, activityId, true), 'activity', activityId);
    requireUnitWrite(actor, row.organizerUnitId);
    const before = found(await cq.selectClaim(db, activityId, claimId), 'claim', claimId);
    await cq.deleteClaim(db, claimId);
    const pendingBefore = before.approval === 'pending' ? 1 : 0;
    const outcome = settle(row, { type: 'claim_removed', pendingBefore, pendingAfter: await cq.countPendingApprovals(db, activityId) }, holdTime(booking));
    // (A confirmed activity is told again: its listeners reconcile, which changes nothing.)
    // Removing a claim frees time and confirming keeps every booking active: no locks needed.
    if (outcome.status === 'confirmed') await saveStatus(db, events, activityId, row, { status: 'confirmed', holdExpiresAt: null });
    return { before, entityId: claimId };
  }

  return { add, update, remove };
}
