import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { ResourcesService } from './resources.service.ts';
import { resourceCreate, resourceListQuery, resourceResponse, resourceUpdate } from './resources.schema.ts';

const tag = 'Resources';
const list = z.object({ items: z.array(resourceResponse), nextCursor: z.number().nullable() });

export function resourcesRoutes(registry: RouteRegistry, mount: string, resources: ResourcesService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', path: '/resources', tag, summary: 'List resources', query: resourceListQuery, response: list },
    ({ query }) => resources.list(query));
  route({ method: 'get', path: '/resources/:id', tag, summary: 'Get a resource', params: idParams, response: resourceResponse },
    ({ params }) => resources.get(params.id));
  route({ method: 'post', path: '/resources', tag, summary: 'Create a venue, staff member or equipment pool', body: resourceCreate, status: 201, response: resourceResponse },
    ({ body, req }) => resources.create(actorOf(req), body));
  route({ method: 'patch', path: '/resources/:id', tag, summary: 'Update a resource (pool quantity cannot drop below what is booked)', params: idParams, body: resourceUpdate, response: resourceResponse, errors: { 409: 'pool_in_use' } },
    ({ params, body, req }) => resources.update(actorOf(req), params.id, body));
  route({ method: 'delete', path: '/resources/:id', tag, summary: 'Delete an unused resource', params: idParams, status: 204, errors: { 409: 'in_use' } },
    ({ params, req }) => resources.remove(actorOf(req), params.id));
  return r;
}
