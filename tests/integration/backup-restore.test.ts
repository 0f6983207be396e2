import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { authService } from '../../src/auth/auth.service.ts';
import { parseConfig } from '../../src/config.ts';
import { withDatabaseName } from '../../src/db/pool.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { startOrrery, type OrreryProcess } from '../helpers/processes.ts';

/**
 * docs/operations.md "Backups and restore", done as written: pg_dump -Fc of a live database,
 * pg_restore --no-owner --no-acl into a fresh database, and `orrery serve` started on the copy.
 * pg_dump/pg_restore 15 are Debian's postgresql-client-15 (scripts/system-packages.txt).
 */
const run = promisify(execFile);
const restoredName = `orrery_restored_${process.pid}_${Date.now().toString(36)}`;
let source: TestDatabase;
let dir: string;
let server: OrreryProcess | undefined;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('adminUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  [source, dir] = await Promise.all([createTestDatabase(2), mkdtemp(path.join(os.tmpdir(), 'orrery-backup-'))]);
});
afterAll(async () => {
  await server?.stop();
  await admin(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
  await source.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('a backup restored into a fresh database', () => {
  it('starts the service with the same data, accounts and id sequences', async () => {
    const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: source.url });
    const { apiToken } = await authService(source.pool, systemClock, config, async () => undefined)
      .bootstrapUser({ email: 'backup-admin@example.org', name: 'Backup admin', unitId: null, role: 'admin' });
    await source.pool.query(`INSERT INTO units (slug, kind, name_zh, name_en) VALUES ('kept', 'academy_unit', '保留', 'Kept')`);

    const file = path.join(dir, 'orrery.dump');
    await run('/usr/bin/pg_dump', ['--format=custom', `--file=${file}`, source.url]);
    await admin(`CREATE DATABASE ${restoredName}`);
    const restoredUrl = withDatabaseName(inject('adminUrl'), restoredName);
    await run('/usr/bin/pg_restore', ['--no-owner', '--no-acl', '--exit-on-error', `--dbname=${restoredUrl}`, file]);

    server = await startOrrery('serve', { DATABASE_URL: restoredUrl, ORRERY_DEMO_DATA: 'never', WORKER_IN_SERVER: 'false', ORRERY_DATA_DIR: dir, ORRERY_SECRET: 'backup-secret-backup-secret-0123456789' });
    await server.waitFor('Orrery is listening');
    // Every migration was restored as applied: start-up had nothing to do.
    expect(server.output()).not.toContain('migrations applied');
    const headers = { Authorization: `Bearer ${apiToken.token}`, 'Content-Type': 'application/json' };
    const units = (await (await fetch(`${server.url}/api/v1/units`, { headers })).json()) as { items: { slug: string }[] };
    expect(units.items.map((u) => u.slug)).toContain('kept');
    const created = await fetch(`${server.url}/api/v1/units`, { method: 'POST', headers, body: JSON.stringify({ slug: 'after-restore', kind: 'school', name: { 'zh-CN': '恢复后', en: 'After restore' } }) });
    expect(created.status).toBe(201);
  });
});
