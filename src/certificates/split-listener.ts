import type { ActivityListener } from '../shared/activity-events.ts';
import { copyCredits } from './certificates.queries.ts';

/**
 * "This and following" of a teacher training: the new part earns the same credit hours per session
 * as the series did, so the sessions that moved to it still count (registered in app.ts beside the
 * participants' listener, in the split's transaction).
 */
export const creditsListener: ActivityListener = async (db, change) => {
  if (change.type === 'split') await copyCredits(db, change.activityId, change.followingId);
};
