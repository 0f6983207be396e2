import type { DateTime } from 'luxon';
import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import * as outbox from './outbox.queries.ts';

/** The email worker's bookkeeping of sends (./worker.ts): its send slots and its record of accepted messages. */

// Accepted messages are recorded in groups: at most 25, at most 10 ms after the first was accepted.
// One commit per message capped the rate at the disk's fsync rate; the group widens the
// crash-before-record window by those 10 ms at most.
const RECORD_GROUP = 25;
const RECORD_DELAY_MS = 10;

const iso = (t: DateTime) => t.toUTC().toISO()!;

/**
 * Send slots shared by every round of one worker: a round leased ahead of time waits here behind
 * the sends of the round before it (first come, first served), so the worker never has more than
 * `concurrency` messages on the wire, however many rounds overlap.
 */
export function sendSlots(limit: number) {
  let free = limit;
  const waiting: (() => void)[] = [];
  return {
    async take(): Promise<void> {
      if (free > 0) {
        free--;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    give(): void {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

/**
 * Per round, collects accepted messages and records them in groups (see RECORD_GROUP); `sent` counts
 * the recorded ones. Recording is retried in place: releasing the rows instead would send the
 * messages a second time.
 */
export function sentRecorder(deps: { pool: Pool; workerId: string; clock: Clock; log: Logger }) {
  const { pool, workerId, clock, log } = deps;
  async function recordSent(group: outbox.SentRecord[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const ours = await outbox.markSent(pool, workerId, iso(clock.now()), group);
        if (ours < group.length) log.warn({ deliveryIds: group.map((g) => g.id) }, 'sent after the lease ran out; another worker may send again');
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
        log.warn({ err: error, count: group.length }, 'could not record sent emails yet; retrying the record, not the send');
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 5000)));
      }
    }
  }

  return (summary: { sent: number }) => {
    let pending: outbox.SentRecord[] = [];
    let timer: NodeJS.Timeout | undefined;
    const flushes: Promise<void>[] = [];
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      if (pending.length === 0) return;
      const group = pending;
      pending = [];
      flushes.push(recordSent(group).then(() => void (summary.sent += group.length)));
    };
    return {
      add(record: outbox.SentRecord) {
        pending.push(record);
        if (pending.length >= RECORD_GROUP) flush();
        else timer ??= setTimeout(flush, RECORD_DELAY_MS);
      },
      async done() {
        flush();
        await Promise.all(flushes);
      },
    };
  };
}
