import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import type { Pool } from '../db/pool.ts';
import { actorOf } from '../http/actor.ts';
import { auditCsvQuery, auditQuery, auditService } from './audit.service.ts';
import { auditCsv } from './audit.csv.ts';

export function auditRoutes(registry: RouteRegistry, mount: string, pool: Pool): Router {
  const audit = auditService(pool);
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/audit', tag: 'Audit', summary: 'Audit log for admins, newest first (who, what, when, before/after)', errors: { 401: 'unauthorized', 403: 'forbidden' }, query: auditQuery },
    ({ query, req }) => audit.list(actorOf(req), query));
  route({ method: 'get', access: 'signed-in', path: '/audit.csv', tag: 'Audit', summary: 'The audit log as CSV for admins (same filters; newest first, at most 50,000 rows)', errors: { 401: 'unauthorized', 403: 'forbidden' }, query: auditCsvQuery, produces: 'text/csv' },
    async ({ query, req, res }) => res.type('text/csv; charset=utf-8').attachment('audit.csv').send(auditCsv(await audit.all(actorOf(req), query))));
  return r;
}
