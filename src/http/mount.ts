import type { Router } from 'express';
import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { ActivityEvents } from '../shared/activity-events.ts';
import type { RouteRegistry } from './route.ts';

/** Where the API's routes are mounted (and what their OpenAPI paths start with). */
export const API = '/api/v1';

/**
 * What the composition root (src/app.ts) hands every feature's `mount()`: each feature folder exports
 * one `mount<Feature>(ctx, …)` (`<feature>.mount.ts`) that puts its API routes on `api` (described in
 * `registry`), its pages on `pages`, and registers its activity listener on `events`; what only it
 * needs (a setting, another feature's service or hooks) comes as its second argument, and what others
 * need of it (a service, hooks) is its answer. app.ts is the list of these calls.
 */
export interface Mounting {
  pool: Pool;
  clock: Clock;
  log: Logger;
  /** Activity changes, told inside their transaction: a feature that follows them registers here. */
  events: ActivityEvents;
  /** Every API route's OpenAPI description (http/route.ts). */
  registry: RouteRegistry;
  /** Mounted at API, behind rate limits, the JSON body parser and authentication (http/api-router.ts). */
  api: Router;
  /** Pages and signed links outside the API, mounted after it (after the no-store paths). */
  pages: Router;
}
