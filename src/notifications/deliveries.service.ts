import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { found, ConflictError } from '../shared/errors.ts';
import { page } from '../shared/paging.ts';
import { requireUnitWrite, signedIn } from '../shared/policy.ts';
import type { DeliveryQuery } from './deliveries.schema.ts';
import * as outbox from './outbox.queries.ts';

/** The outbox as organizers see it: what went out, what is waiting, what failed and why. */
export function deliveriesService(pool: Pool, clock: Clock) {
  return {
    async list(actor: Actor, query: DeliveryQuery) {
      const principal = signedIn(actor);
      const unitId = principal.role === 'admin' ? undefined : (principal.unitId ?? -1);
      return page(await outbox.selectDeliveries(pool, { ...query, unitId }), query.limit);
    },
    /** The requeue and its audit row commit together. */
    async retry(actor: Actor, deliveryId: number): Promise<void> {
      await audited(pool, actor, { entity: 'delivery', action: 'retry' }, async (db) => {
        const target = found(await outbox.selectDeliveryUnit(db, deliveryId), 'delivery', deliveryId);
        requireUnitWrite(actor, target.unitId);
        if (!(await outbox.requeueFailed(db, deliveryId, clock.now().toUTC().toISO()!))) {
          throw new ConflictError('not_failed', 'Only a failed delivery can be sent again');
        }
        return { entityId: deliveryId };
      });
    },
  };
}
export type DeliveriesService = ReturnType<typeof deliveriesService>;
