import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freeLoopbackPort, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createPool, withDatabaseName, type Pool } from '../../src/db/pool.ts';
import pg from 'pg';

export interface BenchDatabase {
  url: string;
  pool: Pool;
  close(): Promise<void>;
}

/**
 * A migrated, empty database for one benchmark: a fresh embedded PostgreSQL in a temp folder, or a
 * new database on BENCH_DATABASE_URL's server when that is set.
 */
export async function benchDatabase(poolMax = 60): Promise<BenchDatabase> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    const name = `orrery_bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = withDatabaseName(external, name);
    await migrate(url);
    const pool = createPool(url, poolMax);
    return {
      url,
      pool,
      async close() {
        await pool.end();
        const c = new pg.Client({ connectionString: external });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'orrery-bench-'));
  const server = await startEmbeddedPostgres(dir, await freeLoopbackPort(), undefined, { persistent: false });
  await migrate(server.url);
  const pool = createPool(server.url, poolMax);
  return {
    url: server.url,
    pool,
    async close() {
      await pool.end();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * CPU milliseconds (user + system) a PostgreSQL backend process has used so far, from /proc: a figure
 * the machine's load does not inflate, unlike wall time. NaN when the server is not on this machine.
 * Ticks are 10 ms, so compare sums over many operations, not one.
 */
export function backendCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
  } catch {
    return Number.NaN;
  }
}

/** Percentile of a list of milliseconds. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function report(title: string, rows: Record<string, string | number>): void {
  process.stdout.write(`\n${title}\n`);
  for (const [key, value] of Object.entries(rows)) {
    process.stdout.write(`  ${key.padEnd(44)} ${typeof value === 'number' ? value.toFixed(2) : value}\n`);
  }
}
