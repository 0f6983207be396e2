import type { DateTime } from 'luxon';
import type { PoolClient } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import type { ActivityRow } from '../booking/activity.queries.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import { insertDelivery } from '../notifications/outbox.queries.ts';
import { supersedeForRegistration } from './reminders.queries.ts';
import { reconcileReminders, type PlanningSettings } from './reminders.ts';
import { fillPlaces } from './places.ts';
import * as q from './registrations.queries.ts';
import type { RegistrationReceipt } from './registrations.schema.ts';
import { publish } from '../webhooks/events.ts';

const receiptOf = (r: q.RegistrationRow): RegistrationReceipt =>
  ({ id: r.id, activityId: r.activityId, status: r.status, waitlistPosition: r.waitlistPosition, createdAt: r.createdAt });

/** Places freed or added: the waitlist moves up, and the promoted get their reminders planned. */
export async function movePlaces(db: PoolClient, activity: ActivityRow, settings: PlanningSettings, now: DateTime): Promise<void> {
  for (const promoted of await fillPlaces(db, activity, now)) await reconcileReminders(db, activity, settings, now, promoted);
}

/**
 * A registration leaves (the participant cancels, or a guardian declines or withdraws consent):
 * the caller holds the activity lock and the registration row lock. A confirmed place goes to the
 * waitlist. Leaving twice changes nothing the second time.
 */
export async function leaveLocked(db: PoolClient, settings: PlanningSettings, activity: ActivityRow, before: q.RegistrationRow, now: DateTime, actor: Actor): Promise<q.RegistrationRow> {
  if (before.status === 'cancelled') return before;
  const id = before.id;
  await q.cancelRegistration(db, id, now.toISO()!);
  await supersedeForRegistration(db, id, now.toISO()!);
  const after = (await q.selectRegistration(db, id))!;
  await insertDelivery(db, {
    dedupeKey: `cancellation:${id}:${after.round}`, kind: 'cancellation', registrationId: id, activityId: activity.id,
    sequence: activity.sequence + after.sequenceOffset, method: before.status === 'confirmed' ? 'CANCEL' : null, recipient: after.email, availableAt: now.toISO()!,
  });
  await reconcileReminders(db, activity, settings, now, id);
  await publish(db, now.toUTC().toISO()!, { type: 'registration.cancelled', data: { registrationId: id, activityId: activity.id, statusBefore: before.status }, scope: { unitIds: [], classIds: [] } });
  if (before.status === 'confirmed') await movePlaces(db, activity, settings, now);
  await insertAudit(db, actor, { action: 'cancel', entity: 'registration', entityId: id, before: receiptOf(before), after: receiptOf(after) });
  return after;
}
