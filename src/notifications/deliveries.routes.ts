import { Router } from 'express';
import { page } from '../shared/paging.ts';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { id, idParams, pageQuery } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { Actor } from '../shared/actor.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import { found } from '../shared/errors.ts';
import { requireUnitWrite, signedIn } from '../shared/policy.ts';
import { ConflictError } from '../shared/errors.ts';
import { MESSAGE_KINDS } from './templates/messages.ts';
import * as outbox from './outbox.queries.ts';

const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled'] as const;

const deliveryQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional().meta({ description: '`failed`: permanent SMTP refusals, or given up after retries' }),
  kind: z.enum(MESSAGE_KINDS).optional(),
  activityId: id.optional(),
  ...pageQuery,
});
type DeliveryQuery = z.infer<typeof deliveryQuery>;

const delivery = z.object({
  id: z.number(), kind: z.enum(MESSAGE_KINDS), status: z.enum(DELIVERY_STATUSES), registrationId: z.number(), activityId: z.number(),
  occurrenceId: z.number().nullable(), rule: z.string().nullable(), sequence: z.number(), recipient: z.string(),
  availableAt: z.string(), attempts: z.number(), lastError: z.string().nullable(), sentAt: z.string().nullable(), messageId: z.string().nullable(),
});

/** The outbox as organizers see it: what went out, what is waiting, what failed and why. */
export function deliveriesService(pool: Pool, clock: Clock) {
  return {
    async list(actor: Actor, query: DeliveryQuery) {
      const principal = signedIn(actor);
      const unitId = principal.role === 'admin' ? undefined : (principal.unitId ?? -1);
      return page(await outbox.selectDeliveries(pool, { ...query, unitId }), query.limit);
    },
    async retry(actor: Actor, deliveryId: number): Promise<void> {
      const target = found(await outbox.selectDeliveryUnit(pool, deliveryId), 'delivery', deliveryId);
      requireUnitWrite(actor, target.unitId);
      if (!(await outbox.requeueFailed(pool, deliveryId, clock.now().toUTC().toISO()!))) {
        throw new ConflictError('not_failed', 'Only a failed delivery can be sent again');
      }
      await insertAudit(pool, actor, { action: 'retry', entity: 'delivery', entityId: deliveryId });
    },
  };
}

export function deliveriesRoutes(registry: RouteRegistry, mount: string, deliveries: ReturnType<typeof deliveriesService>): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  const tag = 'Deliveries';
  route({ method: 'get', path: '/deliveries', tag, summary: "Emails queued, sent, skipped or failed (your unit's; admins all)", query: deliveryQuery, response: z.object({ items: z.array(delivery), nextCursor: z.number().nullable() }) },
    ({ query, req }) => deliveries.list(actorOf(req), query));
  route({ method: 'post', path: '/deliveries/:id/retry', tag, summary: 'Queue a failed email again', params: idParams, status: 204, errors: { 409: 'not_failed' } },
    ({ params, req }) => deliveries.retry(actorOf(req), params.id));
  return r;
}
