import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import { idParams } from '../http/schemas.ts';
import type { ImportsService } from './imports.service.ts';
import type { ExportService } from './export.service.ts';
import { IMPORT_FILE_MAX_BYTES } from '../shared/uploads.ts';
import { exportFileParams, importFileQuery, importKindParams, importReport, importRequest, type ExportTable } from './imports.schema.ts';

const tag = 'Imports';

export function importsRoutes(registry: RouteRegistry, mount: string, imports: ImportsService, exports: ExportService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', path: '/imports/:kind/template.csv', tag, summary: 'A template CSV for an import: the header and one example row', params: importKindParams, produces: 'text/csv' },
    async ({ params, res }) => res.type('text/csv; charset=utf-8').attachment(`${params.kind}-template.csv`).send(imports.template(params.kind)));
  route({ method: 'post', path: '/imports/:kind', tag, summary: 'Import units, resources, classes, calendar entries or activities with claims from CSV: a dry run reports every bad row by line and column; apply writes every row or none', params: importKindParams, body: importRequest, upload: { maxBytes: IMPORT_FILE_MAX_BYTES }, response: importReport },
    ({ params, body, req }) => imports.run(actorOf(req), params.kind, body));
  route({ method: 'post', path: '/imports/:kind/file', tag, summary: 'The same import with the file sent as it is: CSV in UTF-8 (BOM or not), UTF-16 with a BOM or GBK/GB18030, or an .xlsx workbook (its first sheet); at most 1 MB', params: importKindParams, query: importFileQuery, upload: { maxBytes: IMPORT_FILE_MAX_BYTES, raw: true }, response: importReport },
    ({ params, query, req }) => imports.runFile(actorOf(req), params.kind, query, req.body as unknown));
  route({ method: 'get', access: 'signed-in', path: '/units/:id/export/activities.ics', tag, summary: "A unit's activities (not drafts) as one iCalendar file, series with their moved and cancelled occurrences", params: idParams, produces: 'text/calendar' },
    async ({ params, req, res }) => res.type('text/calendar; charset=utf-8').attachment(`unit-${params.id}-activities.ics`).send(await exports.activitiesIcs(actorOf(req), params.id)));
  route({ method: 'get', access: 'signed-in', path: '/units/:id/export/:file', tag, summary: "One table a unit owns as CSV: resources, classes, activities, occurrences, claims or calendar entries", params: exportFileParams, produces: 'text/csv' },
    async ({ params, req, res }) => res.type('text/csv; charset=utf-8').attachment(`unit-${params.id}-${params.file}`)
      .send(await exports.tableCsv(actorOf(req), params.id, params.file.replace(/\.csv$/, '') as ExportTable)));
  return r;
}
