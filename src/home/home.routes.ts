import { Router } from 'express';
import { actorOf } from '../http/actor.ts';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { homeQuery, homeResponse } from './home.schema.ts';
import type { HomeService } from './home.service.ts';

export function homeRoutes(registry: RouteRegistry, mount: string, home: HomeService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/home', tag: 'Home', summary: "The organizer home: today, this week and what waits for the unit (approvals, lapsing holds, missing consents, overdue loans, failed emails)",
    query: homeQuery, response: homeResponse, errors: { 403: 'forbidden', 404: 'not_found', 422: 'validation_failed, unit_required' } },
    ({ query, req }) => home.home(actorOf(req), query));
  return r;
}
