import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { migrate } from '../src/db/migrate.ts';
import { freeLoopbackPort, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { withDatabaseName } from '../src/db/pool.ts';

/**
 * `npm run schema:dump`: migrations/schema.sql is the schema a fresh database has after every
 * migration, so a reviewer sees the resulting tables, constraints and triggers in one file.
 * tests/integration/schema-dump.test.ts dumps a freshly migrated database the same way and compares.
 */
export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations/schema.sql');
/** pg_dump 15 (Debian postgresql-client-15, scripts/system-packages.txt); the server is 15 too. */
const PG_DUMP = '/usr/bin/pg_dump';

/** Drops what differs between machines and runs: version comments and psql's per-dump \restrict keys. */
export function normaliseDump(dump: string): string {
  return `${dump
    .split('\n')
    .filter((line) => !/^-- Dumped (from database|by pg_dump) version/.test(line) && !/^\\(un)?restrict /.test(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

export async function dumpSchema(databaseUrl: string): Promise<string> {
  const { stdout } = await promisify(execFile)(PG_DUMP, ['--schema-only', '--no-owner', '--no-privileges', '--dbname', databaseUrl], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return normaliseDump(stdout);
}

async function withServer<T>(work: (adminUrl: string) => Promise<T>): Promise<T> {
  const external = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (external) return work(external);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'orrery-schema-'));
  const server = await startEmbeddedPostgres(dir, await freeLoopbackPort(), undefined, { persistent: false });
  try {
    return await work(withDatabaseName(server.url, 'postgres'));
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await withServer(async (adminUrl) => {
    const name = `orrery_schema_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      await migrate(withDatabaseName(adminUrl, name));
      await writeFile(SCHEMA_FILE, await dumpSchema(withDatabaseName(adminUrl, name)));
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });
  process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
