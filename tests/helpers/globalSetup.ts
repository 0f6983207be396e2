import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { freeLoopbackPort, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { migrate } from '../../src/db/migrate.ts';
import { withDatabaseName } from '../../src/db/pool.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection URL of a database on the test server with rights to CREATE DATABASE. */
    adminUrl: string;
    /** Migrated database each test file clones. */
    templateDb: string;
    /** 'embedded' or 'external', for the report. */
    databaseKind: string;
  }
}



/**
 * Starts one PostgreSQL for the run (embedded by default; TEST_DATABASE_URL or DATABASE_URL
 * for an external server), migrates a template database once, and hands its name to the test
 * files, which each clone it (tests/helpers/db.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  let adminUrl: string;
  let stopServer = async () => {};
  if (external) {
    adminUrl = external;
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orrery-test-'));
    const server = await startEmbeddedPostgres(dir, await freeLoopbackPort(), undefined, { persistent: false });
    adminUrl = withDatabaseName(server.url, 'postgres');
    stopServer = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }

  const templateDb = `orrery_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${templateDb}`);
  await admin.end();
  await migrate(withDatabaseName(adminUrl, templateDb));

  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('databaseKind', external ? 'external' : 'embedded');
  process.stdout.write(`orrery tests: ${external ? 'external' : 'embedded'} PostgreSQL, template ${templateDb}\n`);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${templateDb}`);
    await client.end();
    await stopServer();
  };
}
