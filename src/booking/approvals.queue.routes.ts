import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import type { ApprovalQueueService } from './approvals.queue.ts';
import { approvalQueueQuery, pendingClaimList } from './approvals.queue.schema.ts';

export function approvalQueueRoutes(registry: RouteRegistry, mount: string, queue: ApprovalQueueService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/approvals', tag: 'Approvals', summary: "Claims waiting for your unit's decision (requested activities holding your unit's resources; admins see all)", query: approvalQueueQuery, response: pendingClaimList, errors: { 401: 'unauthorized' } },
    ({ query, req }) => queue.list(actorOf(req), query));
  return r;
}
