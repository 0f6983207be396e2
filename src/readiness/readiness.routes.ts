import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { ReadinessService } from './readiness.service.ts';
import { headCountBody, readinessList, readinessListQuery, readinessPupilParams, readinessResponse } from './readiness.schema.ts';

const tag = 'Readiness';

export function readinessRoutes(registry: RouteRegistry, mount: string, readiness: ReadinessService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/readiness', tag, summary: 'Visits leaving the school that the caller\'s unit organizes or receives, not ready first (the organizer home)', query: readinessListQuery, response: readinessList },
    ({ query, req }) => readiness.list(actorOf(req), query));
  route({ method: 'get', access: 'signed-in', path: '/activities/:id/readiness', tag, summary: 'The readiness checklist of an activity that leaves the school (its unit and receiving units)', params: idParams, response: readinessResponse, errors: { 409: 'not_leaving_school' } },
    ({ params, req }) => readiness.get(actorOf(req), params.id));
  route({ method: 'post', path: '/activities/:id/readiness/ready', tag, summary: 'Mark the visit ready: refused with the missing items while the checklist is incomplete', params: idParams, response: readinessResponse, errors: { 409: 'not_ready' } },
    ({ params, req }) => readiness.markReady(actorOf(req), params.id));
  route({ method: 'post', path: '/activities/:id/readiness/unready', tag, summary: 'Take the ready mark off the visit (the organizer\'s decision); the checklist is unchanged', params: idParams, response: readinessResponse, errors: { 409: 'not_marked_ready' } },
    ({ params, req }) => readiness.unmarkReady(actorOf(req), params.id));
  route({ method: 'post', path: '/activities/:id/readiness/head-count', tag, summary: 'Confirm the final head count (closes registrations to all but the organizer)', params: idParams, body: headCountBody, response: readinessResponse, errors: { 409: 'head_count_mismatch' } },
    ({ params, body, req }) => readiness.confirmHeadCount(actorOf(req), params.id, body.headCount));
  route({ method: 'post', path: '/activities/:id/readiness/pupils/:registrationId/exclude', tag, summary: 'Take a pupil off the visit: no consent needed, not counted', params: readinessPupilParams, response: readinessResponse, errors: { 409: 'not_a_pupil' } },
    ({ params, req }) => readiness.exclude(actorOf(req), params.id, params.registrationId, true));
  route({ method: 'post', path: '/activities/:id/readiness/pupils/:registrationId/include', tag, summary: 'Put an excluded pupil back on the visit', params: readinessPupilParams, response: readinessResponse, errors: { 409: 'not_a_pupil' } },
    ({ params, req }) => readiness.exclude(actorOf(req), params.id, params.registrationId, false));
  return r;
}
