import { withTransaction, type Pool, type PoolClient } from './pool.ts';

/**
 * Runs many service calls in ONE transaction, unchanged: `work` gets a Pool stand-in whose clients
 * are all the same connection, on which each service's own BEGIN / COMMIT / ROLLBACK become
 * SAVEPOINT / RELEASE / ROLLBACK TO. A call that fails (a booking conflict, a bad reference) undoes
 * only its own writes, so the next row still runs and every problem can be reported; the outer
 * transaction then commits when `keep(result)` says so and rolls back otherwise (a dry run, or any
 * row with a problem: all or nothing). Services must not hold two clients at once (none does).
 */
export function inOneTransaction<T>(pool: Pool, work: (scoped: Pool) => Promise<T>, keep: (result: T) => boolean): Promise<T> {
  return withTransaction(pool, (client) => work(scopedPool(client)), keep);
}

function scopedPool(client: PoolClient): Pool {
  const open: string[] = [];
  let next = 0;
  const query = (text: unknown, ...rest: unknown[]): unknown => {
    if (text === 'BEGIN') {
      open.push(`nested_${next++}`);
      return client.query(`SAVEPOINT ${open.at(-1)!}`);
    }
    if (text === 'COMMIT' || text === 'ROLLBACK') {
      const name = open.pop();
      if (name === undefined) throw new Error(`${text} without BEGIN on a scoped pool`);
      return text === 'COMMIT' ? client.query(`RELEASE SAVEPOINT ${name}`) : client.query(`ROLLBACK TO SAVEPOINT ${name}`).then(() => client.query(`RELEASE SAVEPOINT ${name}`));
    }
    return (client.query as (...args: unknown[]) => unknown)(text, ...rest);
  };
  const scopedClient = { query, release: () => undefined } as unknown as PoolClient;
  // No `emit`: a savepoint released is not a commit, so withTransaction announces nothing here (pool.ts).
  return { query, connect: async () => scopedClient } as unknown as Pool;
}
