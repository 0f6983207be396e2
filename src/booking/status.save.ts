import type { PoolClient } from '../db/pool.ts';
import type { ActivityEvents } from '../shared/activity-events.ts';
import { setStatus } from './claims.queries.ts';
import type { StatusState } from './status.ts';

/**
 * Saves a status the machine (status.ts) answered and tells the listeners, inside the command's
 * transaction: the one place a status change is written on its own (create and edit write it with
 * the activity's other values). `created`: a new activity (a split's following part) whose
 * `created` event follows, so no `updated` is told.
 */
export async function saveStatus(
  db: PoolClient, events: ActivityEvents, activityId: number, from: StatusState,
  to: { status: 'draft' | 'requested' | 'confirmed'; holdExpiresAt: string | null }, created = false,
): Promise<void> {
  await setStatus(db, activityId, to.status, to.holdExpiresAt);
  if (!created) await events.emit(db, { type: 'updated', activityId, attendeeRelevant: true, statusBefore: from.status, statusAfter: to.status });
}
