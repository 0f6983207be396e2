import { DateTime } from 'luxon';
import type { PoolClient } from '../db/pool.ts';
import type { ActivityListener } from '../shared/activity-events.ts';
import { selectActivity, type ActivityRow } from '../activities/activities.queries.ts';
import type { Clock } from '../shared/clock.ts';
import { fillPlaces } from '../registrations/places.ts';
import { planReminders, type QuietHours, type ReminderRules } from '../shared/reminder-rules.ts';
import * as q from './planning.queries.ts';

export interface PlanningSettings {
  reminderRules: ReminderRules;
  quietHours: QuietHours | null;
}

/**
 * Brings the planned reminders of an activity (or of one registration) in line with the database:
 * one per scheduled upcoming occurrence × confirmed registration that wants reminders × rule.
 * Moved occurrences move their pending reminders; cancelled ones, departed participants and
 * unsubscribes drop them. Runs inside the caller's transaction.
 */
export async function reconcileReminders(
  db: PoolClient,
  activity: Pick<ActivityRow, 'id' | 'kind' | 'status'>,
  settings: PlanningSettings,
  now: DateTime,
  registrationId: number | null = null,
): Promise<void> {
  const nowIso = now.toUTC().toISO()!;
  const open = activity.status === 'confirmed';
  const recipients = open ? await q.selectReminderRecipients(db, activity.id, registrationId) : [];
  const occurrences = recipients.length ? await q.selectUpcomingOccurrences(db, activity.id, nowIso) : [];
  const planned = planReminders(
    recipients,
    occurrences.map((o) => ({ id: o.id, startsAt: DateTime.fromISO(o.startsAt, { zone: 'utc' }) })),
    settings.reminderRules[activity.kind],
    settings.quietHours,
    now,
  );
  const emails = new Map(recipients.map((r) => [r.id, r.email]));
  const rows = planned.map((p) => ({
    occurrenceId: p.occurrenceId, registrationId: p.registrationId, rule: p.rule,
    recipient: emails.get(p.registrationId)!, dueAt: p.dueAt.toISO()!,
  }));
  await q.upsertReminders(db, activity.id, rows, nowIso);
  await q.dropRemindersExcept(db, activity.id, registrationId, rows.map((r) => q.reminderKey(r.occurrenceId, r.registrationId, r.rule)), nowIso);
}

/**
 * Everything participants should hear after an activity changed, derived from the stored state
 * (so replays and repeated events add nothing): a cancellation for everyone when it was
 * cancelled; otherwise freed places promoted from the waitlist, change notices for a raised
 * SEQUENCE, and reminders following the occurrences.
 */
export async function reconcileActivity(db: PoolClient, activityId: number, settings: PlanningSettings, now: DateTime): Promise<void> {
  const activity = await selectActivity(db, activityId);
  if (!activity) return;
  const nowIso = now.toUTC().toISO()!;
  if (activity.status === 'cancelled') {
    await q.enqueueActivityCancellation(db, activity.id, activity.sequence, nowIso);
    await reconcileReminders(db, activity, settings, now);
    return;
  }
  await fillPlaces(db, activity, now);
  await q.enqueueChangeNotices(db, activity.id, activity.sequence, nowIso);
  await reconcileReminders(db, activity, settings, now);
}

/** The listener the composition root registers on ActivityEvents. */
export function notificationsListener(settings: PlanningSettings, clock: Clock): ActivityListener {
  return (db, change) => reconcileActivity(db, change.activityId, settings, clock.now());
}
