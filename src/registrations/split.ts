import type { DateTime } from 'luxon';
import type { PoolClient } from '../db/pool.ts';
import { selectActivity, type ActivityRow } from '../booking/activity.queries.ts';
import { found } from '../shared/errors.ts';
import { insertDelivery } from '../notifications/outbox.queries.ts';
import { handOverDeliveries, insertToldElsewhere, supersedeForRegistration } from './reminders.queries.ts';
import { cancelHoldersOfCancelledOccurrences } from './cancelled-occurrence.queries.ts';
import { copySeriesRegistrations, moveAttendance, moveHolders, type Follower } from './split.queries.ts';
import type { RegistrationHooks } from './registrations.service.ts';

/**
 * "This and following" (docs/registrations.md#splitting-a-series): participants follow the sessions
 * they hold onto the new part, in the split's transaction, before either part reconciles.
 * - A per-session registration holding a moved session moves with it (same registration, same
 *   session, same check-in code). One whose session the new rule drops is cancelled and told.
 * - A series registration is copied onto the new part (confirmed while places last, then the
 *   waitlist, in order); the original stays for the sessions before the split. What hangs on the
 *   registration (a guardian's consent) follows through `hooks.followed`.
 * - Each confirmed follower gets one change notice naming the new part's times. Its calendar part
 *   is the new part's REQUEST; it also carries the original part's update: the series' REQUEST with
 *   its new UNTIL (series registrations) or a CANCEL of the old entry (a per-session one moved to
 *   another UID). The original's own change notice is recorded as told in that email.
 */
export interface SplitChange {
  activityId: number;
  followingId: number;
  occurrenceIds: number[];
  removedOccurrenceIds: number[];
}

export async function followSplit(db: PoolClient, change: SplitChange, now: DateTime, hooks?: RegistrationHooks): Promise<void> {
  const nowIso = now.toUTC().toISO()!;
  const original = found(await selectActivity(db, change.activityId, true), 'activity', change.activityId);
  const following = found(await selectActivity(db, change.followingId, true), 'activity', change.followingId);
  for (const id of await cancelHoldersOfCancelledOccurrences(db, original.id, original.sequence, nowIso, change.removedOccurrenceIds)) {
    await supersedeForRegistration(db, id, nowIso);
  }
  const moved = await moveHolders(db, original.id, following.id, change.occurrenceIds, nowIso);
  await handOverDeliveries(db, moved.map((r) => r.id), following.id, nowIso);
  const copied = await copySeriesRegistrations(db, original.id, following.id, following.capacity, nowIso);
  await moveAttendance(db, copied, change.occurrenceIds);
  // A copy is a new registration: its guardian's consent follows it (src/consent), or a pupil would show as needing none.
  if (copied.length > 0) await hooks?.followed?.(db, { following, copies: copied.map((f) => ({ fromId: f.fromId, id: f.id })), now });
  for (const f of moved) await tell(db, f, original, following, 'CANCEL', nowIso);
  for (const f of copied) await tell(db, f, original, following, 'REQUEST', nowIso);
}

/** The one email of a follower; `carried` is what it carries of the original part. */
async function tell(db: PoolClient, f: Follower, original: ActivityRow, following: ActivityRow, carried: 'REQUEST' | 'CANCEL', now: string): Promise<void> {
  // A waitlisted place had no invitation and keeps none: it hears when it moves up.
  if (f.was !== 'confirmed') return;
  const originalSequence = original.sequence + f.fromOffset;
  const confirmed = f.status === 'confirmed';
  const dedupeKey = `split:${following.id}:${f.id}`;
  await insertDelivery(db, {
    dedupeKey, kind: confirmed ? 'change' : 'waitlisted', registrationId: f.id, activityId: following.id,
    sequence: following.sequence + f.sequenceOffset, method: confirmed ? 'REQUEST' : null, recipient: f.email, availableAt: now,
    payload: { carriesRegistration: String(f.fromId), carriesActivity: String(original.id), carriesSequence: String(originalSequence), carriesMethod: carried },
  });
  if (carried === 'REQUEST') {
    await insertToldElsewhere(db, { registrationId: f.fromId, activityId: original.id, sequence: originalSequence, recipient: f.email, toldIn: dedupeKey, now });
  }
}

