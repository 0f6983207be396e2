import { spawn } from 'node:child_process';
import { mkdtemp, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from '../src/db/embedded.ts';

/**
 * A newcomer's first start (issue 25, "a living demo"): `orrery serve` on a fresh data folder with
 * the embedded PostgreSQL, as `npm start` runs it. Prints the time to /readyz without demo data (the
 * baseline of the same run: PostgreSQL's initdb, migrations, listen) and with it, their ratio, and when
 * the living term (src/seed/demo-life.ts, told after listening) is loaded. The load average is printed
 * beside: on a shared 2-core machine the figures move with it.
 */
interface Start { readyMs: number; termMs: number | null }

async function firstStart(demo: 'never' | 'auto'): Promise<Start> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'orrery-bench-start-'));
  const port = await freeLoopbackPort();
  const started = performance.now();
  const child = spawn(process.execPath, ['src/cli.ts', 'serve'], {
    env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'development', LOG_LEVEL: 'info', LOG_FORMAT: 'json', PORT: String(port), HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(await freeLoopbackPort()), ORRERY_DATA_DIR: dir, ORRERY_DEMO_DATA: demo },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  let termMs: number | null = null;
  let resolveTerm = () => {};
  const term = new Promise<void>((r) => (resolveTerm = r));
  child.stdout.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('"demo term loaded"')) {
      termMs = performance.now() - started;
      resolveTerm();
    }
  });
  try {
    let ready = false;
    for (let i = 0; i < 1800 && !ready; i++) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    const readyMs = performance.now() - started;
    if (demo === 'auto') await Promise.race([term, new Promise((r) => setTimeout(r, 180_000))]);
    return { readyMs, termMs };
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const cluster = await readlink(path.join(dir, 'pg')).catch(() => undefined);
    if (cluster) await rm(cluster, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }
}

const s = (ms: number | null) => (ms === null ? 'not seen' : `${(ms / 1000).toFixed(1)} s`);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');
const without = await firstStart('never');
const withDemo = await firstStart('auto');
console.log(`first start on a fresh data folder (embedded PostgreSQL), load average ${load()}`);
console.log(`  ready without demo data (baseline): ${s(without.readyMs)}`);
console.log(`  ready with demo data: ${s(withDemo.readyMs)}, ratio to baseline ${(withDemo.readyMs / without.readyMs).toFixed(2)}`);
console.log(`  living demo term loaded (after listening): ${s(withDemo.termMs)} from start`);
