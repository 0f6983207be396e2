import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { WebhooksService } from './webhooks.service.ts';
import { deliveryParams, webhookCreate, webhookDelivery, webhookDeliveryDetail, webhookDeliveryQuery, webhookPatch, webhookResponse, webhookWithSecret } from './webhooks.schema.ts';

const tag = 'Webhooks';

export function webhooksRoutes(registry: RouteRegistry, mount: string, webhooks: WebhooksService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/webhooks', tag, summary: 'Webhook endpoints (admins)', response: z.array(webhookResponse) },
    ({ req }) => webhooks.list(actorOf(req)));
  route({ method: 'post', path: '/webhooks', tag, summary: 'Register a webhook endpoint; its signing secret is shown once', body: webhookCreate, status: 201, response: webhookWithSecret, errors: { 422: 'url_not_allowed' } },
    ({ body, req }) => webhooks.create(actorOf(req), body));
  route({ method: 'patch', path: '/webhooks/:id', tag, summary: 'Change a webhook endpoint (URL, event types, on or off)', params: idParams, body: webhookPatch, response: webhookResponse, errors: { 422: 'url_not_allowed' } },
    ({ params, body, req }) => webhooks.update(actorOf(req), params.id, body));
  route({ method: 'post', path: '/webhooks/:id/rotate-secret', tag, summary: 'A new signing secret, shown once; the old one also signs for 24 hours', params: idParams, response: webhookWithSecret },
    ({ params, req }) => webhooks.rotate(actorOf(req), params.id));
  route({ method: 'delete', path: '/webhooks/:id', tag, summary: 'Remove a webhook endpoint and its delivery log', params: idParams, status: 204 },
    ({ params, req }) => webhooks.remove(actorOf(req), params.id));
  route({ method: 'get', access: 'signed-in', path: '/webhooks/:id/deliveries', tag, summary: "An endpoint's deliveries, newest first, with the last response code", params: idParams, query: webhookDeliveryQuery, response: z.object({ items: z.array(webhookDelivery), nextCursor: z.number().nullable() }) },
    ({ params, query, req }) => webhooks.deliveries(actorOf(req), params.id, query));
  route({ method: 'get', access: 'signed-in', path: '/webhook-deliveries/:id', tag, summary: 'One delivery: its payload and every attempt with its response code', params: deliveryParams, response: webhookDeliveryDetail },
    ({ params, req }) => webhooks.delivery(actorOf(req), params.id));
  route({ method: 'post', path: '/webhook-deliveries/:id/replay', tag, summary: 'Send a sent or failed delivery again, with the same webhook-id', params: deliveryParams, status: 204, errors: { 409: 'not_replayable' } },
    ({ params, req }) => webhooks.replay(actorOf(req), params.id));
  return r;
}
