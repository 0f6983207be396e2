import { Router } from 'express';
import { claimInput, claimResponse, claimUpdate } from '../booking/claims.schema.ts';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParam, idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { ActivitiesService } from './activities.service.ts';
import { activityListQuery, recurrencePreview, recurrencePreviewResponse } from './activities.schema.ts';
import { activityCreate, activityResponse, activityUpdate } from '../booking/activity.schema.ts';
import { previewSeries } from '../booking/series.ts';

const tag = 'Activities';
const list = z.object({ items: z.array(activityResponse), nextCursor: z.string().nullable() });
const claimParams = z.strictObject({ id: idParam, claimId: idParam });

export function activitiesRoutes(registry: RouteRegistry, mount: string, activities: ActivitiesService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);

  route({ method: 'get', path: '/activities', tag, summary: 'List activities in start order', query: activityListQuery, response: list },
    ({ query, req }) => activities.list(actorOf(req), query));
  route({ method: 'get', path: '/activities/:id', tag, summary: 'Get an activity with its claims', params: idParams, response: activityResponse },
    ({ params, req }) => activities.get(actorOf(req), params.id));
  route({ method: 'post', path: '/activities', tag, summary: 'Create an activity (its venue and claims included), one-off or recurring', body: activityCreate, status: 201, response: activityResponse, errors: { 409: 'resource_conflict, calendar_blocked', 422: 'recurrence_limit_exceeded' } },
    ({ body, req }) => activities.create(actorOf(req), body));
  route({ method: 'patch', path: '/activities/:id', tag, summary: 'Change an activity (a series as a whole); time, place or status changes raise its sequence', params: idParams, body: activityUpdate, response: activityResponse, errors: { 409: 'resource_conflict, calendar_blocked', 422: 'recurrence_limit_exceeded' } },
    ({ params, body, req }) => activities.update(actorOf(req), params.id, body));
  route({ method: 'post', path: '/activities/:id/check-update', tag, summary: 'Dry run of PATCH /activities/{id}: the same checks (conflicts, calendar blocks, limits), nothing stored; answers the activity as it would be', params: idParams, body: activityUpdate, response: activityResponse, errors: { 409: 'resource_conflict, calendar_blocked', 422: 'recurrence_limit_exceeded' } },
    ({ params, body, req }) => activities.checkUpdate(actorOf(req), params.id, body));
  route({ method: 'post', path: '/recurrence/preview', tag, summary: 'Expand a recurrence rule as booking would (the booking form\'s live preview)', body: recurrencePreview, response: recurrencePreviewResponse, errors: { 422: 'recurrence_limit_exceeded' } },
    async ({ body }) => previewSeries({ ...body, allDay: body.allDay ?? false }));
  route({ method: 'delete', path: '/activities/:id', tag, summary: 'Delete a draft activity', params: idParams, status: 204, errors: { 409: 'not_draft' } },
    ({ params, req }) => activities.remove(actorOf(req), params.id));

  const claimsTag = 'Claims';
  route({ method: 'post', path: '/activities/:id/claims', tag: claimsTag, summary: 'Claim a resource for an activity (another unit\'s resource waits for its approval)', params: idParams, body: claimInput, status: 201, response: claimResponse, errors: { 409: 'resource_conflict, calendar_blocked' } },
    ({ params, body, req }) => activities.addClaim(actorOf(req), params.id, body));
  route({ method: 'patch', path: '/activities/:id/claims/:claimId', tag: claimsTag, summary: 'Resize a claim or change its buffers', params: claimParams, body: claimUpdate, response: claimResponse, errors: { 409: 'resource_conflict' } },
    ({ params, body, req }) => activities.updateClaim(actorOf(req), params.id, params.claimId, body));
  route({ method: 'delete', path: '/activities/:id/claims/:claimId', tag: claimsTag, summary: 'Release a claim', params: claimParams, status: 204 },
    ({ params, req }) => activities.removeClaim(actorOf(req), params.id, params.claimId));
  return r;
}
