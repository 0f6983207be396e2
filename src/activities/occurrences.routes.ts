import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParam, idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { OccurrencesService } from './occurrences.service.ts';
import type { ApprovalsService } from '../booking/approvals.service.ts';
import { activityResponse, type Activity } from './activities.schema.ts';
import { decisionBody, occurrenceList, occurrenceParams, occurrenceResponse, occurrenceUpdate, seriesSplit, splitResponse } from './occurrences.schema.ts';

const claimParams = z.strictObject({ id: idParam, claimId: idParam });

export function occurrencesRoutes(registry: RouteRegistry, mount: string, occurrences: OccurrencesService, approvals: ApprovalsService<Activity>): Router {
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

  const approvalTag = 'Approvals';
  route({ method: 'post', path: '/activities/:id/claims/:claimId/approve', tag: approvalTag, summary: 'The owner unit approves a claim on its resource (the activity is confirmed when none is pending)', params: claimParams, body: decisionBody, response: activityResponse, errors: { 409: 'not_pending' } },
    ({ params, body, req }) => approvals.approve(actorOf(req), params.id, params.claimId, body.reason ?? body.note));
  route({ method: 'post', path: '/activities/:id/claims/:claimId/decline', tag: approvalTag, summary: 'The owner unit declines a claim; the requested activity falls back to draft and frees what it held', params: claimParams, body: decisionBody, response: activityResponse, errors: { 409: 'not_pending' } },
    ({ params, body, req }) => approvals.decline(actorOf(req), params.id, params.claimId, body.reason ?? body.note));
  return r;
}
