import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { migrate } from '../db/migrate.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { EmailKinds } from './kinds.ts';
import { createMailer, type Mailer } from './transport.ts';
import { createWorker, type Worker } from './worker.ts';

/** A worker wired from configuration; the server process and `orrery worker` both use this. */
export function workerFor(config: Config, pool: Pool, log: Logger, clock: Clock, mailer: Mailer, kinds: EmailKinds): Worker {
  return createWorker({
    pool, mailer, clock, log, kinds,
    compose: { publicBaseUrl: config.publicBaseUrl, from: config.mailFrom },
    concurrency: config.workerConcurrency,
    pollMs: config.workerPollMs,
    leaseMs: config.workerLeaseMs,
  });
}

/**
 * `orrery worker`: the email worker (and the webhook worker), e.g. on another machine. Any number may run beside the
 * servers' own workers; the lease loop shares the queue. It needs DATABASE_URL: the embedded
 * database belongs to `orrery serve`, which runs a worker itself.
 */
export async function runWorkerProcess(config: Config, log: Logger, kinds: EmailKinds, alsoRun?: (pool: Pool) => { start(): void; stop(): Promise<void> }): Promise<void> {
  if (!config.databaseUrl) {
    throw new ConfigError('orrery worker needs DATABASE_URL (the embedded database belongs to `orrery serve`, which runs a worker itself)');
  }
  if (config.migrateOnStart) await migrate(config.databaseUrl, log);
  const pool = createPool(config.databaseUrl, Math.max(2, Math.min(config.databasePoolMax, config.workerConcurrency + 1)));
  const mailer = createMailer(config, log);
  const worker = workerFor(config, pool, log, systemClock, mailer, kinds);
  // The webhook worker (src/webhooks/), handed in by the CLI: this folder knows no feature.
  const other = alsoRun?.(pool);
  worker.start();
  other?.start();
  log.info({ module: 'mail-worker' }, 'orrery worker running');
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'worker stopping: finishing the emails in flight');
    await worker.stop();
    await other?.stop();
    mailer.close();
    await pool.end();
    log.info('worker stopped');
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
