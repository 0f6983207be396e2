import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { DateTime } from 'luxon';
import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { SendMailOptions } from 'nodemailer';
import type { ComposeContext, EmailFamily, EmailKinds, LeasedEmail } from './kinds.ts';
import * as outbox from './outbox.queries.ts';
import type { Mailer } from './transport.ts';
import { sendSlots, sentRecorder } from './worker.record.ts';

/**
 * The email worker: a lease loop on the outbox. Each round leases due rows under a lease
 * (FOR UPDATE SKIP LOCKED, committed as 'sending' before any SMTP), sends them, and records each
 * message the moment SMTP accepted it. A worker that dies leaves its rows 'sending'; when the
 * lease runs out another worker leases them again — at-least-once, made effectively exactly-once
 * by the unique keys and the per-message record (see README "Registrations and email" for the
 * one window that remains: a crash after SMTP accepted a message and before the record commits).
 */

// Two minutes: long enough for a batch on a slow relay (each send is bounded by SMTP_TIMEOUTS),
// short enough that a crashed worker's emails go out again soon.
export const LEASE_MS = 120_000;
// Stop starting new sends when less than this is left of the lease, so no send outlives it.
const LEASE_MARGIN_MS = 60_000;
// 100 rows per lease: one round trip amortised over many sends (and little idle time at the tail of
// a batch), yet a dead worker strands few, and only until its lease runs out.
const BATCH_SIZE = 100;
// Temporary failures back off 30 s, 1 min, 2 min … capped at 1 h; after 10 attempts (about 4.5 h)
// the delivery is marked failed for an organizer to see, rather than retried forever.
const RETRY_BASE_MS = 30_000;
const RETRY_CAP_MS = 3_600_000;
export const MAX_ATTEMPTS = 10;

export interface WorkerDeps {
  pool: Pool;
  mailer: Mailer;
  clock: Clock;
  log: Logger;
  compose: ComposeContext;
  /** The email kinds the features registered (src/emails.ts); rows of another kind are retried later. */
  kinds: EmailKinds;
  workerId?: string;
  batchSize?: number;
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
}

interface Round {
  summary: RunSummary;
  leaseEnds: DateTime;
  attempts: Map<number, number>;
  jobs: { d: { id: number; kind: string }; message: () => SendMailOptions }[];
}

export interface RunSummary {
  leased: number;
  sent: number;
  skipped: number;
  retried: number;
  failed: number;
  released: number;
}

export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_CAP_MS);
}

/** 5xx replies are permanent (unknown mailbox, refused sender); anything else may pass later. */
export function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

const iso = (t: DateTime) => t.toUTC().toISO()!;

