import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { CALENDAR_FILE_MAX_BYTES } from '../shared/uploads.ts';
import type { SubscriptionsService } from './subscriptions.service.ts';
import { subscriptionCreate, subscriptionListQuery, subscriptionResponse } from './subscriptions.schema.ts';

const tag = 'Calendar subscriptions';

export function subscriptionsRoutes(registry: RouteRegistry, mount: string, subscriptions: SubscriptionsService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/calendar-subscriptions', tag, summary: "A venue's, staff member's or class's external calendars (busy time)", query: subscriptionListQuery, response: z.array(subscriptionResponse) },
    ({ query, req }) => subscriptions.list(actorOf(req), query));
  route({ method: 'post', path: '/calendar-subscriptions', tag, summary: 'Subscribe a venue, staff member or class to an external calendar (ICS URL or file) as busy time', body: subscriptionCreate, upload: { maxBytes: CALENDAR_FILE_MAX_BYTES }, status: 201, response: subscriptionResponse },
    ({ body, req }) => subscriptions.create(actorOf(req), body));
  route({ method: 'post', path: '/calendar-subscriptions/:id/refresh', tag, summary: 'Fetch a subscribed calendar now (conditionally: 304 when unchanged)', params: idParams, response: subscriptionResponse },
    ({ params, req }) => subscriptions.refresh(actorOf(req), params.id));
  route({ method: 'delete', path: '/calendar-subscriptions/:id', tag, summary: 'Remove a subscription and its busy time', params: idParams, status: 204 },
    ({ params, req }) => subscriptions.remove(actorOf(req), params.id));
  return r;
}
