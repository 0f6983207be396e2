import type { DateTime } from 'luxon';
import type { PoolClient } from '../db/pool.ts';
import type { ActivityListener } from '../shared/activity-events.ts';
import { selectActivity } from '../booking/activity.queries.ts';
import type { Clock } from '../shared/clock.ts';
import { enqueueActivityCancellation, enqueueChangeNotices, supersedeForRegistration } from './reminders.queries.ts';
import type { ActivityChange } from '../shared/activity-events.ts';
import { cancelHoldersOfCancelledOccurrences } from './cancelled-occurrence.queries.ts';
import { reconcileReminders, type PlanningSettings } from './reminders.ts';
import { fillPlaces } from './places.ts';
import { followSplit } from './split.ts';
import type { RegistrationHooks } from './registrations.service.ts';

/**
 * Everything participants should hear after an activity changed, derived from the stored state
 * (so replays and repeated events add nothing): a cancellation for everyone when it was
 * cancelled; otherwise freed places promoted from the waitlist, change notices for a raised
 * SEQUENCE, and reminders following the occurrences. Per-occurrence registrations holding a
 * cancelled occurrence are cancelled and told; `heldChanged` (see enqueueChangeNotices) keeps
 * change notices from registrants of the other occurrences.
 */
export async function reconcileActivity(db: PoolClient, activityId: number, settings: PlanningSettings, now: DateTime, heldChanged: number[] | null = null): Promise<void> {
  const activity = await selectActivity(db, activityId);
  if (!activity) return;
  const nowIso = now.toUTC().toISO()!;
  if (activity.status === 'cancelled') {
    await enqueueActivityCancellation(db, activity.id, activity.sequence, nowIso);
    await reconcileReminders(db, activity, settings, now);
    return;
  }
  for (const id of await cancelHoldersOfCancelledOccurrences(db, activity.id, activity.sequence, nowIso)) await supersedeForRegistration(db, id, nowIso);
  await fillPlaces(db, activity, now);
  await enqueueChangeNotices(db, activity.id, activity.sequence, nowIso, heldChanged);
  await reconcileReminders(db, activity, settings, now);
}

/** The listener the composition root registers on ActivityEvents: participants hear about every change. */
export function participantsListener(settings: PlanningSettings, clock: Clock, hooks?: RegistrationHooks): ActivityListener {
  return (db, change) => {
    // Registrations follow their sessions first; both parts then reconcile on the events that follow.
    if (change.type === 'split') return followSplit(db, change, clock.now(), hooks);
    if (change.type === 'occurrences_removing') return cancelHoldersOfRemoved(db, change.activityId, change.occurrenceIds, clock.now());
    return reconcileActivity(db, change.activityId, settings, clock.now(), heldChangedBy(change));
  };
}

/**
 * Per-session registrations holding occurrences about to be deleted are cancelled and told, as for
 * a cancelled occurrence (otherwise the delete would leave them holding nothing: occurrenceId null).
 */
async function cancelHoldersOfRemoved(db: PoolClient, activityId: number, occurrenceIds: number[], now: DateTime): Promise<void> {
  const activity = await selectActivity(db, activityId);
  if (!activity) return;
  const nowIso = now.toUTC().toISO()!;
  for (const id of await cancelHoldersOfCancelledOccurrences(db, activity.id, activity.sequence, nowIso, occurrenceIds)) await supersedeForRegistration(db, id, nowIso);
}

/** Which held occurrences a change concerns: the ones named, none (no attendee-relevant change) or all (null). */
function heldChangedBy(change: ActivityChange): number[] | null {
  if (change.type === 'occurrences_changed') return change.occurrenceIds;
  if (change.type === 'updated' && !change.attendeeRelevant) return [];
  return null;
}
