import { withTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { translatePgError } from '../db/pgErrors.ts';

/** Carries a dry run's result out of the transaction it rolls back. */
class DryRun<T> extends Error {
  readonly result: T;
  constructor(result: T) {
    super('dry run');
    this.result = result;
  }
}

/**
 * Runs a change with every check it makes (locks, conflicts, calendar blocks, limits) and rolls it
 * back: the editor's live check asks exactly what the real request would answer, and stores nothing.
 */
export async function dryRun<T>(pool: Pool, work: (db: PoolClient) => Promise<T>): Promise<T> {
  try {
    await withTransaction(pool, async (db) => {
      throw new DryRun(await work(db));
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result as T;
    return translatePgError(error);
  }
  throw new Error('unreachable: a dry run always rolls back');
}
