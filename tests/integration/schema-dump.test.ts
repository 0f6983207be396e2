import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpSchema, normaliseDump, SCHEMA_FILE } from '../../scripts/schema-dump.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe('migrations/schema.sql', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(1);
  });
  afterAll(() => db.drop());

  it('is the schema of a freshly migrated database', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const migrated = await dumpSchema(db.url);
    expect(migrated === committed, 'migrations/schema.sql is stale: run npm run schema:dump and commit it').toBe(true);
  }, 60_000);

  it('leaves out version comments and restrict keys (the normalisation itself)', () => {
    const dump = '--\n-- Dumped from database version 15.20\n-- Dumped by pg_dump version 15.20\n\\restrict abc\nCREATE TABLE t ();\n\\unrestrict abc\n';
    expect(normaliseDump(dump)).toBe('--\nCREATE TABLE t ();\n');
  });
});
