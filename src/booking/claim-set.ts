import type { PoolClient } from '../db/pool.ts';
import type { LockedResource } from './claims.queries.ts';
import * as cq from './claims.queries.ts';
import { approvalFor, checkClaims } from './claims.rules.ts';
import type { ActivityRow } from './activity.queries.ts';
import type { ClaimSetItem } from './activity.schema.ts';

/**
 * Makes an activity's claims (besides the venue's, which follows venueId) the set `wanted`: claims of
 * resources no longer named are released, new ones claimed (another unit's resource as pending), the
 * rest resized. Locks every resource involved first, in one ascending batch (claims.rules.ts), and
 * returns them; the caller checks the bookings afterwards, with the other changes of the same edit.
 */
export async function replaceClaims(db: PoolClient, row: ActivityRow, wanted: ClaimSetItem[], venueId: number | null): Promise<Map<number, LockedResource>> {
  const current = (await cq.selectClaims(db, [row.id])).filter((c) => c.resourceId !== row.venueId);
  const desired = wanted.filter((c) => c.resourceId !== venueId);
  const alsoLock = [...current.map((c) => c.resourceId), ...(row.venueId ? [row.venueId] : []), ...(venueId ? [venueId] : [])];
  const locked = await checkClaims(db, desired, null, alsoLock, (claim) => `body.claims.${wanted.findIndex((c) => c.resourceId === claim.resourceId)}`);
  for (const claim of current) {
    if (!desired.some((c) => c.resourceId === claim.resourceId)) await cq.deleteClaim(db, claim.id);
  }
  for (const claim of desired) {
    const stored = current.find((c) => c.resourceId === claim.resourceId);
    if (!stored) await cq.insertClaim(db, row.id, claim, approvalFor(locked.get(claim.resourceId)!, row.organizerUnitId));
    else if (stored.quantity !== claim.quantity || stored.setupMinutes !== claim.setupMinutes || stored.teardownMinutes !== claim.teardownMinutes) {
      const { quantity, setupMinutes, teardownMinutes } = claim;
      await cq.updateClaim(db, stored.id, { quantity, setupMinutes, teardownMinutes });
    }
  }
  return locked;
}

/** The claims as a set to compare: did an edit change any? */
export const claimsKey = (claims: { resourceId: number; quantity: number; setupMinutes: number; teardownMinutes: number }[]) =>
  claims.map((c) => `${c.resourceId}:${c.quantity}:${c.setupMinutes}:${c.teardownMinutes}`).sort().join(',');
