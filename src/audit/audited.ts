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
 *
 * Given `tx`, the caller's transaction, the change and its audit row join it instead: the caller's
 * unit of work (e.g. one plan item: activity, classes, status and the plan's record of it) commits
 * or rolls back as a whole. A deferred constraint is then checked at the caller's COMMIT, or
 * earlier where the caller asks (src/db/savepoint.ts).
 */
export async function audited<T>(
  pool: Pool,
  actor: Actor,
  target: { entity: string; action: string },
  work: (db: PoolClient) => Promise<Change<T>>,
  tx?: PoolClient,
): Promise<T | undefined> {
  const change = async (db: PoolClient) => {
    const done = await work(db);
    await insertAudit(db, actor, { ...target, ...done });
    return done.after;
  };
  try {
    return await (tx ? change(tx) : withTransaction(pool, change));
  } catch (error) {
    if (target.action === 'delete' && pgCode(error) === PG.foreignKeyViolation) {
      throw new ConflictError('in_use', `This ${target.entity} is still referenced and cannot be deleted`);
    }
    return translatePgError(error);
  }
}
