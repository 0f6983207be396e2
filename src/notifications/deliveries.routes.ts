import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { deliverySchemas } from './deliveries.schema.ts';
import type { DeliveriesService } from './deliveries.service.ts';

/** `kinds`: the email kinds the list filters by (EmailKinds.listed). */
export function deliveriesRoutes(registry: RouteRegistry, mount: string, deliveries: DeliveriesService, kinds: readonly string[]): Router {
  const { query: deliveryQuery, delivery } = deliverySchemas(kinds);
  const r = Router();
  const route = routeOn(r, registry, mount);
  const tag = 'Deliveries';
  route({ method: 'get', access: 'signed-in', path: '/deliveries', tag, summary: "Emails queued, sent, skipped or failed (your unit's; admins all)", query: deliveryQuery, response: z.object({ items: z.array(delivery), nextCursor: z.number().nullable() }) },
    ({ query, req }) => deliveries.list(actorOf(req), query));
  route({ method: 'post', path: '/deliveries/:id/retry', tag, summary: 'Queue a failed email again', params: idParams, status: 204, errors: { 409: 'not_failed' } },
    ({ params, req }) => deliveries.retry(actorOf(req), params.id));
  return r;
}
