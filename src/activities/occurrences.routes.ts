import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { OccurrencesService } from './occurrences.service.ts';
import { occurrenceList, occurrenceParams, occurrenceResponse, occurrenceUpdate, seriesSplit, splitResponse } from '../booking/occurrences.schema.ts';

export function occurrencesRoutes(registry: RouteRegistry, mount: string, occurrences: OccurrencesService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  const tag = 'Occurrences';
  const booking = { 409: 'resource_conflict, calendar_blocked, not_recurring', 422: 'validation_failed, recurrence_limit_exceeded' };

  route({ method: 'get', path: '/activities/:id/occurrences', tag, summary: 'List the occurrences of an activity (a series has one per recurrence)', params: idParams, response: occurrenceList },
    ({ params, req }) => occurrences.list(actorOf(req), params.id));
  route({ method: 'patch', path: '/activities/:id/occurrences/:occurrenceId', tag, summary: 'Move, cancel or restore one occurrence of a series', params: occurrenceParams, body: occurrenceUpdate, response: occurrenceResponse, errors: { ...booking, 409: `${booking[409]}, occurrence_overlap` } },
    ({ params, body, req }) => occurrences.update(actorOf(req), params.id, params.occurrenceId, body));
  route({ method: 'post', path: '/activities/:id/split', tag, summary: 'Change this and following occurrences: the series ends before one, a new series continues from it', params: idParams, body: seriesSplit, status: 201, response: splitResponse, errors: booking },
    ({ params, body, req }) => occurrences.split(actorOf(req), params.id, body));

  route({ method: 'post', path: '/activities/:id/check-split', tag, summary: 'Dry run of POST /activities/{id}/split: the same checks, nothing stored; answers both series as they would be', params: idParams, body: seriesSplit, response: splitResponse, errors: booking },
    ({ params, body, req }) => occurrences.checkSplit(actorOf(req), params.id, body));

  return r;
}
