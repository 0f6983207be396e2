import type { Pool } from '../db/pool.ts';
import { found } from '../shared/errors.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { page } from '../shared/paging.ts';
import { requireUnitWrite } from '../shared/policy.ts';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import { selectUnit } from '../units/units.queries.ts';
import { systemClock, type Clock } from '../shared/clock.ts';

import * as q from './resources.queries.ts';
import type { Resource, ResourceCreate, ResourceListQuery, ResourceUpdate } from './resources.schema.ts';

const entity = 'resource';

export function resourcesService(pool: Pool, clock: Clock = systemClock) {
  return {
    async list(query: ResourceListQuery) {
      return page(await q.selectResources(pool, query), query.limit);
    },
    async get(id: number): Promise<Resource> {
      return found(await q.selectResource(pool, id), entity, id);
    },
    async create(actor: Actor, input: ResourceCreate): Promise<Resource> {
      requireUnitWrite(actor, input.unitId);
      const created = await audited(pool, actor, { entity, action: 'create' }, async (db) => {
        if (!(await selectUnit(db, input.unitId))) {
          throw new ValidationError('Unknown unit', [{ path: 'body.unitId', message: `unit ${input.unitId} does not exist` }]);
        }
        const after = await q.insertResource(db, input);
        return { after, entityId: after.id };
      });
      return created!;
    },
    async update(actor: Actor, id: number, input: ResourceUpdate): Promise<Resource> {
      const updated = await audited(pool, actor, { entity, action: 'update' }, async (db) => {
        // FOR UPDATE on the resource row is the same lock every booking of it takes first.
        const before = found(await q.selectResource(db, id, true), entity, id);
        requireUnitWrite(actor, before.unitId);
        if (input.quantity !== undefined && before.kind !== 'equipment' && input.quantity !== 1) {
          throw new ValidationError('Venues and staff are exclusive', [{ path: 'body.quantity', message: 'must be 1' }]);
        }
        const after = await q.updateResource(db, id, input);
        if (input.quantity !== undefined && input.quantity < before.quantity) {
          // The most in use at any one moment from now on (a sweep over the bookings, not a sum).
          const { peak, at } = await q.selectPeakUse(db, id, clock.now().toUTC().toISO()!);
          if (peak > input.quantity) {
            throw new ConflictError('pool_in_use', `Bookings use ${peak} of this pool at once (from ${at})`, { peak, at });
          }
        }
        return { before, after, entityId: id };
      });
      return updated!;
    },
    async remove(actor: Actor, id: number): Promise<void> {
      await audited(pool, actor, { entity, action: 'delete' }, async (db) => {
        const before = found(await q.selectResource(db, id, true), entity, id);
        requireUnitWrite(actor, before.unitId);
        await q.deleteResource(db, id);
        return { before, entityId: id };
      });
    },
  };
}
export type ResourcesService = ReturnType<typeof resourcesService>;