export function createWorker(deps: WorkerDeps) {
  const { pool, mailer, clock, log } = deps;
  const workerId = deps.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const batchSize = deps.batchSize ?? BATCH_SIZE;
  const concurrency = deps.concurrency ?? 5;
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  const wlog = log.child({ module: 'mail-worker', workerId });
  let stopping = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  const slots = sendSlots(concurrency);

  const recorder = sentRecorder({ pool, workerId, clock, log: wlog });

  async function recordFailure(d: { id: number; kind: string }, attempts: number, error: unknown, summary: RunSummary): Promise<void> {
    const now = clock.now();
    const message = (error as Error).message ?? String(error);
    if (isPermanent(error) || attempts >= MAX_ATTEMPTS) {
      summary.failed++;
      wlog.warn({ deliveryId: d.id, kind: d.kind, attempts, error: message }, 'email failed permanently');
      await outbox.markFailed(pool, d.id, workerId, iso(now), message);
    } else {
      summary.retried++;
      const retryAt = now.plus({ milliseconds: retryDelayMs(attempts) });
      wlog.info({ deliveryId: d.id, attempts, retryAt: iso(retryAt), error: message }, 'email deferred');
      await outbox.markRetry(pool, d.id, workerId, iso(now), iso(retryAt), message);
    }
  }

  /** Sends one message and hands its acceptance to the recorder (the lane does not wait for the record). */
  async function deliver(d: { id: number; kind: string }, message: SendMailOptions, attempts: number, summary: RunSummary, sent: ReturnType<typeof recorder>): Promise<void> {
    let response: string;
    try {
      response = (await mailer.send(message)).response;
    } catch (error) {
      await recordFailure(d, attempts, error, summary);
      return;
    }
    sent.add({ id: d.id, messageId: String(message.messageId), response });
  }

  async function skip<D extends { id: number }>(details: D[], reasonOf: (d: D) => string | null, summary: RunSummary): Promise<D[]> {
    const byReason = new Map<string, number[]>();
    const send: D[] = [];
    for (const d of details) {
      const reason = reasonOf(d);
      if (reason) byReason.set(reason, [...(byReason.get(reason) ?? []), d.id]);
      else send.push(d);
    }
    for (const [reason, ids] of byReason) {
      summary.skipped += ids.length;
      await outbox.markSkipped(pool, ids, workerId, iso(clock.now()), reason);
    }
    return send;
  }

  /** One family's rows of a round: read, skip the settled ones, prepare, and the messages to send. */
  async function familyJobs(family: EmailFamily, ids: number[], leasedAt: DateTime, summary: RunSummary): Promise<Round['jobs']> {
    const rows = await family.read(pool, ids, iso(leasedAt));
    if (rows.length < ids.length) await unreadable(ids, rows, leasedAt, summary);
    const send = await skip(rows, (d) => family.skip(d, leasedAt), summary);
    if (send.length === 0) return [];
    const prepared = family.prepare ? await family.prepare(pool, send) : undefined;
    return send.map((d) => ({ d, message: () => family.compose(d, clock.now(), deps.compose, prepared) }));
  }

  /**
   * Rows its family did not read back (their addressee column is not the family's): nothing could ever
   * send them, so they fail at once, for an organizer to see, instead of being leased again forever.
   */
  async function unreadable(ids: number[], rows: LeasedEmail[], now: DateTime, summary: RunSummary): Promise<void> {
    const read = new Set(rows.map((r) => r.id));
    for (const id of ids.filter((i) => !read.has(i))) {
      summary.failed++;
      await outbox.markFailed(pool, id, workerId, iso(now), 'its email kind cannot read this delivery');
    }
  }

  /**
   * Rows of a kind no family here registered (an older worker beside a newer server): a temporary
   * failure, so a worker that knows the kind sends them, and after MAX_ATTEMPTS an organizer sees them.
   */
  async function unknownKinds(rows: LeasedEmail[], attempts: Map<number, number>, summary: RunSummary): Promise<void> {
    for (const d of rows) await recordFailure(d, attempts.get(d.id) ?? 1, new Error(`no email kind '${d.kind}' is registered in this worker`), summary);
  }

  /** Leases due rows and reads what their messages need, family by family; sends nothing yet. */
  async function leaseRound(): Promise<Round> {
    const summary: RunSummary = { leased: 0, sent: 0, skipped: 0, retried: 0, failed: 0, released: 0 };
    const leasedAt = clock.now();
    const leaseEnds = leasedAt.plus({ milliseconds: leaseMs });
    const leased = await outbox.leaseDue(pool, workerId, iso(leasedAt), iso(leaseEnds), batchSize);
    summary.leased = leased.length;
    if (leased.length === 0) return { summary, leaseEnds, attempts: new Map(), jobs: [] };
    const attempts = new Map(leased.map((c) => [c.id, c.attempts]));
    const byFamily = new Map<EmailFamily, number[]>();
    const unknown: LeasedEmail[] = [];
    for (const row of leased) {
      const family = deps.kinds.familyOf(row.kind);
      if (family) (byFamily.get(family) ?? byFamily.set(family, []).get(family)!).push(row.id);
      else unknown.push(row);
    }
    await unknownKinds(unknown, attempts, summary);
    const jobs: Round['jobs'] = [];
    // In the order the families were registered: one read per family and round.
    for (const family of deps.kinds.families) {
      const ids = byFamily.get(family);
      if (ids) jobs.push(...(await familyJobs(family, ids, leasedAt, summary)));
    }
    return { summary, leaseEnds, attempts, jobs };
  }

  /**
   * Sends a leased round through the worker's send slots and records it. `onLastTaken` runs once the
   * round's last message has a slot (its sends are on the wire, none waits): the moment to lease the
   * next round, so the slots never stand idle while the database answers.
   */
  async function sendRound(round: Round, onLastTaken?: () => void): Promise<RunSummary> {
    const { summary, leaseEnds, attempts, jobs } = round;
    const unsent: number[] = [];
    const sent = recorder(summary);
    let waiting = jobs.length;
    if (waiting === 0) onLastTaken?.();
    await Promise.all(jobs.map(async ({ d, message }) => {
      await slots.take();
      if (--waiting === 0) onLastTaken?.();
      try {
        const late = clock.now().plus({ milliseconds: Math.min(LEASE_MARGIN_MS, leaseMs / 2) }) > leaseEnds;
        if (stopping || late) unsent.push(d.id);
        else await deliver(d, message(), attempts.get(d.id) ?? 1, summary, sent);
      } finally {
        slots.give();
      }
    }));
    await sent.done();
    if (unsent.length) {
      summary.released = unsent.length;
      await outbox.release(pool, unsent, workerId, iso(clock.now()));
    }
    return summary;
  }

  /** One lease-and-send round; returns what happened. Tests drive the worker through this. */
  async function runOnce(): Promise<RunSummary> {
    return sendRound(await leaseRound());
  }

  /**
   * The polling loop. A full round means more is due: the next round is leased while this one's last
   * messages are still being sent (at most two rounds in hand), so a backlog drains without a pause
   * per round for the lease and read queries. A round that was not full waits pollMs.
   */
  async function pollLoop(): Promise<void> {
    let previous: Promise<unknown> = Promise.resolve();
    while (!stopping) {
      try {
        const round = await leaseRound();
        if (round.summary.leased < batchSize) {
          await sendRound(round);
          await previous;
          if (!stopping) await idle(deps.pollMs ?? 1000);
          continue;
        }
        let lastTaken!: () => void;
        const ready = new Promise<void>((resolve) => (lastTaken = resolve));
        const sending = sendRound(round, lastTaken);
        // Whatever happens to this round, the loop goes on; a failure is logged like a failed round.
        const settled = sending.then(() => undefined, (error: unknown) => wlog.error({ err: error }, 'email worker round failed; trying again'));
        await Promise.race([ready, settled]);
        await previous;
        previous = settled;
      } catch (error) {
        wlog.error({ err: error }, 'email worker round failed; trying again');
        if (!stopping) await idle(deps.pollMs ?? 1000);
      }
    }
    await previous;
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
    async drain(): Promise<RunSummary> {
      const total: RunSummary = { leased: 0, sent: 0, skipped: 0, retried: 0, failed: 0, released: 0 };
      for (;;) {
        const s = await runOnce();
        for (const k of Object.keys(total) as (keyof RunSummary)[]) total[k] += s[k];
        if (s.leased === 0) return total;
      }
    },
    /** Polls until stopped: straight on while batches come back full, else every pollMs. */
    start(): void {
      if (loop) return;
      stopping = false;
      wlog.info({ mailer: mailer.kind }, 'email worker started');
      loop = pollLoop();
    },
    /** Finishes the sends in flight, hands back what was leased but not started, and returns. */
    async stop(): Promise<void> {
      stopping = true;
      wake?.();
      await loop;
      loop = undefined;
    },
  };
}
export type Worker = ReturnType<typeof createWorker>;
