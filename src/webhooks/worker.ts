import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { DateTime } from 'luxon';
import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { FetchPolicy } from '../shared/ssrf.ts';
import * as q from './deliveries.queries.ts';
import type { EndpointSenders, Verdict } from './senders.ts';
import { postJson, type PostResult } from './transport.ts';

/**
 * The webhook worker: the email worker's design (src/notifications/worker.ts) on the webhook outbox.
 * A round leases due rows (FOR UPDATE SKIP LOCKED, committed as 'sending' before any request), posts
 * them, and records each outcome with its attempt in the log. A worker that dies leaves its rows
 * 'sending'; when the lease runs out another worker posts them again with the same webhook-id —
 * at-least-once, made exactly-once by the receiver's idempotency key. A robot message in parts
 * records each acknowledged part, so a resend starts after it.
 */

// The same lease as email: long enough for a round of slow endpoints (each POST is bounded by
// POST_TIMEOUT_MS), short enough that a dead worker's deliveries go out again within minutes.
export const LEASE_MS = 120_000;
// Standard Webhooks asks receivers to answer quickly; 15 s is generous and keeps a round within its lease.
const POST_TIMEOUT_MS = 15_000;
const BATCH_SIZE = 100;
// Back off 30 s, 1 min, 2 min … capped at 1 h, as email: an hour-long outage costs 8 attempts; after
// 10 (about 4.5 h) the delivery is failed, for an admin to replay once the endpoint is fixed.
const RETRY_BASE_MS = 30_000;
const RETRY_CAP_MS = 3_600_000;
export const MAX_ATTEMPTS = 10;

export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_CAP_MS);
}

export interface WebhookWorkerDeps {
  pool: Pool;
  clock: Clock;
  log: Logger;
  senders: EndpointSenders;
  policy: FetchPolicy;
  /** Told when Orrery turns an endpoint off (a unit's robot: a notice to the unit). */
  onDisabled?: (endpointId: number, reason: string) => Promise<void>;
  workerId?: string;
  batchSize?: number;
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  timeoutMs?: number;
}

export interface WebhookRunSummary {
  leased: number;
  sent: number;
  retried: number;
  failed: number;
  released: number;
}

const iso = (t: DateTime) => t.toUTC().toISO()!;

