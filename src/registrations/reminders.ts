import { DateTime } from 'luxon';
import type { PoolClient } from '../db/pool.ts';
import type { ActivityRow } from '../booking/activity.queries.ts';
import { planReminders, type QuietHours, type ReminderRules } from '../shared/reminder-rules.ts';
import * as q from './reminders.queries.ts';

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
  const heldAt = new Map(recipients.map((r) => [r.id, r.occurrenceId]));
  const rows = planned.filter((p) => (heldAt.get(p.registrationId) ?? p.occurrenceId) === p.occurrenceId).map((p) => ({
    occurrenceId: p.occurrenceId, registrationId: p.registrationId, rule: p.rule,
    recipient: emails.get(p.registrationId)!, dueAt: p.dueAt.toISO()!,
  }));
  await q.upsertReminders(db, activity.id, rows, nowIso);
  await q.dropRemindersExcept(db, activity.id, registrationId, rows.map((r) => q.reminderKey(r.occurrenceId, r.registrationId, r.rule)), nowIso);
}
