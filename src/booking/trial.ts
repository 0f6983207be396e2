import type { Pool, PoolClient } from '../db/pool.ts';
import { systemActor } from '../shared/actor.ts';
import { ActivityEvents } from '../shared/activity-events.ts';
import type { ActivityCreate } from './activity.schema.ts';
import { checkDeferredNow, insertTrialClasses } from './activity.queries.ts';
import { activityCommands } from './activity.commands.ts';
import { dryRun } from './dry-run.ts';
import type { BookingOptions } from './holds.ts';

/** What a trial writes: an activity as `create` takes it, and the classes it is for. */
export type TrialItem = ActivityCreate & { classIds: number[] };

/**
 * Trial writes for dry runs that ask "would booking accept these?" of many items at once (the plan
 * re-check): inside one transaction that is always rolled back, each item is created by the same
 * command as POST /activities — the claims, the venue claim, the approval rule, the status machine
 * and the conflict and calendar checks — and the deferred exclusion constraints (resources, classes)
 * are checked at once. Items that pass stay written, so later ones are checked against them; an
 * item that fails is undone alone and its error returned. No listener hears of a trial.
 */
export function trialCommands(booking: BookingOptions) {
  const create = activityCommands(new ActivityEvents(), booking).create;

  /** One item in the trial transaction `db`: undefined when booking accepts it, else the error it refused it with. */
  async function trialWrite(db: PoolClient, item: TrialItem): Promise<unknown> {
    const { classIds, ...input } = item;
    await db.query('SAVEPOINT trial_item');
    try {
      const { entityId } = await create(db, systemActor, input);
      await insertTrialClasses(db, entityId, classIds);
      await checkDeferredNow(db);
      await db.query('RELEASE SAVEPOINT trial_item');
      return undefined;
    } catch (error) {
      await db.query('ROLLBACK TO SAVEPOINT trial_item');
      return error;
    }
  }

  /** Writes every item on trial and rolls it all back; answers each item's refusal (undefined: accepted). */
  function trialRun<T>(pool: Pool, items: T[], asTrial: (item: T) => TrialItem | undefined): Promise<unknown[]> {
    return dryRun(pool, async (db) => {
      const refusals: unknown[] = [];
      for (const item of items) {
        const trial = asTrial(item);
        refusals.push(trial && (await trialWrite(db, trial)));
      }
      return refusals;
    });
  }

  return { trialWrite, trialRun };
}
