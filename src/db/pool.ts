import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that can run a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

// bigint ids and counts come back as strings by default; our ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
// `date` stays a plain 'YYYY-MM-DD' string: a JS Date would pick up the server's TZ.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** The same server's URL with another database name (test and benchmark databases). */
export function withDatabaseName(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function createPool(connectionString: string, max: number): Pool {
  // Sessions run in UTC so timestamps serialise the same whatever the server's default zone is.
  const pool = new pg.Pool({ connectionString, max, application_name: 'orrery', options: '-c TimeZone=UTC' });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

const COMMITTED = 'orrery:committed';

/**
 * Calls `handler` after each transaction withTransaction commits on this pool: the feed change
 * listener (main.ts) then asks for a fresh fence, so a poll after a write through this process sees it at once.
 */
export function onCommit(pool: Pool, handler: () => void): void {
  (pool as unknown as NodeJS.EventEmitter).on(COMMITTED, handler);
}

/** Runs `work` in one transaction: commit on success (unless `keep` says otherwise: a dry run), roll back on any error. */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, keep: (result: T) => boolean = () => true): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    const commit = keep(result);
    await client.query(commit ? 'COMMIT' : 'ROLLBACK');
    // Only a real pool emits: a stand-in (db/one-transaction.ts's scoped pool) has no events, and its
    // COMMIT is a savepoint's release; the outer transaction's commit on the real pool is the one heard.
    if (commit && typeof (pool as { emit?: unknown }).emit === 'function') pool.emit(COMMITTED);
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
