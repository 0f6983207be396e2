import type { Pool, PoolClient } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { ConflictError, found } from '../shared/errors.ts';
import { requireUnitRead, requireUnitWrite } from '../shared/policy.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import * as q from './items.queries.ts';
import { bookableItems, lockPool, settlePool } from './pool-units.ts';
import type { Item, ItemCreate, ItemUpdate } from './loans.schema.ts';

const entity = 'item';

/** Items of a pool: listed by the unit's users, changed by its organizers, always under the pool's lock. */
export function itemsService(pool: Pool, clock: Clock = systemClock) {
  const now = () => clock.now().toUTC().toISO()!;
  const readItem = async (db: PoolClient, id: number) => found((await q.selectItems(db, [id], now()))[0], entity, id);

  /** Locks the item's pool (the booking lock) and checks the actor may change it. */
  async function lockItem(db: PoolClient, actor: Actor, id: number) {
    const resourceId = found(await q.selectItemResource(db, id), entity, id);
    const locked = await lockPool(db, resourceId);
    requireUnitWrite(actor, locked.unitId);
    return { before: await readItem(db, id), resourceId };
  }

  return {
    async list(actor: Actor, resourceId: number): Promise<{ items: Item[] }> {
      const owner = found(await q.selectResourceOwner(pool, resourceId), 'resource', resourceId);
      requireUnitRead(actor, owner);
      return { items: await q.selectItemsOfResources(pool, [resourceId], now()) };
    },
    async create(actor: Actor, resourceId: number, input: ItemCreate): Promise<Item> {
      const created = await audited(pool, actor, { entity, action: 'create' }, async (db) => {
        const locked = await lockPool(db, resourceId);
        requireUnitWrite(actor, locked.unitId);
        const id = await q.insertItem(db, resourceId, input);
        await settlePool(db, resourceId, 0, now(), true);
        const after = await readItem(db, id);
        return { after, entityId: id };
      });
      return created!;
    },
    async update(actor: Actor, id: number, input: ItemUpdate): Promise<Item> {
      const updated = await audited(pool, actor, { entity, action: 'update' }, async (db) => {
        const { before, resourceId } = await lockItem(db, actor, id);
        const bookable = await bookableItems(db, resourceId);
        await q.updateItem(db, id, input);
        await settlePool(db, resourceId, bookable, now());
        return { before, after: await readItem(db, id), entityId: id };
      });
      return updated!;
    },
    async remove(actor: Actor, id: number): Promise<void> {
      await audited(pool, actor, { entity, action: 'delete' }, async (db) => {
        const { before, resourceId } = await lockItem(db, actor, id);
        if ((await q.countLoanLines(db, id)) > 0) {
          throw new ConflictError('item_has_loans', 'This item has been lent; mark it out of service (lost, damaged) instead of deleting it');
        }
        const bookable = await bookableItems(db, resourceId);
        await q.deleteItem(db, id);
        await settlePool(db, resourceId, bookable, now());
        return { before, entityId: id };
      });
    },
  };
}
export type ItemsService = ReturnType<typeof itemsService>;
