import type { PoolClient } from '../db/pool.ts';
import type { ActivityEvents } from '../shared/activity-events.ts';
import type { ActivityStatus } from '../shared/types.ts';
import { writeStatus } from './status.queries.ts';
import type { StatusState } from './status.ts';

/**
 * How a status reaches the row, the SEQUENCE and the listeners:
 * - `alone`: a status change on its own (an approval, a decline, a lapsed hold, a claim added or
 *   removed): a changed status raises the SEQUENCE and `updated` is told.
 * - `following`: a split's following part settled after its claims were copied: a changed status
 *   raises its SEQUENCE; its `created` event follows, so no `updated` is told.
 * - `with-values`: written in the same command as the activity's other values (create, edit, a
 *   split's following part as it is inserted): that command sets the SEQUENCE and tells the listeners.
 * - `corrected`: a new activity's status corrected once its resources are locked (one of them
 *   changed unit since it was read): it was never confirmed; its `created` event follows.
 */
export type StatusSave = 'alone' | 'following' | 'with-values' | 'corrected';

/**
 * Saves a status the machine (status.ts) answered, inside the command's transaction: the one place
 * an activity's status (with its hold and cancellation time) is written (status.queries.ts
 * `writeStatus`; tests/unit/architecture.booking.test.ts keeps it so). `now` is the injected clock's
 * instant, the cancellation time when `to` is `cancelled` (the feeds' window uses the same clock).
 */
export async function saveStatus(
  db: PoolClient, events: ActivityEvents, activityId: number, from: StatusState,
  to: { status: ActivityStatus; holdExpiresAt: string | null }, how: StatusSave = 'alone', now: string | null = null,
): Promise<void> {
  await writeStatus(db, activityId, { ...to, cancelledAt: now },
    { raiseSequence: how === 'alone' || how === 'following', neverConfirmed: how === 'corrected' });
  if (how === 'alone') await events.emit(db, { type: 'updated', activityId, attendeeRelevant: true, statusBefore: from.status, statusAfter: to.status });
}
