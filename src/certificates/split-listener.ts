import type { DateTime } from 'luxon';
import type { PoolClient } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import type { ActivityListener } from '../shared/activity-events.ts';
import type { Clock } from '../shared/clock.ts';
import { copyCredits, selectRegistrationIds } from './certificates.queries.ts';

type Reissue = (db: PoolClient, actor: Actor, registrationIds: number[], now: DateTime) => Promise<void>;

/**
 * "This and following" of a teacher training: the new part earns the same credit hours per session
 * as the series did, so the sessions that moved to it still count; and since marks taken at a moved
 * session now belong to the follower's registration (src/registrations/split.ts, which runs first),
 * both parts' certificates are reissued to say what each part's attendance earns. Registered in
 * app.ts after the participants' listener, in the split's transaction.
 */
export function creditsListener(reissue: Reissue, clock: Clock): ActivityListener {
  return async (db, change) => {
    if (change.type !== 'split') return;
    await copyCredits(db, change.activityId, change.followingId);
    const ids = [...await selectRegistrationIds(db, change.activityId), ...await selectRegistrationIds(db, change.followingId)];
    await reissue(db, { label: `split:${change.activityId}` }, ids, clock.now());
  };
}
