import type { PoolClient } from '../db/pool.ts';
import { ValidationError, type FieldIssue } from '../shared/errors.ts';
import { lockResources, type LockedResource } from './claims.queries.ts';
import type { Claim, ClaimInput } from './claims.schema.ts';
import { poolShortfall } from '../resources/pool.ts';

/**
 * Where in the request body a claim came from, for the field of each problem: `body.claims.2` for a
 * claim of POST /activities, `body` for the one claim of POST and PATCH /activities/{id}/claims, and
 * `body.venueId` for the venue's own claim (see withVenueClaim).
 */
export type ClaimPath = (claim: Pick<ClaimInput, 'resourceId'>, index: number) => string;
const claimsOfBody: ClaimPath = (_claim, index) => `body.claims.${index}`;

/**
 * Static checks of claims against the resources they name: the resource exists, the quantity
 * fits in the pool, exclusive resources are claimed once, and a venue is a venue.
 * Locks the resources (plus `alsoLock`, e.g. the activity's other claims) in ascending id order
 * first: every path that writes claims, occurrences or pool quantities takes the same locks in the
 * same order, so concurrent bookings serialise per resource without deadlocks.
 */
export async function checkClaims(
  db: PoolClient,
  claims: Pick<ClaimInput, 'resourceId' | 'quantity'>[],
  venueId: number | null,
  alsoLock: number[] = [],
  pathOf: ClaimPath = claimsOfBody,
): Promise<Map<number, LockedResource>> {
  const ids = [...new Set([...claims.map((c) => c.resourceId), ...alsoLock])].sort((a, b) => a - b);
  const resources = new Map((await lockResources(db, ids)).map((r) => [r.id, r]));
  const issues: FieldIssue[] = [];
  claims.forEach((claim, index) => {
    const resource = resources.get(claim.resourceId);
    const path = pathOf(claim, index);
    const field = (name: string) => (path === 'body.venueId' ? path : `${path}.${name}`);
    const shortfall = resource && poolShortfall(claim.quantity, [resource.quantity]);
    if (!resource) issues.push({ path: field('resourceId'), message: `resource ${claim.resourceId} does not exist` });
    else if (shortfall) issues.push({ path: field('quantity'), message: shortfall });
  });
  if (venueId !== null && resources.get(venueId) && resources.get(venueId)!.kind !== 'venue') {
    issues.push({ path: 'body.venueId', message: `resource ${venueId} is not a venue` });
  }
  if (issues.length > 0) throw new ValidationError('Invalid claims', issues);
  return resources;
}

/**
 * The approval rule, the one place it is said: a claim on another unit's resource waits for that
 * unit's approval (and holds the resource meanwhile); a claim on the organizer's own needs none.
 */
export function approvalFor(resource: Pick<LockedResource, 'unitId'>, organizerUnitId: number): Claim['approval'] {
  return resource.unitId === organizerUnitId ? 'not_needed' : 'pending';
}
