import type { Pool } from '../db/pool.ts';
import { found } from '../shared/errors.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { page } from '../shared/paging.ts';
import { requireAdmin } from '../shared/policy.ts';
import * as q from './units.queries.ts';
import type { Unit, UnitCreate, UnitListQuery, UnitUpdate } from './units.schema.ts';

const entity = 'unit';

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
        const after = await q.insertUnit(db, input);
        return { after, entityId: after.id };
      });
      return created!;
    },
    async update(actor: Actor, id: number, input: UnitUpdate): Promise<Unit> {
      requireAdmin(actor);
      const updated = await audited(pool, actor, { entity, action: 'update' }, async (db) => {
        const before = found(await q.selectUnit(db, id, true), entity, id);
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
