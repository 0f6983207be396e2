import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../shared/logger.ts';

/**
 * Hearing about changes to what feeds show, so a process can answer feed revalidations from memory.
 * Migration 0006 makes every write to activities, occurrences, claims, registrations, units,
 * resources and feeds NOTIFY `orrery_feed_changes` (payload: the table) at COMMIT; one dedicated
 * connection per process LISTENs.
 *
 * Being told eventually is not enough: a poll that arrives after a change has committed must not get
 * the old ETag, even if the notification is still on its way. So before memory may answer, the
 * request waits for a *fence*: an empty query on the listening connection. A committing backend
 * signals every listener before its COMMIT returns, and a listening backend sends the notifications
 * it was signalled about before it answers its next query, so once the fence's answer arrives, every
 * change committed before the fence was sent has been heard. Requests waiting at the same moment
 * share one fence (a round trip of ~0.1 ms on loopback), so the cost does not grow with the load.
 *
 * Waiting for a fence on every poll makes a loaded machine's feed 304s wait for a PostgreSQL backend
 * to be scheduled (issue 23: 0.27–0.45 of a static file's 304 at load 16–24, while the route's own
 * CPU was that of the static file). With `maxAgeMs` > 0 a poll does not wait when a fence sent at
 * most that long ago has come back: it is answered at once, and a fresh fence is sent in the
 * background once the last one is half that old, so steady polling never waits. The promise becomes
 * "every change committed more than `maxAgeMs` before the poll is seen" (FEED_FENCE_MAX_AGE_MS, 1 s
 * by default; feeds are served with max-age=3600). A write through this process calls `expire()`
 * (main.ts, on each commit), so its own next poll waits for a fence and sees it. 0 (the default
 * here, and the tests' setting) waits for a fence sent after the poll arrived.
 *
 * While the connection is down (or a fence does not come back in time) `fence()` answers undefined
 * and callers ask the database; after reconnecting everything remembered is dropped, since changes
 * may have gone unheard in between.
 */
export const FEED_CHANGES_CHANNEL = 'orrery_feed_changes';

export interface FeedChangesOptions {
  /** A fence slower than this means the connection is unwell: drop it and ask the database. */
  fenceTimeoutMs?: number;
  /** First wait before reconnecting after a failure; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** A fence sent at most this long ago that came back vouches for a poll without waiting; 0: always wait for a new one. */
  maxAgeMs?: number;
}

/** What a listener tells its subscribers: a table that changed, or null for "anything may have". */
export type FeedChangeHandler = (table: string | null) => void;

export interface FeedChanges {
  /**
   * Resolves, once every change committed before the call has been heard, with the number of
   * changes heard so far (the generation); undefined when not listening, so the caller must ask the
   * database. A generation still current after a query means no change was heard meanwhile.
   */
  fence(): Promise<number | undefined>;
  readonly generation: number;
  readonly live: boolean;
  /** Fences sent so far (diagnostics: requests per fence shows how well they are shared). */
  readonly fences: number;
  subscribe(handler: FeedChangeHandler): void;
  /** This process wrote something: the next poll waits for a fence sent after now, whatever `maxAgeMs` allows. */
  expire(): void;
  /** Resolves when the listener is (again) live; for tests and start-up. */
  whenLive(): Promise<void>;
  close(): Promise<void>;
}

type State = 'idle' | 'connecting' | 'live' | 'down' | 'closed';

interface Fence {
  promise: Promise<number | undefined>;
  resolve(generation: number | undefined): void;
}

function newFence(): Fence {
  let resolve!: (generation: number | undefined) => void;
  const promise = new Promise<number | undefined>((r) => (resolve = r));
  return { promise, resolve };
}

