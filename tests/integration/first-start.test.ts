import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../src/db/embedded.ts';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

/**
 * A newcomer as root in a private home (root's home is 0700; containers run as root): a fresh
 * clone inside a 0700 folder, which the `postgres` user PostgreSQL runs as cannot enter.
 * node_modules is hard-linked from this checkout instead of installed (same files, and so inside
 * the private folder too); `cp -a` where hard links cannot cross file systems.
 */
describe.skipIf(!isRoot)('first start as root from a fresh clone in a private (0700) folder', () => {
  let parent: string;
  let clone: string;
  beforeAll(async () => {
    parent = await mkdtemp(path.join(os.tmpdir(), 'orrery-private-')); // mode 0700, like /root
    clone = path.join(parent, 'orrery');
    await run('git', ['clone', '-q', process.cwd(), clone]);
    await run('cp', ['-al', 'node_modules', path.join(clone, 'node_modules')]).catch(() => run('cp', ['-a', 'node_modules', path.join(clone, 'node_modules')]));
  }, 120_000);
  afterAll(async () => {
    // The database of a data folder postgres cannot enter lives in a shared folder; it goes too.
    const cluster = await readlink(path.join(clone, '.orrery', 'pg')).catch(() => undefined);
    if (cluster) await rm(cluster, { recursive: true, force: true });
    await rm(parent, { recursive: true, force: true });
  });

  it('npm start serves /readyz and says in one line where PostgreSQL runs from', async () => {
    const port = await freeLoopbackPort();
    const child = spawn('npm', ['start'], {
      cwd: clone,
      detached: true, // its own process group: npm, its shell and the server stop together
      env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'development', LOG_LEVEL: 'info', PORT: String(port), EMBEDDED_PG_PORT: String(await freeLoopbackPort()), ORRERY_DATA_DIR: path.join(clone, '.orrery') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      let status = 0;
      for (let i = 0; i < 360 && status !== 200 && child.exitCode === null; i++) {
        status = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status, () => 0);
        if (status !== 200) await new Promise((r) => setTimeout(r, 500));
      }
      expect(status, output).toBe(200);
      expect(output).toContain('running PostgreSQL from a root-owned copy');
      expect(output).not.toMatch(/EACCES|\n\s+at /);
    } finally {
      if (child.exitCode === null) {
        process.kill(-child.pid!, 'SIGTERM');
        await once(child, 'exit');
      }
    }
  }, 240_000);

  it('the test suite’s embedded PostgreSQL (data in a 0700 temp folder) starts from there too', async () => {
    const script = `
      import { mkdtemp, rm } from 'node:fs/promises';
      import os from 'node:os';
      import path from 'node:path';
      import pg from 'pg';
      import { freeLoopbackPort, startEmbeddedPostgres } from './src/db/embedded.ts';
      const dir = await mkdtemp(path.join(os.tmpdir(), 'orrery-test-'));
      const server = await startEmbeddedPostgres(dir, await freeLoopbackPort(), undefined, { persistent: false });
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      process.stdout.write((await client.query('SELECT 41 + 1 AS answer')).rows[0].answer + '\\n');
      await client.end();
      await server.stop();
      await rm(dir, { recursive: true, force: true });`;
    const { stdout } = await run(path.join(clone, 'node_modules', '.bin', 'node'), ['--input-type=module', '-e', script], { cwd: clone, timeout: 120_000 });
    expect(stdout.trim()).toBe('42');
  }, 180_000);
});
