import { Router } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import type { CalendarsService } from './calendars.service.ts';
import { calendarEntryCreate, calendarEntryListQuery, calendarEntryResponse } from './calendars.schema.ts';

const tag = 'Calendars';
const list = z.object({ items: z.array(calendarEntryResponse), nextCursor: z.number().nullable() });

export function calendarsRoutes(registry: RouteRegistry, mount: string, calendars: CalendarsService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', path: '/calendar-entries', tag, summary: 'List calendar entries (terms, holidays, make-up working days, exam weeks, closures, maintenance)', query: calendarEntryListQuery, response: list },
    ({ query }) => calendars.list(query));
  route({ method: 'get', path: '/calendar-entries/:id', tag, summary: 'Get a calendar entry', params: idParams, response: calendarEntryResponse },
    ({ params }) => calendars.get(params.id));
  route({ method: 'post', path: '/calendar-entries', tag, summary: 'Add a calendar entry; blocking kinds refuse new bookings in their time', body: calendarEntryCreate, status: 201, response: calendarEntryResponse },
    ({ body, req }) => calendars.create(actorOf(req), body));
  route({ method: 'delete', path: '/calendar-entries/:id', tag, summary: 'Remove a calendar entry', params: idParams, status: 204 },
    ({ params, req }) => calendars.remove(actorOf(req), params.id));
  return r;
}