export function feedChangeListener(connectionString: string, log: Logger, options: FeedChangesOptions = {}): FeedChanges {
  const fenceTimeoutMs = options.fenceTimeoutMs ?? 2000;
  const retryMs = options.retryMs ?? 1000;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  const maxAgeMs = options.maxAgeMs ?? 0;
  // When the newest fence that came back while live was sent (performance.now()); -Infinity: none since going live.
  let confirmedAt = Number.NEGATIVE_INFINITY;
  // Marks this process's own readiness probe among other processes' notifications.
  const probe = `ready:${randomBytes(8).toString('hex')}`;
  const handlers: FeedChangeHandler[] = [];
  const liveWaiters: (() => void)[] = [];
  let state: State = 'idle';
  let client: pg.Client | undefined;
  let generation = 0;
  let fences = 0;
  let backoff = retryMs;
  let retryAt = 0;
  let probeHeard = false;
  // At most one fence travels; requests arriving meanwhile wait for the next one, because the one in
  // flight may have left before their change committed.
  let inFlight: Fence | undefined;
  let queued: Fence | undefined;

  // Read through a function: `await` lets close() or down() change it behind the compiler's back.
  const stateNow = (): State => state;

  function changed(table: string | null): void {
    generation++;
    for (const handler of handlers) handler(table);
  }

  function onNotification(message: pg.Notification): void {
    if (message.channel !== FEED_CHANGES_CHANNEL) return;
    const payload = message.payload ?? '';
    if (payload === probe) probeHeard = true;
    else if (!payload.startsWith('ready:')) changed(payload || null);
  }

  /** The connection failed: forget everything (changes may go unheard) and retry later. */
  function down(from: pg.Client, reason: unknown): void {
    if (client !== from || state === 'closed') return;
    const wasLive = state === 'live';
    state = 'down';
    client = undefined;
    confirmedAt = Number.NEGATIVE_INFINITY;
    retryAt = performance.now() + backoff;
    backoff = Math.min(backoff * 2, maxRetryMs);
    from.removeAllListeners('notification');
    from.on('error', () => undefined);
    from.end().catch(() => undefined);
    if (wasLive) {
      changed(null);
      log.warn({ module: 'feeds', err: reason }, 'feed change listener lost its connection; feeds are checked against the database until it is back');
    }
  }

  async function connect(): Promise<void> {
    state = 'connecting';
    const c = new pg.Client({ connectionString, application_name: 'orrery-feed-listener', keepAlive: true });
    client = c;
    c.on('notification', onNotification);
    c.on('error', (error) => down(c, error));
    c.on('end', () => down(c, new Error('connection ended')));
    try {
      await c.connect();
      await c.query(`LISTEN ${FEED_CHANGES_CHANNEL}`);
      // A connection pooler in transaction mode accepts LISTEN but delivers nothing: prove delivery.
      probeHeard = false;
      await c.query('SELECT pg_notify($1::text, $2::text)', [FEED_CHANGES_CHANNEL, probe]);
      if (!probeHeard) throw new Error('LISTEN does not deliver notifications on this connection (a transaction-mode pooler?)');
    } catch (error) {
      if (client === c) down(c, error);
      if (stateNow() !== 'closed') log.warn({ module: 'feeds', err: error }, 'feed change listener could not start; feeds are checked against the database');
      return;
    }
    if (client !== c || stateNow() === 'closed') return;
    state = 'live';
    backoff = retryMs;
    // Whatever happened before this moment went unheard.
    changed(null);
    for (const wake of liveWaiters.splice(0)) wake();
    log.info({ module: 'feeds' }, 'feed change listener is live');
  }

  function send(fence: Fence): void {
    inFlight = fence;
    fences++;
    const c = client!;
    const sentAt = performance.now();
    const timer = setTimeout(() => {
      down(c, new Error(`no answer to a fence within ${fenceTimeoutMs} ms`));
      finish(fence, undefined);
    }, fenceTimeoutMs);
    c.query('').then(
      () => {
        const live = client === c && state === 'live';
        if (live) confirmedAt = Math.max(confirmedAt, sentAt);
        finish(fence, live ? generation : undefined);
      },
      () => finish(fence, undefined),
    ).finally(() => clearTimeout(timer));
  }

  function finish(fence: Fence, result: number | undefined): void {
    fence.resolve(result);
    if (inFlight !== fence) return;
    inFlight = undefined;
    const next = queued;
    queued = undefined;
    if (!next) return;
    if (state === 'live') send(next);
    else next.resolve(undefined);
  }

  return {
    get generation() {
      return generation;
    },
    get live() {
      return state === 'live';
    },
    get fences() {
      return fences;
    },

    fence(): Promise<number | undefined> {
      if (state !== 'live') {
        // Reconnecting is driven by demand: no timers run while nobody polls.
        if ((state === 'idle' || state === 'down') && performance.now() >= retryAt) void connect();
        return Promise.resolve(undefined);
      }
      if (maxAgeMs > 0) {
        const age = performance.now() - confirmedAt;
        if (age <= maxAgeMs) {
          // Refresh ahead of need, so the next polls find a recent fence too.
          if (age > maxAgeMs / 2 && !inFlight) send(newFence());
          return Promise.resolve(generation);
        }
      }
      if (!inFlight) {
        const fence = newFence();
        send(fence);
        return fence.promise;
      }
      queued ??= newFence();
      return queued.promise;
    },

    subscribe(handler: FeedChangeHandler): void {
      handlers.push(handler);
    },

    expire(): void {
      confirmedAt = Number.NEGATIVE_INFINITY;
    },

    whenLive(): Promise<void> {
      if (state === 'live') return Promise.resolve();
      if ((state === 'idle' || state === 'down') && performance.now() >= retryAt) void connect();
      return new Promise((resolve) => liveWaiters.push(resolve));
    },

    async close(): Promise<void> {
      const c = client;
      state = 'closed';
      client = undefined;
      inFlight?.resolve(undefined);
      queued?.resolve(undefined);
      inFlight = queued = undefined;
      if (c) await c.end().catch(() => undefined);
    },
  };
}
