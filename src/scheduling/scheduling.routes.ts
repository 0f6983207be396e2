import { actorOf } from '../http/actor.ts';
import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import type { SchedulingService } from './scheduling.service.ts';
import { availabilityResponse, availabilitySearch, scheduleQuery, scheduleResponse } from './scheduling.schema.ts';

export function schedulingRoutes(registry: RouteRegistry, mount: string, scheduling: SchedulingService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/resources/:id/schedule', tag: 'Resources', summary: 'Busy periods of a resource with the quantity in use, its bookings and calendar blocks', params: idParams, query: scheduleQuery, response: scheduleResponse },
    ({ params, query, req }) => scheduling.schedule(actorOf(req), params.id, query));
  route({ method: 'post', path: '/availability/search', tag: 'Scheduling', summary: 'Find the earliest times that fit the resources, calendars, weekdays and hours (or why none does)', body: availabilitySearch, response: availabilityResponse },
    ({ body, req }) => scheduling.search(actorOf(req), body));
  return r;
}
