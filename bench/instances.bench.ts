import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { freeLoopbackPort } from '../src/db/embedded.ts';
import { benchDatabase } from './lib/db.ts';

/**
 * Sizing figures for docs/operations.md: one `orrery serve` process (a real child process, demo data
 * loaded) under a closed loop of 8 keep-alive clients, 5 s per path. Prints requests/s per path and its
 * ratio to /healthz (no database, no rate limit), the baseline of the same run — /api/v1/auth/me
 * unauthenticated is the rate limit's own cost (one upsert) — the process's resident memory and its database connections.
 */
const CLIENTS = 8;
const SECONDS = 5;

async function load(url: string): Promise<{ rps: number; p50: number; p99: number; statuses: Record<string, number> }> {
  const worker = new Worker(new URL('./lib/load-worker.ts', import.meta.url), { workerData: { url, headers: {}, clients: CLIENTS, seconds: SECONDS } });
  const [result] = (await once(worker, 'message')) as [{ requests: number; seconds: number; statuses: Record<string, number>; latencies: number[] }];
  const sorted = result.latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))]! * 10) / 10;
  return { rps: Math.round(result.requests / result.seconds), p50: at(0.5), p99: at(0.99), statuses: result.statuses };
}

const db = await benchDatabase(5);
const port = await freeLoopbackPort();
const child = spawn(process.execPath, ['src/cli.ts', 'serve'], {
  env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ORRERY_DEMO_DATA: 'auto', RATE_LIMIT_PER_MINUTE: '100000000', WORKER_IN_SERVER: 'true' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
try {
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600 && !(await fetch(`${base}/readyz`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
  const rss = async () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024);
  const idleMb = await rss();
  const health = await load(`${base}/healthz`);
  const api = await load(`${base}/api/v1/activities?limit=20`);
  const limited = await load(`${base}/api/v1/auth/me`);
  const programme = await load(`${base}/api/v1/programme?from=2026-09-01T00:00:00Z&to=2027-08-31T00:00:00Z`);
  const loadedMb = await rss();
  const { rows } = await db.pool.query<{ app: string; n: number }>(
    `SELECT application_name AS app, count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 1`);
  console.log(`one serve process, ${CLIENTS} clients, ${SECONDS} s each`);
  console.log(`  /healthz (baseline, no database): ${health.rps} req/s, p50 ${health.p50} ms, p99 ${health.p99} ms`);
  console.log(`  GET /api/v1/activities?limit=20: ${api.rps} req/s, p50 ${api.p50} ms, p99 ${api.p99} ms, ratio to baseline ${(api.rps / health.rps).toFixed(2)} ${JSON.stringify(api.statuses)}`);
  console.log(`  GET /api/v1/auth/me (rate limit counted in PostgreSQL, then 401): ${limited.rps} req/s, p50 ${limited.p50} ms, ratio to baseline ${(limited.rps / health.rps).toFixed(2)} ${JSON.stringify(limited.statuses)}`);
  console.log(`  GET /api/v1/programme (a school year): ${programme.rps} req/s, p50 ${programme.p50} ms, p99 ${programme.p99} ms, ratio to baseline ${(programme.rps / health.rps).toFixed(2)} ${JSON.stringify(programme.statuses)}`);
  console.log(`  resident memory: ${idleMb} MB idle, ${loadedMb} MB after the load`);
  console.log(`  database connections: ${rows.map((r) => `${r.n} ${r.app || '(none)'}`).join(', ')}`);
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
  await db.close();
}
