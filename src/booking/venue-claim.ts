import type { PoolClient } from '../db/pool.ts';
import * as cq from './claims.queries.ts';
import type { LockedResource } from './claims.queries.ts';
import type { ClaimInput } from './claims.schema.ts';
import { approvalFor, checkClaims } from './claims.rules.ts';
import { selectClaimedResourceIds } from './bookings.queries.ts';

/**
 * The venue is stored once: an activity's venue IS one of its claims, marked `is_venue` (migration
 * 0023, at most one per activity); `venueId` in the API is read from it (the view `activity_venues`).
 * The one rule, here and nowhere else: setting venueId sets, moves or removes that claim. The claim
 * carries the approval when the venue belongs to another unit, and its bookings like any claim's.
 */
export interface VenueHolder {
  id: number;
  organizerUnitId: number;
  /** The venue as stored before the change. */
  venueId: number | null;
}

/** The claims to check for a new activity at `venueId`: the venue's own claim first unless the caller already claims it. */
export function withVenueClaim(claims: ClaimInput[], venueId: number | null | undefined): ClaimInput[] {
  if (!venueId || claims.some((c) => c.resourceId === venueId)) return claims;
  return [{ resourceId: venueId, quantity: 1, setupMinutes: 0, teardownMinutes: 0 }, ...claims];
}

/**
 * Locks (ascending, claims.rules.ts) every resource the activity claims, `alsoLock` and a new venue,
 * checking that the venue exists and is a venue; returns the locked resources.
 */
export async function lockForVenue(db: PoolClient, activity: VenueHolder, venueId: number | null, alsoLock: number[] = []): Promise<Map<number, LockedResource>> {
  const claimed = await selectClaimedResourceIds(db, activity.id);
  const newVenue = venueId !== null && venueId !== activity.venueId && !claimed.includes(venueId) ? venueId : null;
  return checkClaims(db, newVenue ? [{ resourceId: newVenue, quantity: 1 }] : [], venueId, [...claimed, ...alsoLock], () => 'body.venueId');
}

/**
 * Makes `venueId` the activity's venue: the old venue's claim is released, the claim of the new venue
 * becomes the venue claim (claimed now if it was not: another unit's venue as pending). `locked` holds
 * the new venue (lockForVenue or checkClaims).
 */
export async function placeVenue(db: PoolClient, activity: VenueHolder, venueId: number | null, locked: Map<number, LockedResource>): Promise<void> {
  if (venueId === activity.venueId) return;
  if (activity.venueId !== null) await cq.deleteVenueClaim(db, activity.id);
  if (venueId === null || (await cq.markVenueClaim(db, activity.id, venueId))) return;
  const claim = { resourceId: venueId, quantity: 1, setupMinutes: 0, teardownMinutes: 0 };
  await cq.insertClaim(db, activity.id, claim, approvalFor(locked.get(venueId)!, activity.organizerUnitId), true);
}
