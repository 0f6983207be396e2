import { Router } from 'express';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import type { RosterService } from './roster.service.ts';
import { rosterMarks, rosterParams, rosterQuery, rosterResponse, syncBody, syncResult } from './roster.schema.ts';

const tag = 'Roster';

export function rosterRoutes(registry: RouteRegistry, mount: string, roster: RosterService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/rosters/:date', tag, summary: "The day's offline roster of the caller's unit: visits leaving the school, their people, codes and contacts, signed for this device session", params: rosterParams, query: rosterQuery, response: rosterResponse, errors: { 400: 'unit_required' } },
    ({ params, query, req }) => roster.get(actorOf(req), params.date, query.unitId));
  route({ method: 'post', access: 'public', path: '/rosters/sync', tag, summary: 'Sync marks and head counts queued offline: exactly once per pupil and step, the earlier device time wins; authorized by the roster\'s signature', body: syncBody, response: syncResult, errors: { 400: 'roster_signature_invalid', 409: 'roster_expired' } },
    ({ body, req }) => roster.sync(actorOf(req).requestId, body));
  route({ method: 'get', access: 'signed-in', path: '/rosters/:date/marks', tag, summary: "Every synced mark and head count of the day's visits, refused ones included (the organizer's review)", params: rosterParams, query: rosterQuery, response: rosterMarks },
    ({ params, query, req }) => roster.marks(actorOf(req), params.date, query.unitId));
  return r;
}
