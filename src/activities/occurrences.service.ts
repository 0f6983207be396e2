import { canSeeActivity } from '../shared/policy.ts';
import { found, NotFoundError } from '../shared/errors.ts';
import type { Pool } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { ActivityEvents } from '../shared/activity-events.ts';
import { defaultBookingOptions, type BookingOptions } from '../booking/holds.ts';
import { bookingCommands } from '../booking/commands.ts';
import { dryRun } from '../booking/dry-run.ts';
import { presentOccurrence } from '../booking/activity.present.ts';
import type { Activity } from '../booking/activity.schema.ts';
import type { Occurrence, OccurrenceUpdate, SeriesSplit } from '../booking/occurrences.schema.ts';
import { selectActivity } from '../booking/activity.queries.ts';
import { selectOccurrences } from '../booking/occurrences.queries.ts';

/** One occurrence at a time (move, cancel, restore) and "this and following": reads here, writes by booking's commands. */
export function occurrencesService(pool: Pool, events: ActivityEvents = new ActivityEvents(), booking: BookingOptions = defaultBookingOptions) {
  const commands = bookingCommands(events, booking);
  return {
    async list(actor: Actor, activityId: number): Promise<{ items: Occurrence[] }> {
      const row = found(await selectActivity(pool, activityId), 'activity', activityId);
      if (!canSeeActivity(actor, row)) throw new NotFoundError('activity', activityId);
      return { items: (await selectOccurrences(pool, activityId)).map((o) => presentOccurrence(o, row.timeZone)) };
    },

    async update(actor: Actor, activityId: number, occurrenceId: number, patch: OccurrenceUpdate): Promise<Occurrence> {
      return (await audited(pool, actor, { entity: 'occurrence', action: 'update' }, (db) => commands.moveOccurrence(db, actor, activityId, occurrenceId, patch)))!;
    },

    async split(actor: Actor, activityId: number, body: SeriesSplit): Promise<{ original: Activity; following: Activity }> {
      const result = await audited(pool, actor, { entity: 'activity', action: 'split' }, (db) => commands.split(db, actor, activityId, body));
      return result as { original: Activity; following: Activity };
    },

    /** The split as a dry run (the editor's live check of "this and following"): nothing stored. */
    async checkSplit(actor: Actor, activityId: number, body: SeriesSplit): Promise<{ original: Activity; following: Activity }> {
      return dryRun(pool, async (db) => (await commands.split(db, actor, activityId, body)).after as { original: Activity; following: Activity });
    },
  };
}
export type OccurrencesService = ReturnType<typeof occurrencesService>;
