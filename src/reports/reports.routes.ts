import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import { NotFoundError } from '../shared/errors.ts';
import { tableCsv } from './reports.csv.ts';
import { annualPdf } from './reports.pdf.ts';
import { exportQuery, reportQuery, reportResponse, sectionParams, tableParams } from './reports.schema.ts';
import type { ReportsService } from './reports.service.ts';
import { reportsXlsx } from './reports.xlsx.ts';
import type { EmailKindWords } from './reports.words.ts';

const tag = 'Reports';
const errors = { 422: 'validation_failed' };

/** `emailKinds`: each email kind's name as its feature registered it, for the exports' words. */
export function reportsRoutes(registry: RouteRegistry, mount: string, reports: ReportsService, emailKinds: EmailKindWords = {}): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  // The exports first: their paths would otherwise be read as a section name.
  route({ method: 'get', access: 'signed-in', path: '/reports/workbook.xlsx', tag, summary: 'Every table of every report section as one XLSX workbook', query: exportQuery, produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', errors },
    async ({ query, req, res }) => res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment('orrery-reports.xlsx')
      .send(await reportsXlsx(await reports.all(actorOf(req), query), query.lang, emailKinds)));
  route({ method: 'get', access: 'signed-in', path: '/reports/annual.pdf', tag, summary: 'The annual summary (every section) as a PDF in the chosen language', query: exportQuery, produces: 'application/pdf', errors },
    async ({ query, req, res }) => res.type('application/pdf').attachment('orrery-annual-report.pdf').send(await annualPdf(await reports.all(actorOf(req), query), query.lang, emailKinds)));
  route({ method: 'get', access: 'signed-in', path: '/reports/:section', tag, summary: 'One report section (delivery, reach, demand, utilisation, commitments, email) for a period and filters', params: sectionParams, query: reportQuery, response: reportResponse, errors },
    ({ params, query, req }) => reports.report(actorOf(req), params.section, query));
  route({ method: 'get', access: 'signed-in', path: '/reports/:section/:table.csv', tag, summary: 'One table of a report section as CSV (UTF-8 with BOM)', params: tableParams, query: exportQuery, produces: 'text/csv', errors: { ...errors, 404: 'not_found' } },
    async ({ params, query, req, res }) => {
      const report = await reports.report(actorOf(req), params.section, query);
      const t = report.tables.find((x) => x.name === params.table);
      if (!t) throw new NotFoundError('Report table', params.table);
      return res.type('text/csv; charset=utf-8').attachment(`orrery-${params.section}-${params.table}.csv`).send(tableCsv(params.section, t, query.lang, emailKinds));
    });
  return r;
}