export function createWebhookWorker(deps: WebhookWorkerDeps) {
  const { pool, clock, log } = deps;
  const workerId = deps.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  const wlog = log.child({ module: 'webhook-worker', workerId });
  let stopping = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function post(url: string, headers: Record<string, string>, body: string): Promise<PostResult | Error> {
    try {
      return await postJson(url, headers, body, { ...deps.policy, timeoutMs: deps.timeoutMs ?? POST_TIMEOUT_MS, now: () => clock.now().toMillis() });
    } catch (error) {
      return error as Error;
    }
  }

  /** Posts a delivery's parts from the first unacknowledged one; the verdict of the last answer. */
  async function attempt(d: q.LeasedWebhook): Promise<{ verdict: Verdict; status: number | null }> {
    const sender = deps.senders.of(d.kind);
    if (!sender) return { verdict: { outcome: 'retry', error: `no sender for endpoint kind '${d.kind}' in this worker` }, status: null };
    const requests = sender.requests(d, clock.now().toJSDate());
    let last: number | null = null;
    for (let part = d.partsDone; part < requests.length; part++) {
      const r = requests[part]!;
      const started = performance.now();
      const result = await post(r.url, r.headers, r.body);
      const failed = result instanceof Error;
      const verdict: Verdict = failed ? { outcome: 'retry', error: result.message } : sender.verdict(result);
      const status = failed ? null : result.status;
      await q.insertAttempt(pool, { deliveryId: d.id, now: iso(clock.now()), status, error: verdict.outcome === 'sent' ? null : verdict.error, durationMs: performance.now() - started });
      if (verdict.outcome !== 'sent') return { verdict, status };
      last = status;
      if (part + 1 < requests.length) await q.markPartDone(pool, d.id, workerId, part + 1, iso(clock.now()));
    }
    return { verdict: { outcome: 'sent' }, status: last };
  }

  async function deliver(d: q.LeasedWebhook, summary: WebhookRunSummary): Promise<void> {
    const { verdict, status } = await attempt(d);
    const now = clock.now();
    const base = { id: d.id, workerId, now: iso(now), responseStatus: status };
    if (verdict.outcome === 'sent') {
      summary.sent++;
      await q.markOutcome(pool, { ...base, status: 'sent', error: null });
      return;
    }
    if (verdict.outcome === 'retry' && d.attempts < MAX_ATTEMPTS) {
      summary.retried++;
      const delay = Math.min(Math.max(verdict.afterMs ?? retryDelayMs(d.attempts), 1000), RETRY_CAP_MS);
      wlog.info({ deliveryId: d.id, attempts: d.attempts, error: verdict.error }, 'webhook deferred');
      await q.markOutcome(pool, { ...base, status: 'pending', availableAt: iso(now.plus({ milliseconds: delay })), error: verdict.error });
      return;
    }
    summary.failed++;
    wlog.warn({ deliveryId: d.id, endpointId: d.endpointId, attempts: d.attempts, error: verdict.error }, 'webhook failed');
    await q.markOutcome(pool, { ...base, status: 'failed', error: verdict.error });
    if (verdict.outcome === 'disable' && (await q.disableEndpoint(pool, d.endpointId, verdict.error, iso(now)))) {
      await deps.onDisabled?.(d.endpointId, verdict.error);
    }
  }

  async function runOnce(): Promise<WebhookRunSummary> {
    const summary: WebhookRunSummary = { leased: 0, sent: 0, retried: 0, failed: 0, released: 0 };
    const leasedAt = clock.now();
    const leaseEnds = leasedAt.plus({ milliseconds: leaseMs });
    const leased = await q.leaseDue(pool, workerId, iso(leasedAt), iso(leaseEnds), deps.batchSize ?? BATCH_SIZE);
    summary.leased = leased.length;
    // A group robot's rows go in order, one at a time (its parts and messages keep their order, and
    // its platform counts them per minute); standard endpoints' rows go side by side, as Standard
    // Webhooks promises no order. Up to `concurrency` lanes at once.
    const byEndpoint = new Map<string, q.LeasedWebhook[]>();
    for (const d of leased) {
      const key = d.kind === 'standard' ? `d${d.id}` : `e${d.endpointId}`;
      (byEndpoint.get(key) ?? byEndpoint.set(key, []).get(key)!).push(d);
    }
    const queues = [...byEndpoint.values()];
    const unsent: number[] = [];
    const lane = async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const d of queue) {
          const late = clock.now().plus({ milliseconds: Math.min(60_000, leaseMs / 2) }) > leaseEnds;
          if (stopping || late) unsent.push(d.id);
          else await deliver(d, summary);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, deps.concurrency ?? 10) }, lane));
    if (unsent.length) {
      summary.released = unsent.length;
      await q.release(pool, unsent, workerId, iso(clock.now()));
    }
    return summary;
  }

  async function pollLoop(): Promise<void> {
    while (!stopping) {
      try {
        const s = await runOnce();
        if (s.leased < (deps.batchSize ?? BATCH_SIZE) && !stopping) await idle(deps.pollMs ?? 1000);
      } catch (error) {
        wlog.error({ err: error }, 'webhook worker round failed; trying again');
        if (!stopping) await idle(deps.pollMs ?? 1000);
      }
    }
  }

  function idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  return {
    workerId,
    runOnce,
    /** Runs rounds until nothing is due (tests, benchmarks). */
    async drain(): Promise<WebhookRunSummary> {
      const total: WebhookRunSummary = { leased: 0, sent: 0, retried: 0, failed: 0, released: 0 };
      for (;;) {
        const s = await runOnce();
        for (const k of Object.keys(total) as (keyof WebhookRunSummary)[]) total[k] += s[k];
        if (s.leased === 0) return total;
      }
    },
    start(): void {
      if (loop) return;
      stopping = false;
      wlog.info('webhook worker started');
      loop = pollLoop();
    },
    async stop(): Promise<void> {
      stopping = true;
      wake?.();
      await loop;
      loop = undefined;
    },
  };
}
export type WebhookWorker = ReturnType<typeof createWebhookWorker>;
