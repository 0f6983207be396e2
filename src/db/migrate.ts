import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import type { Logger } from '../shared/logger.ts';
import type { Queryable } from './pool.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
export const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * Applies pending `migrations/NNNN_name.sql` files, each in its own transaction, recorded in
 * `schema_migrations`. node-pg-migrate takes an advisory lock; `wait` makes a second instance
 * starting at the same moment queue behind the first instead of failing.
 */
export async function migrate(databaseUrl: string, log?: Logger): Promise<string[]> {
  // Our own connection, ended before this returns: node-pg-migrate ends its own without waiting and
  // without an error listener, so a server stopping (or a database dropped) just after migrating
  // would surface as an uncaught "terminating connection" error.
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', (error) => log?.warn({ module: 'migrate', err: error }, 'migration connection lost'));
  await client.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: MIGRATIONS_TABLE,
      checkOrder: true,
      advisoryLockMode: 'wait',
      // Dotfiles and migrations/schema.sql (the committed dump, npm run schema:dump) are no migrations.
      ignorePattern: '(\\..*|schema\\.sql)',
      log: (message: string) => log?.debug({ module: 'migrate' }, message),
    });
    const names = applied.map((m) => m.name);
    if (names.length > 0) log?.info({ module: 'migrate', applied: names }, 'migrations applied');
    return names;
  } finally {
    await client.end();
  }
}

/** Names of migration files that exist on disk, in order. */
export async function migrationFiles(): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d+_.*\.sql$/.test(f)).sort().map((f) => f.replace(/\.sql$/, ''));
}

/** Migration files not yet recorded as applied; rejects when the database does not answer. */
export async function pendingMigrations(pool: Queryable): Promise<{ expected: string[]; pending: string[] }> {
  const expected = await migrationFiles();
  const { rows } = await pool.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`);
  const applied = new Set(rows.map((row) => row.name));
  return { expected, pending: expected.filter((name) => !applied.has(name)) };
}
