import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { migrate, migrationFiles } from '../../src/db/migrate.ts';
import { freeLoopbackPort, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { withDatabaseName } from '../../src/db/pool.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe('migrations', () => {
  let empty: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    const name = `orrery_m_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: inject('adminUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    empty = {
      url: withDatabaseName(inject('adminUrl'), name),
      drop: async () => {
        const c = new pg.Client({ connectionString: inject('adminUrl') });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  });
  afterAll(() => empty.drop());

  it('applies every file once even when two instances start at the same moment', async () => {
    const [a, b] = await Promise.all([migrate(empty.url), migrate(empty.url)]);
    const files = await migrationFiles();
    expect([...a, ...b].sort()).toEqual(files.sort());
    const client = new pg.Client({ connectionString: empty.url });
    await client.connect();
    const { rows } = await client.query('SELECT name FROM schema_migrations ORDER BY id');
    await client.end();
    expect(rows.map((r) => r.name)).toEqual(files);
    expect(await migrate(empty.url)).toEqual([]);
  });

  it('has closed its connection when it returns (a database dropped or a server stopped right after is no uncaught error)', async () => {
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const before = sockets();
    await migrate(empty.url);
    expect(sockets()).toBe(before);
  });
});

describe('database features later work relies on', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('has btree_gist exclusion constraints, SKIP LOCKED, advisory locks and LISTEN/NOTIFY across connections', async () => {
    await db.pool.query(`CREATE TEMP TABLE IF NOT EXISTS probe (r int, p tstzrange, EXCLUDE USING gist (r WITH =, p WITH &&))`);
    const a = await db.pool.connect();
    const b = await db.pool.connect();
    try {
      await a.query(`CREATE TEMP TABLE x (r int, p tstzrange, EXCLUDE USING gist (r WITH =, p WITH &&))`);
      await a.query(`INSERT INTO x VALUES (1, tstzrange('2027-01-01', '2027-01-02'))`);
      await expect(a.query(`INSERT INTO x VALUES (1, tstzrange('2027-01-01 12:00', '2027-01-03'))`)).rejects.toMatchObject({ code: '23P01' });

      await a.query('BEGIN');
      await a.query('SELECT id FROM units ORDER BY id FOR UPDATE SKIP LOCKED');
      await a.query('SELECT pg_advisory_xact_lock(42)');
      const tried = await b.query<{ got: boolean }>('SELECT pg_try_advisory_lock(42) AS got');
      expect(tried.rows[0]!.got).toBe(false);
      await a.query('COMMIT');

      await b.query('LISTEN orrery_probe');
      const heard = new Promise<string>((resolve) => b.once('notification', (n) => resolve(n.payload ?? '')));
      await a.query(`SELECT pg_notify('orrery_probe', 'hello')`);
      expect(await heard).toBe('hello');
    } finally {
      a.release();
      b.release();
    }
  });
});

describe('embedded PostgreSQL', () => {
  it('leaves the process exit code alone (a failing test run must not exit 0)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orrery-exitcode-'));
    const script = `
      import { startEmbeddedPostgres } from ${JSON.stringify(path.resolve('src/db/embedded.ts'))};
      const db = await startEmbeddedPostgres(${JSON.stringify(dir)}, ${await freeLoopbackPort()}, undefined, { persistent: false });
      await db.stop();
      process.exitCode = 3;`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const [code] = await once(child, 'exit');
    await rm(dir, { recursive: true, force: true });
    expect(code).toBe(3);
  });

  it('shares a server already running on the same data folder (a CLI command beside npm start)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orrery-shared-'));
    const port = await freeLoopbackPort();
    try {
      const server = await startEmbeddedPostgres(dir, port);
      const cli = await startEmbeddedPostgres(dir, port + 1);
      expect(cli.url).toBe(server.url);
      const client = new pg.Client({ connectionString: cli.url });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();
      await cli.stop();
      const still = new pg.Client({ connectionString: server.url });
      await still.connect();
      await still.end();
      await server.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps its data across a restart', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orrery-embedded-'));
    const port = await freeLoopbackPort();
    try {
      const first = await startEmbeddedPostgres(dir, port);
      const c1 = new pg.Client({ connectionString: first.url });
      await c1.connect();
      await c1.query('CREATE TABLE kept (v text)');
      await c1.query(`INSERT INTO kept VALUES ('still here')`);
      await c1.end();
      await first.stop();

      const second = await startEmbeddedPostgres(dir, port);
      const c2 = new pg.Client({ connectionString: second.url });
      await c2.connect();
      const { rows } = await c2.query('SELECT v FROM kept');
      await c2.end();
      await second.stop();
      expect(rows).toEqual([{ v: 'still here' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
