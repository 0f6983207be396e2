import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { EndpointSenders } from './senders.ts';
import { createWebhookWorker, type WebhookWorker, type WebhookWorkerDeps } from './worker.ts';

/** The webhook worker wired from configuration; `serve` (WORKER_IN_SERVER) and `orrery worker` both run one beside the email worker. */
export function webhookWorkerFor(config: Config, pool: Pool, log: Logger, clock: Clock, senders: EndpointSenders, onDisabled?: WebhookWorkerDeps['onDisabled']): WebhookWorker {
  return createWebhookWorker({
    pool, clock, log, senders,
    policy: { allowPrivate: config.webhookAllowPrivate },
    concurrency: config.workerConcurrency,
    pollMs: config.workerPollMs,
    leaseMs: config.workerLeaseMs,
    ...(onDisabled ? { onDisabled } : {}),
  });
}
