import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { ChannelsService } from './channels.service.ts';
import { channelCreate, channelListQuery, channelPatch, channelResponse } from './channels.schema.ts';

const tag = 'Channels';

export function channelsRoutes(registry: RouteRegistry, mount: string, channels: ChannelsService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/channels', tag, summary: "A unit's or class's group robots (WeCom, DingTalk, Feishu); their deliveries at /webhooks/{id}/deliveries", query: channelListQuery, response: z.array(channelResponse) },
    ({ query, req }) => channels.list(actorOf(req), query));
  route({ method: 'post', path: '/channels', tag, summary: "Add a group robot to a unit or class and choose what it posts", body: channelCreate, status: 201, response: channelResponse, errors: { 422: 'url_not_allowed' } },
    ({ body, req }) => channels.create(actorOf(req), body));
  route({ method: 'patch', path: '/channels/:id', tag, summary: 'Change a group robot (address, secret, topics, on or off)', params: idParams, body: channelPatch, response: channelResponse, errors: { 422: 'url_not_allowed' } },
    ({ params, body, req }) => channels.update(actorOf(req), params.id, body));
  route({ method: 'delete', path: '/channels/:id', tag, summary: 'Remove a group robot', params: idParams, status: 204 },
    ({ params, req }) => channels.remove(actorOf(req), params.id));
  return r;
}
