import { Router } from 'express';
import type { Pool } from '../db/pool.ts';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import { programmeService } from './programme.service.ts';
import { programmeQuery, programmeResponse } from './programme.schema.ts';

export function programmeRoutes(registry: RouteRegistry, mount: string, pool: Pool): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  const programme = programmeService(pool);
  route({ method: 'get', path: '/programme', tag: 'Programme', summary: 'Occurrences in a window (recurring activities expanded), published ones for everyone', query: programmeQuery, response: programmeResponse },
    ({ query, req }) => programme.list(actorOf(req), query));
  return r;
}
