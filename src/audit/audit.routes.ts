import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { id, page, pageQuery } from '../http/schemas.ts';
import type { Pool } from '../db/pool.ts';
import { selectAudit } from './audit.queries.ts';

const auditQuery = z.strictObject({
  entity: z.string().max(40).optional(),
  entityId: id.optional(),
  actor: z.string().max(100).optional(),
  ...pageQuery,
});

export function auditRoutes(registry: RouteRegistry, mount: string, pool: Pool): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', path: '/audit', tag: 'Audit', summary: 'Audit log, newest first (who, what, when, before/after)', query: auditQuery },
    async ({ query }) => {
      const rows = await selectAudit(pool, query);
      return page(rows, query.limit);
    });
  return r;
}
