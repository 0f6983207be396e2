import { MemoryStore, rateLimit, type Options, type Store, type IncrementResponse, type ClientRateLimitInfo } from 'express-rate-limit';
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

/**
 * What the limit check sees for a client that made `localHits` requests to this process in the
 * window, when `instances` processes share `limit`: each process admits its share,
 * floor(limit / instances) and at least one, so a round-robin proxy admits at most `limit` in total
 * (one per instance when the limit is below the count). Within the share the figure is the hits of
 * every instance estimated (local × instances, never above the limit), so RateLimit headers still
 * speak of the one shared limit; past it, more than the limit.
 */
export function sharedHits(localHits: number, limit: number, instances: number): number {
  const share = Math.max(1, Math.floor(limit / Math.max(1, instances)));
  const estimate = localHits * Math.max(1, instances);
  return localHits <= share ? Math.min(estimate, limit) : Math.max(estimate, limit + 1);
}

/**
 * A limit shared by the live instances without a database write per request (issue 23: a feed poll
 * answered 304 changed nothing, yet wrote a row). Counts in this process's memory (express-rate-limit's
 * own MemoryStore: fixed windows, idle keys dropped after a window) and admits this process's share
 * of the limit, by the count of live instances from their heartbeats (src/jobs/instances.ts).
 * Tolerance (docs/operations.md, "Rate limits"): behind a round-robin proxy at most the limit in
 * total; a client whose requests all reach one instance gets its share only; for one beat after an
 * instance starts the others still split by the old count (the total may exceed the limit by the
 * new instance's share in that window).
 * For the high-volume read limits (feeds, the API); sign-in and registration stay exact in the database.
 */
export class InstanceShareStore implements Store {
  readonly localKeys = true;
  readonly prefix: string;
  private readonly memory = new MemoryStore();
  private readonly instances: () => number;
  private limit: number | undefined;

  constructor(prefix: string, instances: () => number) {
    this.prefix = `${prefix}:`;
    this.instances = instances;
  }

  init(options: Options): void {
    this.memory.init(options);
    this.limit = typeof options.limit === 'number' ? options.limit : undefined;
  }

  private shared(info: ClientRateLimitInfo): IncrementResponse {
    const n = this.instances();
    const totalHits = this.limit === undefined ? info.totalHits * n : sharedHits(info.totalHits, this.limit, n);
    return { totalHits, resetTime: info.resetTime };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const info = await this.memory.get(key);
    return info && this.shared(info);
  }

  async increment(key: string): Promise<IncrementResponse> {
    return this.shared(await this.memory.increment(key));
  }

  decrement = (key: string): Promise<void> => this.memory.decrement(key);
  resetKey = (key: string): Promise<void> => this.memory.resetKey(key);
  shutdown = (): void => this.memory.shutdown();
}

/** Makes each limiter's store; without one (unit tests mounting a router alone) limits count in memory. */
export type RateLimitStores = (prefix: string) => Store;

/** Exact counts in PostgreSQL, a write per request: for limits on requests that write anyway. */
export const databaseRateLimits = (db: Queryable): RateLimitStores => (prefix) => new DatabaseRateLimitStore(db, prefix);

/** This process's share of a limit, counted in memory: for the limits on reads (feed polls, the API). */
export const sharedRateLimits = (instances: () => number): RateLimitStores => (prefix) => new InstanceShareStore(prefix, instances);

/** The options every Orrery limiter shares: draft-8 headers (draft-7 where asked: feeds), a problem+json 429, one named store. */
export function limiter(options: { name: string; stores: RateLimitStores | undefined; windowMs: number; limit: number; message: string; keyGenerator?: Options['keyGenerator']; headers?: 'draft-7' | 'draft-8' }) {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: options.headers ?? 'draft-8',
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
