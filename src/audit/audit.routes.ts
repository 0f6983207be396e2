import { Router } from 'express';
import { page } from '../shared/paging.ts';
import type { Actor } from '../shared/actor.ts';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { id, pageQuery } from '../http/schemas.ts';
import type { Pool } from '../db/pool.ts';
import { selectAudit } from './audit.queries.ts';
import { requireAdmin } from '../shared/policy.ts';
import { actorOf } from '../http/actor.ts';

const auditQuery = z.strictObject({
  entity: z.string().max(40).optional(),
  entityId: id.optional(),
  actor: z.string().max(100).optional(),
  ...pageQuery,
});

/** Reading the audit log is an admin's right. */
export function auditService(pool: Pool) {
  return {
    async list(actor: Actor, query: z.infer<typeof auditQuery>) {
      requireAdmin(actor);
      return page(await selectAudit(pool, query), query.limit);
    },
  };
}

export function auditRoutes(registry: RouteRegistry, mount: string, pool: Pool): Router {
  const audit = auditService(pool);
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', path: '/audit', tag: 'Audit', summary: 'Audit log for admins, newest first (who, what, when, before/after)', errors: { 401: 'unauthorized', 403: 'forbidden' }, query: auditQuery },
    ({ query, req }) => audit.list(actorOf(req), query));
  return r;
}
