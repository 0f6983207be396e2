import { once } from 'node:events';
import type { Server } from 'node:http';
import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { trackRequests } from './http/drain.ts';
import { createPool, onCommit, type Pool } from './db/pool.ts';
import { migrate } from './db/migrate.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts';
import { systemClock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';
import { StartupError } from './shared/startup-error.ts';
import { seedDemo, hasAnyUnit } from './seed/demo.ts';
import { seedDemoLife } from './seed/demo-life.ts';
import { ActivityEvents } from './shared/activity-events.ts';
import { startBackground } from './background.ts';
import { processOwner } from './jobs/periodic.ts';
import { startInstanceHeartbeat } from './jobs/instances.ts';
import { createMailer } from './notifications/transport.ts';
import { signInMailer } from './auth/sign-in.email.ts';
import { workerFor } from './notifications/worker.main.ts';
import { emailKindsFor } from './emails.ts';
import { endpointSenders } from './webhook-senders.ts';
import { webhookWorkerFor } from './webhooks/worker.main.ts';
import { feedChangeListener } from './feeds/changes.ts';

export interface Database {
  url: string;
  embedded: EmbeddedDatabase | undefined;
}

/** Uses DATABASE_URL when set, otherwise starts the embedded PostgreSQL in the data folder. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: undefined };
  const started = Date.now();
  const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, log);
  log.info({ module: 'db', ms: Date.now() - started, dataDir: config.dataDir, port: config.embeddedPgPort }, 'embedded PostgreSQL started');
  return { url: embedded.url, embedded };
}

/** Loads the demo programme when asked to; true when it did (its living term follows, see below). */
async function maybeSeed(config: Config, pool: Pool, log: Logger): Promise<boolean> {
  if (config.demoData === 'never') return false;
  if (config.demoData === 'auto' && (await hasAnyUnit(pool))) return false;
  const summary = await seedDemo(pool, systemClock);
  log.info({ module: 'seed', ...summary }, 'demo data loaded');
  return true;
}

/**
 * The demo's living term (src/seed/demo-life.ts: the planner's plan, registrations, attendance,
 * loans) is told after the server listens, so a first start is ready as fast as before; the programme
 * fills in over the next seconds. A stop asks it to end after its current step.
 */
function tellDemoTerm(config: Config, pool: Pool, log: Logger): { stop(): Promise<void> } {
  const abort = new AbortController();
  const started = Date.now();
  const told = seedDemoLife({ pool, clock: systemClock, config, log, signal: abort.signal })
    .then((summary) => log.info({ module: 'seed', ms: Date.now() - started, ...summary }, abort.signal.aborted ? 'demo term stopped part-way' : 'demo term loaded'))
    .catch((error: unknown) => log.warn({ module: 'seed', err: error }, 'demo term not loaded'));
  return { stop: async () => { abort.abort(); await told; } };
}

/** The composition root: config → database → migrations → app → listen, and a graceful SIGTERM. */
export async function serve(config: Config, log: Logger): Promise<void> {
  const db = await openDatabase(config, log);
  try {
    await serveOn(db, config, log);
  } catch (error) {
    // A start that fails (port in use, a failed migration) must not leave the embedded server behind.
    await db.embedded?.stop().catch(() => undefined);
    throw error;
  }
}

async function serveOn(db: Database, config: Config, log: Logger): Promise<void> {
  if (config.migrateOnStart) await migrate(db.url, log);
  const pool = createPool(db.url, config.databasePoolMax);
  const seeded = await maybeSeed(config, pool, log);

  const mailer = createMailer(config, log);
  const events = new ActivityEvents();
  // One LISTEN connection per process, opened on the first feed poll (src/feeds/changes.ts).
  const feedChanges = config.feedListen ? feedChangeListener(config.feedListenUrl ?? db.url, log, { maxAgeMs: config.feedFenceMaxAgeMs }) : undefined;
  // A write through this process is seen by its next feed poll at once (other processes': within FEED_FENCE_MAX_AGE_MS).
  if (feedChanges) onCommit(pool, () => feedChanges.expire());
  const owner = processOwner();
  // Counts the serve processes sharing the read limits (src/jobs/instances.ts).
  const instances = await startInstanceHeartbeat(pool, owner, log);
  const app = buildApp({ config, pool, log, clock: systemClock, events, owner, instances: instances.live, signInMailer: signInMailer(mailer, config.mailFrom, log), feedChanges });
  const worker = config.workerInServer ? workerFor(config, pool, log, systemClock, mailer, emailKindsFor(config)) : undefined;
  const webhookWorker = config.workerInServer ? webhookWorkerFor(config, pool, log, systemClock, endpointSenders()) : undefined;
  const server: Server = app.listen(config.port, config.host);
  const requests = trackRequests(server);
  await once(server, 'listening').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
    throw new StartupError(`Orrery cannot listen on ${config.host}:${config.port} (${error.code === 'EADDRINUSE' ? 'in use by another program' : 'not allowed'}): set PORT to a free port, or stop the other program.`);
  });
  log.info({ url: `http://${config.host}:${config.port}`, publicBaseUrl: config.publicBaseUrl }, 'Orrery is listening');
  worker?.start();
  webhookWorker?.start();
  const demoTerm = seeded ? tellDemoTerm(config, pool, log) : undefined;
  // Hold sweep, retention, lost plan jobs: once across all serve processes, not once per process.
  const background = startBackground({ config, pool, log, clock: systemClock, events, owner });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    const drained = await requests.drain(config.shutdownTimeoutMs);
    if (!drained) log.warn({ timeoutMs: config.shutdownTimeoutMs }, 'requests still running at the deadline were cut off');
    await demoTerm?.stop();
    await worker?.stop();
    await webhookWorker?.stop();
    await background.stop();
    await instances.stop();
    mailer.close();
    await feedChanges?.close();
    await pool.end();
    await db.embedded?.stop();
    log.info('stopped');
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
