import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { CommitmentsService } from './commitments.service.ts';
import { commitmentCreate, commitmentListQuery, commitmentResponse } from './commitments.schema.ts';

const tag = 'Commitments';

export function commitmentsRoutes(registry: RouteRegistry, mount: string, commitments: CommitmentsService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/commitments', tag, summary: 'List the commitments of a term (or all) in id order', query: commitmentListQuery, response: z.array(commitmentResponse) },
    ({ query }) => commitments.list(query.term));
  route({ method: 'get', access: 'signed-in', path: '/commitments/:id', tag, summary: 'Get a commitment', params: idParams, response: commitmentResponse },
    ({ params }) => commitments.get(params.id));
  route({ method: 'post', path: '/commitments', tag, summary: 'Add a commitment for a term: what, for whom, how often, with what, when, how far apart, and soft preferences', body: commitmentCreate, status: 201, response: commitmentResponse },
    ({ body, req }) => commitments.create(actorOf(req), body));
  route({ method: 'put', path: '/commitments/:id', tag, summary: 'Replace a commitment', params: idParams, body: commitmentCreate, response: commitmentResponse },
    ({ params, body, req }) => commitments.replace(actorOf(req), params.id, body));
  route({ method: 'delete', path: '/commitments/:id', tag, summary: 'Remove a commitment', params: idParams, status: 204, errors: { 409: 'in_use' } },
    ({ params, req }) => commitments.remove(actorOf(req), params.id));
  return r;
}
