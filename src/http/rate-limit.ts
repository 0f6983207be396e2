import { rateLimit, type Options, type Store, type IncrementResponse, type ClientRateLimitInfo } from 'express-rate-limit';
import type { Queryable } from '../db/pool.ts';
import { TooManyRequestsError } from '../shared/errors.ts';
import * as q from './rate-limit.queries.ts';

/**
 * express-rate-limit's Store, counted in PostgreSQL (table rate_limit_hits, migration 0021), so N
 * instances behind a round-robin proxy enforce one limit instead of N. Our own rather than
 * `@acpr/rate-limit-postgresql`: that store applies its own migrations (a second migrations table,
 * started unawaited from its constructor, needing CREATE EXTENSION "uuid-ossp"), opens its own pool
 * per limiter and pins an older `pg`; this one is four statements on our pool and our migrations
 * (docs/operations.md, "Several instances").
 */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  private windowMs = 60_000;
  private readonly db: Queryable;

  constructor(db: Queryable, prefix: string) {
    this.db = db;
    this.prefix = `${prefix}:`;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await q.selectHits(this.db, this.prefix + key);
    return row && { totalHits: row.hits, resetTime: row.resetsAt };
  }

  async increment(key: string): Promise<IncrementResponse> {
    const row = await q.incrementHit(this.db, this.prefix + key, this.windowMs);
    return { totalHits: row.hits, resetTime: row.resetsAt };
  }

  decrement = (key: string): Promise<void> => q.decrementHit(this.db, this.prefix + key);
  resetKey = (key: string): Promise<void> => q.deleteHits(this.db, this.prefix + key);
}

/** Makes each limiter's store; without one (unit tests mounting a router alone) limits count in memory. */
export type RateLimitStores = (prefix: string) => Store;

export const databaseRateLimits = (db: Queryable): RateLimitStores => (prefix) => new DatabaseRateLimitStore(db, prefix);

/** The options every Orrery limiter shares: draft-8 headers, a problem+json 429, one named store. */
export function limiter(options: { name: string; stores: RateLimitStores | undefined; windowMs: number; limit: number; message: string; keyGenerator?: Options['keyGenerator'] }) {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(options.stores ? { store: options.stores(options.name) } : {}),
    ...(options.keyGenerator ? { keyGenerator: options.keyGenerator } : {}),
    handler: (_req, _res, next) => next(new TooManyRequestsError(options.message)),
  });
}

/**
 * A per-client-IP limit for one kind of request (sign-in, registration) on top of the general API
 * limit: these are the endpoints an anonymous caller can use to make Orrery send email.
 */
export function perClientLimit(stores: RateLimitStores | undefined, name: string, limit: number, windowMinutes: number, what: string) {
  return limiter({ name, stores, windowMs: windowMinutes * 60_000, limit, message: `Too many ${what}; try again later` });
}
