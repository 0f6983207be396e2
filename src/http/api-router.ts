import express, { type RequestHandler, type Router } from 'express';
import cors from 'cors';
import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import { idempotency, type IdempotencySettings } from './idempotency.ts';
import { noStore } from './middleware.ts';
import { limiter, type RateLimitStores } from './rate-limit.ts';
import type { RouteRegistry } from './route.ts';

export interface ApiRouterSettings {
  rateLimitPerMinute: number;
  corsOrigins: readonly string[];
  bodyLimit: number | string;
  retention: IdempotencySettings;
}

/**
 * The API's own middleware, in order: no-store, rate limit, CORS, the bodies of upload routes (each
 * with its file's limit, http/uploads.ts), the JSON body of every other route (BODY_LIMIT), who is
 * calling (`authenticate`, from auth/), Idempotency-Key.
 */
export function apiRouter(settings: ApiRouterSettings, deps: { pool: Pool; clock: Clock; readLimits: RateLimitStores; registry: RouteRegistry; authenticate: RequestHandler }): Router {
  const api = express.Router();
  api.use(noStore);
  api.use(limiter({ name: 'api', stores: deps.readLimits, windowMs: 60_000, limit: settings.rateLimitPerMinute, message: 'Too many requests; slow down' }));
  if (settings.corsOrigins.length > 0) {
    api.use(cors({ origin: [...settings.corsOrigins], credentials: true, allowedHeaders: ['Content-Type', 'Authorization', 'X-CSRF-Token', 'Idempotency-Key'] }));
  }
  api.use(deps.registry.uploadBodies);
  api.use(express.json({ limit: settings.bodyLimit, strict: true }));
  api.use(deps.authenticate);
  api.use(idempotency(deps.pool, deps.clock, settings.retention));
  return api;
}
