import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParam } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { ApprovalsService } from './approvals.service.ts';
import { activityResponse } from './activity.schema.ts';
import { decisionBody } from './occurrences.schema.ts';

const claimParams = z.strictObject({ id: idParam, claimId: idParam });

/** The owner unit's decision on a claim, beside its service (approvals.service.ts); answers the activity. */
export function approvalsRoutes(registry: RouteRegistry, mount: string, approvals: ApprovalsService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  const approvalTag = 'Approvals';
  route({ method: 'post', path: '/activities/:id/claims/:claimId/approve', tag: approvalTag, summary: 'The owner unit approves a claim on its resource (the activity is confirmed when none is pending)', params: claimParams, body: decisionBody, response: activityResponse, errors: { 409: 'not_pending' } },
    ({ params, body, req }) => approvals.approve(actorOf(req), params.id, params.claimId, body.reason ?? body.note));
  route({ method: 'post', path: '/activities/:id/claims/:claimId/decline', tag: approvalTag, summary: 'The owner unit declines a claim; the requested activity falls back to draft and frees what it held', params: claimParams, body: decisionBody, response: activityResponse, errors: { 409: 'not_pending' } },
    ({ params, body, req }) => approvals.decline(actorOf(req), params.id, params.claimId, body.reason ?? body.note));
  return r;
}
