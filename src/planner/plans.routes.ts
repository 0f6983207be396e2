import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { termCode } from '../commitments/commitments.schema.ts';
import type { PlansService } from './plans.service.ts';
import { pinBody, pinParams, planCreate, planResponse } from './plans.schema.ts';

const tag = 'Plans';

export function plansRoutes(registry: RouteRegistry, mount: string, plans: PlansService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'post', path: '/plans', tag, summary: 'Plan a term from its commitments; the plan is computed in the background (poll GET /plans/{id})', body: planCreate, status: 202, response: planResponse },
    ({ body, req }) => plans.create(actorOf(req), body));
  route({ method: 'get', access: 'signed-in', path: '/plans', tag, summary: 'The latest plans (of a term)', query: z.strictObject({ term: termCode.optional() }), response: z.array(planResponse) },
    ({ query }) => plans.list(query.term));
  route({ method: 'get', access: 'signed-in', path: '/plans/:id', tag, summary: 'A plan: status, progress, and when done the items, the unplaced occurrences with their reasons, objective and MIP gap', params: idParams, response: planResponse },
    ({ params }) => plans.get(params.id));
  route({ method: 'post', path: '/plans/:id/pins', tag, summary: 'Pin an item where it is; re-planning keeps it there', params: idParams, body: pinBody, response: planResponse, errors: { 409: 'plan_not_ready' } },
    ({ params, body, req }) => plans.pin(actorOf(req), params.id, body.key));
  route({ method: 'delete', path: '/plans/:id/pins/:key', tag, summary: 'Unpin an item', params: pinParams, response: planResponse },
    ({ params, req }) => plans.unpin(actorOf(req), params.id, params.key));
  route({ method: 'post', path: '/plans/:id/replan', tag, summary: 'Plan again with today\'s data, keeping pinned and accepted items', params: idParams, status: 202, response: planResponse, errors: { 409: 'plan_not_ready, plan_accepted' } },
    ({ params, req }) => plans.replan(actorOf(req), params.id));
  route({ method: 'post', path: '/plans/:id/accept', tag, summary: 'Book every item through the booking engine (claims, approvals, holds); reports per item booked or refused. A plan left accepting part-way (status accepting) is finished by accepting it again', params: idParams, response: planResponse, errors: { 409: 'plan_not_ready, plan_accepted' } },
    ({ params, req }) => plans.accept(actorOf(req), params.id));
  return r;
}
