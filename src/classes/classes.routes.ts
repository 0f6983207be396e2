import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParam, idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { IMPORT_FILE_MAX_BYTES } from '../shared/uploads.ts';
import type { ClassesService } from './classes.service.ts';
import {
  activityClasses, activityClassesResponse, classCalendarCreate, classCalendarResponse, classCreate, classImport,
  classImportResponse, classListQuery, classResponse, classUpdate,
} from './classes.schema.ts';

const tag = 'Classes';
const list = z.object({ items: z.array(classResponse), nextCursor: z.number().nullable() });

export function classesRoutes(registry: RouteRegistry, mount: string, classes: ClassesService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/classes', tag, summary: 'List classes and groups (school classes, teacher groups, clubs)', query: classListQuery, response: list },
    ({ query }) => classes.list(query));
  route({ method: 'get', access: 'signed-in', path: '/classes/:id', tag, summary: 'Get a class or group', params: idParams, response: classResponse },
    ({ params }) => classes.get(params.id));
  route({ method: 'post', path: '/classes', tag, summary: 'Add a class or group', body: classCreate, status: 201, response: classResponse, errors: { 409: 'already_exists' } },
    ({ body, req }) => classes.create(actorOf(req), body));
  route({ method: 'patch', path: '/classes/:id', tag, summary: 'Rename a class or change its size', params: idParams, body: classUpdate, response: classResponse },
    ({ params, body, req }) => classes.update(actorOf(req), params.id, body));
  route({ method: 'delete', path: '/classes/:id', tag, summary: 'Remove a class that no activity is for', params: idParams, status: 204, errors: { 409: 'in_use' } },
    ({ params, req }) => classes.remove(actorOf(req), params.id));
  route({ method: 'post', path: '/classes/import', tag, summary: 'Load classes from CSV: a dry run lists every bad cell by line and column; apply writes all rows or none', body: classImport, upload: { maxBytes: IMPORT_FILE_MAX_BYTES }, response: classImportResponse },
    ({ body, req }) => classes.importCsv(actorOf(req), body));

  route({ method: 'get', access: 'signed-in', path: '/class-calendar-entries', tag, summary: 'List class calendar entries (exam weeks per grade, blocked days, free afternoons)', query: z.strictObject({ unitId: idParam.optional() }), response: z.array(classCalendarResponse) },
    ({ query }) => classes.listEntries(query.unitId));
  route({ method: 'post', path: '/class-calendar-entries', tag, summary: 'Add a class calendar entry for a class, a grade or every class of a unit', body: classCalendarCreate, status: 201, response: classCalendarResponse },
    ({ body, req }) => classes.createEntry(actorOf(req), body));
  route({ method: 'delete', path: '/class-calendar-entries/:id', tag, summary: 'Remove a class calendar entry', params: idParams, status: 204 },
    ({ params, req }) => classes.removeEntry(actorOf(req), params.id));

  route({ method: 'get', access: 'signed-in', path: '/activities/:id/classes', tag, summary: 'The classes an activity is for', params: idParams, response: activityClassesResponse },
    ({ params, req }) => classes.activityClasses(actorOf(req), params.id));
  route({ method: 'put', path: '/activities/:id/classes', tag, summary: 'Set the classes an activity is for; a class is in one activity at a time', params: idParams, body: activityClasses, response: activityClassesResponse, errors: { 409: 'class_conflict, class_busy' } },
    ({ params, body, req }) => classes.setActivityClasses(actorOf(req), params.id, body.classIds));
  return r;
}
