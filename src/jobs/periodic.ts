import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Pool } from '../db/pool.ts';
import type { Logger } from '../shared/logger.ts';
import type { PeriodicJob } from '../shared/periodic.ts';
import { repeat } from '../shared/repeat.ts';
import { claimRound } from './jobs.queries.ts';

/**
 * Runs periodic jobs once across all processes (docs/operations.md, "Several instances"). Every
 * process looks at each job every quarter of its interval (at most every 15 s) and runs a round
 * only if it claimed it (jobs.queries.ts `claimRound`): one single-row UPDATE per look, so N
 * processes cost N cheap statements and the work is done once. A round starts at most a quarter of
 * an interval late; a process that dies mid-round costs one round, which the next one makes up,
 * since rounds are idempotent sweeps. No advisory lock or leader: nothing to hold across a
 * transaction-mode pooler, nothing to hand over when a process dies.
 */
const MAX_LOOK_MS = 15_000;

export interface PeriodicRunner {
  /** Who claims rounds (host:pid:random), as recorded in periodic_jobs.last_started_by. */
  readonly owner: string;
  /** Claims and runs every due job once now; resolves with the names of the jobs this process ran. */
  runDue(): Promise<string[]>;
  stop(): Promise<void>;
}

export function processOwner(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

async function runIfClaimed(pool: Pool, job: PeriodicJob, owner: string): Promise<boolean> {
  if (!(await claimRound(pool, job.name, job.everyMs, owner))) return false;
  const result = await job.run();
  job.done?.(result);
  return true;
}

export function startPeriodicJobs(pool: Pool, jobs: readonly PeriodicJob[], log: Logger, options: { owner?: string; timers?: boolean } = {}): PeriodicRunner {
  const owner = options.owner ?? processOwner();
  const round = (job: PeriodicJob) => runIfClaimed(pool, job, owner).catch((error: unknown) => {
    log.error({ module: 'jobs', job: job.name, err: error }, 'periodic job failed');
    return false;
  });
  const loops = options.timers === false ? [] : jobs.map((job) => repeat(Math.min(MAX_LOOK_MS, Math.max(1, Math.floor(job.everyMs / 4))), () => round(job), {
    done: () => undefined,
    failed: () => undefined,
  }));
  return {
    owner,
    async runDue() {
      const ran = await Promise.all(jobs.map(async (job) => ((await round(job)) ? job.name : undefined)));
      return ran.filter((name): name is string => name !== undefined);
    },
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}
