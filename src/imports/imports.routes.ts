import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import type { ImportsService } from './imports.service.ts';
import { importKindParams, importReport, importRequest } from './imports.schema.ts';

const tag = 'Imports';

export function importsRoutes(registry: RouteRegistry, mount: string, imports: ImportsService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', path: '/imports/:kind/template.csv', tag, summary: 'A template CSV for an import: the header and one example row', params: importKindParams, produces: 'text/csv' },
    async ({ params, res }) => res.type('text/csv; charset=utf-8').attachment(`${params.kind}-template.csv`).send(imports.template(params.kind)));
  route({ method: 'post', path: '/imports/:kind', tag, summary: 'Import units, resources, classes, calendar entries or activities with claims from CSV: a dry run reports every bad row by line and column; apply writes every row or none', params: importKindParams, body: importRequest, response: importReport },
    ({ params, body, req }) => imports.run(actorOf(req), params.kind, body));
  return r;
}
