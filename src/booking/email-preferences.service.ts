import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { signedIn } from '../shared/policy.ts';
import { STAFF_KINDS, selectEmailOptOuts, updateEmailOptOuts, type StaffKind } from './staff.emails.queries.ts';
import type { NotificationPreferences, NotificationPreferencesPatch } from './email-preferences.schema.ts';

const asPreferences = (optOuts: StaffKind[]): NotificationPreferences =>
  Object.fromEntries(STAFF_KINDS.map((k) => [k, !optOuts.includes(k)])) as NotificationPreferences;

/** A user's own choice of staff emails; the worker reads it when a delivery is sent (./staff.ts). */
export function preferencesService(pool: Pool, clock: Clock) {
  return {
    async get(actor: Actor): Promise<NotificationPreferences> {
      return asPreferences(await selectEmailOptOuts(pool, signedIn(actor).userId));
    },
    async update(actor: Actor, patch: NotificationPreferencesPatch): Promise<NotificationPreferences> {
      const { userId } = signedIn(actor);
      const changed = await audited(pool, actor, { entity: 'user', action: 'notification_preferences' }, async (db) => {
        const before = asPreferences(await selectEmailOptOuts(db, userId));
        const after = { ...before, ...patch };
        await updateEmailOptOuts(db, userId, STAFF_KINDS.filter((k) => !after[k]), clock.now().toUTC().toISO()!);
        return { before, after, entityId: userId };
      });
      return changed!;
    },
  };
}
export type PreferencesService = ReturnType<typeof preferencesService>;
