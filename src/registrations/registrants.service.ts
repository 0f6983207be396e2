import { randomUUID } from 'node:crypto';
import type { Actor } from '../shared/actor.ts';
import { withTransaction, type Pool } from '../db/pool.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import { found } from '../shared/errors.ts';
import { requireUnitRead, requireUnitWrite, signedIn } from '../shared/policy.ts';
import type { Clock } from '../shared/clock.ts';
import { selectActivity } from '../booking/activity.queries.ts';
import { enqueueRegistrantMessage } from './registrant-messages.queries.ts';
import type { RegistrationsService } from './registrations.service.ts';
import type { RegistrationCreate } from './registrations.schema.ts';
import type { RegistrantMessage } from './registrants.schema.ts';
import { selectOverview } from './overview.queries.ts';
import type { OverviewQuery, RegistrationOverview } from './overview.schema.ts';

/**
 * What an organizer does with an activity's registrants: add someone by hand (the same places,
 * waitlist and confirmation email as registering oneself) and write to all of them through the outbox.
 */
export function registrantsService(deps: { pool: Pool; clock: Clock; registrations: RegistrationsService }) {
  const { pool, clock, registrations } = deps;

  async function requireOrganizer(actor: Actor, activityId: number) {
    const activity = found(await selectActivity(pool, activityId), 'activity', activityId);
    requireUnitWrite(actor, activity.organizerUnitId);
    return activity;
  }

  return {
    /**
     * Who is coming across the unit's activities (the registrations tab's first screen): places,
     * waitlist, next session and consents missing. Organizers and viewers see their own unit's; admins
     * every unit's, or one unit's.
     */
    async overview(actor: Actor, query: OverviewQuery): Promise<RegistrationOverview> {
      const principal = signedIn(actor);
      if (query.unitId !== undefined) requireUnitRead(actor, query.unitId);
      // A user without a unit (only admins may lack one) organizes nothing: an empty list.
      const unitId = query.unitId ?? (principal.role === 'admin' ? null : (principal.unitId ?? -1));
      const now = clock.now();
      const items = await selectOverview(pool, { unitId, now: now.toUTC().toISO()!, until: now.plus({ days: query.days }).toUTC().toISO()!, limit: 200 });
      return { items };
    },

    async addByHand(actor: Actor, activityId: number, input: RegistrationCreate) {
      await requireOrganizer(actor, activityId);
      return registrations.register(actor, activityId, input);
    },

    async message(actor: Actor, activityId: number, input: RegistrantMessage): Promise<{ queued: number; messageId: string }> {
      await requireOrganizer(actor, activityId);
      const messageId = randomUUID();
      const queued = await withTransaction(pool, async (db) => {
        const n = await enqueueRegistrantMessage(db, {
          messageId, activityId, status: input.audience === 'waitlist' ? 'waitlisted' : 'confirmed', subject: input.subject, body: input.body,
        }, clock.now().toUTC().toISO()!);
        await insertAudit(db, actor, { action: 'message', entity: 'activity', entityId: activityId, after: { audience: input.audience, subject: input.subject, queued: n } });
        return n;
      });
      return { queued, messageId };
    },
  };
}
export type RegistrantsService = ReturnType<typeof registrantsService>;
