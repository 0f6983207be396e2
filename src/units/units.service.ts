import type { Pool } from '../db/pool.ts';
import { ValidationError, found } from '../shared/errors.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { page } from '../shared/paging.ts';
import { requireAdmin } from '../shared/policy.ts';
import type { Queryable } from '../db/pool.ts';
import * as q from './units.queries.ts';
import type { Unit, UnitCreate, UnitListQuery, UnitUpdate } from './units.schema.ts';

const entity = 'unit';

/** A parent is another existing unit that is not below `unitId` (units form a tree). */
async function checkParent(db: Queryable, parentId: number | null | undefined, unitId?: number): Promise<void> {
  if (parentId === null || parentId === undefined) return;
  const ancestry = await q.selectAncestry(db, parentId);
  const problem = ancestry.length === 0 ? `unit ${parentId} does not exist`
    : unitId !== undefined && ancestry.includes(unitId) ? (parentId === unitId ? 'a unit cannot be its own parent' : `unit ${parentId} is below this unit`)
      : null;
  if (problem) throw new ValidationError('Invalid parent unit', [{ path: 'body.parentId', message: problem }]);
}

/** Units are the organisations themselves: only admins add, change or remove them. */

export function unitsService(pool: Pool) {
  return {
    async list(query: UnitListQuery) {
      return page(await q.selectUnits(pool, query), query.limit);
    },
    async get(id: number): Promise<Unit> {
      return found(await q.selectUnit(pool, id), entity, id);
    },
    async create(actor: Actor, input: UnitCreate): Promise<Unit> {
      requireAdmin(actor);
      const created = await audited(pool, actor, { entity, action: 'create' }, async (db) => {
        await checkParent(db, input.parentId);
        const after = await q.insertUnit(db, input);
        return { after, entityId: after.id };
      });
      return created!;
    },
    async update(actor: Actor, id: number, input: UnitUpdate): Promise<Unit> {
      requireAdmin(actor);
      const updated = await audited(pool, actor, { entity, action: 'update' }, async (db) => {
        const before = found(await q.selectUnit(db, id, true), entity, id);
        await checkParent(db, input.parentId, id);
        return { before, after: await q.updateUnit(db, id, input), entityId: id };
      });
      return updated!;
    },
    async remove(actor: Actor, id: number): Promise<void> {
      requireAdmin(actor);
      await audited(pool, actor, { entity, action: 'delete' }, async (db) => {
        const before = found(await q.selectUnit(db, id, true), entity, id);
        await q.deleteUnit(db, id);
        return { before, entityId: id };
      });
    },
  };
}
export type UnitsService = ReturnType<typeof unitsService>;
