import type { Pool } from '../db/pool.ts';
import type { Logger } from '../shared/logger.ts';
import { beat, deleteInstance } from './jobs.queries.ts';

/**
 * How many serve processes share the load (docs/operations.md, "Several instances"): each one writes
 * a heartbeat row every BEAT_MS and counts the rows written within LIVE_WITHIN_MS. Limits shared by
 * every instance are split by this count and kept in each process's memory (src/http/rate-limit.ts),
 * so a request costs no database write; the heartbeat costs one small write per process per beat,
 * whatever the traffic.
 *
 * BEAT_MS: a new instance is counted by the others at most one beat after it started (until then
 * each of them admits a share that is too large by one instance). LIVE_WITHIN_MS, three beats: a
 * process is not dropped for one slow beat on a loaded machine, and one that died stops counting
 * within 15 s (until then the others admit a share that is too small).
 */
export const BEAT_MS = 5_000;
export const LIVE_WITHIN_MS = 3 * BEAT_MS;

export interface InstanceHeartbeat {
  /** The live serve processes as last counted, at least 1 (this one). */
  live(): number;
  /** Stops beating and removes this process's row, so the others count one fewer at their next beat. */
  stop(): Promise<void>;
}

/** Beats once before it resolves, so the first request is already split by a real count. */
export async function startInstanceHeartbeat(pool: Pool, owner: string, log: Logger): Promise<InstanceHeartbeat> {
  let live = 1;
  const round = async () => {
    const counted = await beat(pool, owner, LIVE_WITHIN_MS);
    if (counted !== live) log.info({ module: 'instances', live: counted }, `live instances: ${counted}`);
    live = counted;
  };
  // A failed beat keeps the last count in force: a database down for a while changes nobody's share.
  const safely = () => round().catch((error: unknown) => log.warn({ module: 'instances', err: error }, 'heartbeat failed'));
  let running = safely();
  await running;
  const timer = setInterval(() => (running = safely()), BEAT_MS);
  timer.unref();
  return {
    live: () => live,
    async stop() {
      clearInterval(timer);
      await running;
      await deleteInstance(pool, owner).catch(() => undefined);
    },
  };
}
