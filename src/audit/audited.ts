import { withTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import { PG, pgCode, translatePgError } from '../db/pgErrors.ts';
import { ConflictError } from '../shared/errors.ts';
import { insertAudit } from './audit.queries.ts';

interface Change<T> {
  before?: T | undefined;
  after?: T | undefined;
  entityId: number;
  reason?: string | null;
}

/**
 * Runs one change and its audit row in one transaction, so a failure half-way leaves the
 * database as it was. Constraint violations become 4xx errors.
 */
export async function audited<T>(
  pool: Pool,
  actor: Actor,
  target: { entity: string; action: string },
  work: (db: PoolClient) => Promise<Change<T>>,
): Promise<T | undefined> {
  try {
    return await withTransaction(pool, async (db) => {
      const change = await work(db);
      await insertAudit(db, actor, { ...target, ...change });
      return change.after;
    });
  } catch (error) {
    if (target.action === 'delete' && pgCode(error) === PG.foreignKeyViolation) {
      throw new ConflictError('in_use', `This ${target.entity} is still referenced and cannot be deleted`);
    }
    return translatePgError(error);
  }
}
