import { freeLoopbackPort } from '../../src/db/embedded.ts';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['src/cli.ts', 'serve'], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const waitFor = async (text: string, ms = 60_000) => {
    const started = Date.now();
    while (!output.includes(text)) {
      if (Date.now() - started > ms) throw new Error(`timed out waiting for "${text}":\n${output}`);
      if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, waitFor, output: () => output };
}

describe('the orrery process', () => {
  it('refuses to start on a wrong variable and names it', async () => {
    const server = startServer({ PORT: 'eighty' });
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(1);
    expect(server.output()).toContain('PORT');
  });

  it('serves the seeded programme, and drains and exits cleanly on SIGTERM', async () => {
    const port = String(await freeLoopbackPort());
    const server = startServer({ DATABASE_URL: db.url, PORT: port });
    await server.waitFor('Orrery is listening');
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    const activities = (await (await fetch(`http://127.0.0.1:${port}/api/v1/activities`)).json()) as { items: unknown[] };
    expect(activities.items.length).toBeGreaterThan(5);

    // A request whose body is still arriving when SIGTERM lands must be finished, not dropped.
    const req = http.request({ host: '127.0.0.1', port: Number(port), method: 'POST', path: '/api/v1/auth/sign-in', agent: false, headers: { 'Content-Type': 'application/json' } });
    const response = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    req.write('{"email":');
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill('SIGTERM');
    await server.waitFor('shutting down');
    req.end('"late@example.org"}');
    expect(await response.catch((e: Error) => `${e.message}\n${server.output()}`)).toBe(202);
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });
});

/** A pid that stays a zombie for a minute: `sleep 0` exits and its parent (`sleep 60` after exec) never reaps it. */
async function zombie(): Promise<{ pid: number; parentPid: number; end(): void }> {
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const [line] = (await once(parent.stdout, 'data')) as [Buffer];
  const pid = Number(line.toString().trim());
  for (let i = 0; i < 100 && !(await readFile(`/proc/${pid}/stat`, 'utf8')).includes(') Z'); i++) await new Promise((r) => setTimeout(r, 20));
  return { pid, parentPid: parent.pid!, end: () => parent.kill('SIGKILL') };
}

/** Replaces the postmaster pid (line 1) of a pid file, as a crash leaves it when that pid is a zombie or reused. */
async function pointPidFileAt(pidFile: string, pid: number): Promise<void> {
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  lines[0] = String(pid);
  await writeFile(pidFile, lines.join('\n'));
}

describe('a restart right after a crash (kill -9 of the server and its PostgreSQL)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'orrery-crash-'));
    env = { DATABASE_URL: '', ORRERY_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freeLoopbackPort()), PORT: String(await freeLoopbackPort()) };
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const pgUrl = () => `postgres://orrery:orrery@127.0.0.1:${env.EMBEDDED_PG_PORT}/orrery`;
  async function crash(server: ReturnType<typeof startServer>): Promise<string> {
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    const postmaster = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
    server.child.kill('SIGKILL');
    process.kill(postmaster, 'SIGKILL');
    await once(server.child, 'exit');
    return pidFile;
  }
  async function upAgain(): Promise<ReturnType<typeof startServer>> {
    const server = startServer(env);
    await server.waitFor('Orrery is listening').catch(async (error: Error) => {
      server.child.kill('SIGKILL');
      throw error;
    });
    expect((await fetch(`http://127.0.0.1:${env.PORT}/readyz`)).status).toBe(200);
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    const { rows } = await client.query<{ v: string }>('SELECT v FROM crash_marker');
    await client.end();
    expect(rows).toEqual([{ v: 'written before the crash' }]);
    return server;
  }

  it('starts clean when the pid file names a dead postmaster, a zombie, or a reused pid, and keeps the data', async () => {
    const first = startServer(env);
    await first.waitFor('Orrery is listening', 120_000);
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    await client.query(`CREATE TABLE crash_marker (v text); INSERT INTO crash_marker VALUES ('written before the crash')`);
    await client.end();

    await crash(first); // the pid file now names a killed postmaster
    const second = await upAgain();

    const pidFile = await crash(second);
    const dead = await zombie(); // the postmaster not reaped yet (an init that does not reap)
    try {
      await pointPidFileAt(pidFile, dead.pid);
      const third = await upAgain();

      await crash(third);
      await pointPidFileAt(pidFile, dead.parentPid); // the pid now belongs to another program (`sleep`)
      const fourth = await upAgain();
      fourth.child.kill('SIGTERM');
      await once(fourth.child, 'exit');
    } finally {
      dead.end();
    }
  }, 240_000);
});

describe('production defaults', () => {
  const production = { NODE_ENV: 'production', ORRERY_SECRET: 'a-production-secret-of-32-characters-or-more' };
  async function startOnce(env: Record<string, string>): Promise<{ units: number; users: number; output: string }> {
    const fresh = await createTestDatabase(2);
    try {
      const server = startServer({ ...production, ...env, DATABASE_URL: fresh.url, PORT: String(await freeLoopbackPort()) });
      await server.waitFor('Orrery is listening');
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
      const { rows } = await fresh.pool.query<{ units: number; users: number }>('SELECT (SELECT count(*) FROM units)::int AS units, (SELECT count(*) FROM users)::int AS users');
      return { ...rows[0]!, output: server.output() };
    } finally {
      await fresh.drop();
    }
  }

  it('loads no demo data (and no demo admin) in production unless asked for', async () => {
    const started = await startOnce({});
    expect(started).toMatchObject({ units: 0, users: 0 });
    expect(started.output).not.toContain('demo data loaded');
  });

  it('loads the demo data in production when ORRERY_DEMO_DATA asks for it', async () => {
    const started = await startOnce({ ORRERY_DEMO_DATA: 'auto' });
    expect(started.units).toBeGreaterThan(0);
    expect(started.users).toBeGreaterThan(0);
  });

  it('logs JSON lines in production and whenever stdout is not a terminal', async () => {
    const { output } = await startOnce({});
    const lines = output.split('\n').filter((l) => l.includes('Orrery is listening'));
    expect(lines.length).toBe(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'Orrery is listening', level: 30 });
  });
});
