import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { UnitsService } from './units.service.ts';
import { unitCreate, unitListQuery, unitResponse, unitUpdate } from './units.schema.ts';

const tag = 'Units';
const list = z.object({ items: z.array(unitResponse), nextCursor: z.number().nullable() });

export function unitsRoutes(registry: RouteRegistry, mount: string, units: UnitsService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', path: '/units', tag, summary: 'List units', query: unitListQuery, response: list },
    ({ query }) => units.list(query));
  route({ method: 'get', path: '/units/:id', tag, summary: 'Get a unit', params: idParams, response: unitResponse },
    ({ params }) => units.get(params.id));
  route({ method: 'post', path: '/units', tag, summary: 'Create a unit', body: unitCreate, status: 201, response: unitResponse, errors: { 409: 'already_exists' } },
    ({ body, req }) => units.create(actorOf(req), body));
  route({ method: 'patch', path: '/units/:id', tag, summary: 'Update a unit', params: idParams, body: unitUpdate, response: unitResponse },
    ({ params, body, req }) => units.update(actorOf(req), params.id, body));
  route({ method: 'delete', path: '/units/:id', tag, summary: 'Delete an unused unit', params: idParams, status: 204, errors: { 409: 'in_use' } },
    ({ params, req }) => units.remove(actorOf(req), params.id));
  return r;
}
