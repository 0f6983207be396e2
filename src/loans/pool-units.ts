import type { PoolClient } from '../db/pool.ts';
import { ConflictError } from '../shared/errors.ts';
import { lockResources, type LockedResource } from '../booking/claims.queries.ts';
import { selectPeakUse } from '../resources/resources.queries.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { countBookableItems, raisePoolQuantityTo, shiftPoolQuantity } from './items.queries.ts';

/**
 * The one rule between items and the pool quantity every booking check reads (docs/loans.md):
 * the pool quantity counts the units bookable from now on. An item leaving service, or going out on a
 * standalone loan, takes one unit out of it; coming back puts it back. A new item in service names one
 * of the pool's unnamed units while there are any, and grows the pool otherwise.
 *
 * Every change goes through `lockPool` first: the same resource row lock (`booking/claims.queries.ts`
 * lockResources, ascending ids) that every booking of the pool takes, so a booking and an item leaving
 * service serialise, and whichever comes second sees the other. Lowering the quantity is then refused
 * (409 `item_needed`, the transaction rolls back) when bookings from now on use more of the pool at
 * once than would remain — the same peak sweep as lowering the quantity by PATCH (`pool_in_use`).
 */
export async function lockPool(db: PoolClient, resourceId: number, path = 'params.id'): Promise<LockedResource> {
  const [pool] = await lockResources(db, [resourceId]);
  if (!pool) throw new NotFoundError('resource', resourceId);
  if (pool.kind !== 'equipment') throw new ValidationError('Only equipment pools have items', [{ path, message: `resource ${resourceId} is a ${pool.kind}` }]);
  return pool;
}

/** Bookable items before a change (call under lockPool), to settle with `settlePool` after it. */
export const bookableItems = countBookableItems;

/**
 * After a change to items or standalone loans of a locked pool: moves the pool quantity by the change
 * in bookable items, checking future peak use when it drops. `grewByNewItem` is item creation's rule.
 */
export async function settlePool(db: PoolClient, resourceId: number, before: number, now: string, grewByNewItem = false): Promise<void> {
  const after = await countBookableItems(db, resourceId);
  if (grewByNewItem) {
    await raisePoolQuantityTo(db, resourceId, after);
    return;
  }
  if (after === before) return;
  const quantity = await shiftPoolQuantity(db, resourceId, after - before);
  if (after > before) return;
  const { peak, at } = await selectPeakUse(db, resourceId, now);
  if (peak > quantity) {
    throw new ConflictError('item_needed', `Bookings use ${peak} of this pool at once (from ${at}); only ${quantity} would remain bookable`, {
      peak, at, poolQuantity: quantity,
    });
  }
}
