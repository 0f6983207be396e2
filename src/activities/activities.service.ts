import type { Pool, PoolClient } from '../db/pool.ts';
import type { Claim, ClaimInput, ClaimUpdate } from '../booking/claims.schema.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { defaultBookingOptions, type BookingOptions } from '../booking/holds.ts';
import { bookingCommands } from '../booking/commands.ts';
import { dryRun } from '../booking/dry-run.ts';
import { loadActivity, presentActivity } from '../booking/activity.present.ts';
import { selectClaims } from '../booking/claims.queries.ts';
import * as q from './activities.queries.ts';
import { decodeCursor, encodeCursor } from './activities.present.ts';
import type { ActivityListQuery } from './activities.schema.ts';
import type { Activity, ActivityCreate, ActivityUpdate } from '../booking/activity.schema.ts';
import { ActivityEvents } from '../shared/activity-events.ts';
import { activityViewer, canSeeActivity } from '../shared/policy.ts';

const entity = 'activity';

/**
 * Activities through the API: reads here; every write is a booking command (booking/commands.ts) in
 * one transaction with its audit row — its own, or the caller's `tx` (a unit of work spanning
 * features: a plan item, audit/audited.ts).
 */
export function activitiesService(pool: Pool, events: ActivityEvents = new ActivityEvents(), booking: BookingOptions = defaultBookingOptions) {
  const commands = bookingCommands(events, booking);

  return {
    async list(actor: Actor, query: ActivityListQuery) {
      const after = decodeCursor(query.cursor);
      if (query.cursor && !after) throw new ValidationError('Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor from this API' }]);
      const rows = await q.selectActivities(pool, query, after, activityViewer(actor));
      const shown = rows.slice(0, query.limit);
      const claims = await selectClaims(pool, shown.map((r) => r.id));
      const last = shown[shown.length - 1];
      return {
        items: shown.map((row) => presentActivity(row, claims)),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
      };
    },

    /** An activity the caller may not see answers 404, like one that does not exist. */
    async get(actor: Actor, id: number): Promise<Activity> {
      const activity = await loadActivity(pool, id);
      if (!canSeeActivity(actor, activity)) throw new NotFoundError(entity, id);
      return activity;
    },

    async create(actor: Actor, input: ActivityCreate, tx?: PoolClient): Promise<Activity> {
      return (await audited(pool, actor, { entity, action: 'create' }, (db) => commands.create(db, actor, input), tx))!;
    },

    async update(actor: Actor, id: number, patch: ActivityUpdate, tx?: PoolClient): Promise<Activity> {
      return (await audited(pool, actor, { entity, action: 'update' }, (db) => commands.edit(db, actor, id, patch), tx))!;
    },

    /** PATCH as a dry run: the same checks in a transaction that is rolled back; answers what PATCH would store. */
    async checkUpdate(actor: Actor, id: number, patch: ActivityUpdate): Promise<Activity> {
      return dryRun(pool, async (db) => (await commands.edit(db, actor, id, patch)).after);
    },

    async remove(actor: Actor, id: number): Promise<void> {
      await audited(pool, actor, { entity, action: 'delete' }, (db) => commands.remove(db, actor, id));
    },

    async addClaim(actor: Actor, activityId: number, input: ClaimInput): Promise<Claim> {
      return (await audited(pool, actor, { entity: 'claim', action: 'create' }, (db) => commands.addClaim(db, actor, activityId, input)))!;
    },

    async updateClaim(actor: Actor, activityId: number, claimId: number, input: ClaimUpdate): Promise<Claim> {
      return (await audited(pool, actor, { entity: 'claim', action: 'update' }, (db) => commands.updateClaim(db, actor, activityId, claimId, input)))!;
    },

    async removeClaim(actor: Actor, activityId: number, claimId: number): Promise<void> {
      await audited(pool, actor, { entity: 'claim', action: 'delete' }, (db) => commands.removeClaim(db, actor, activityId, claimId));
    },
  };
}
export type ActivitiesService = ReturnType<typeof activitiesService>;
