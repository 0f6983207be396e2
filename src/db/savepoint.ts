import type { PoolClient } from './pool.ts';
import { translatePgError } from './pgErrors.ts';

/**
 * Runs `work` as one step of the caller's transaction `tx` (a plan item's booking): on an error only
 * the step's writes are undone and the transaction goes on, so the caller can record why. Deferred
 * constraints (the booking and class exclusion constraints) are checked before the step is
 * released, so their violation is the step's own 4xx error rather than a failed COMMIT of the whole
 * transaction; they stay checked at once for the rest of `tx` (stricter, never looser). The step may
 * not open a transaction of its own, and steps do not nest (one savepoint name).
 */
export async function inSavepoint<T>(tx: PoolClient, work: () => Promise<T>): Promise<T> {
  await tx.query('SAVEPOINT step');
  try {
    const result = await work();
    await tx.query('SET CONSTRAINTS ALL IMMEDIATE').catch(translatePgError);
    await tx.query('RELEASE SAVEPOINT step');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT step');
    throw error;
  }
}
