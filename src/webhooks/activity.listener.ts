import type { ActivityChange, ActivityListener } from '../shared/activity-events.ts';
import type { Clock } from '../shared/clock.ts';
import { currentTransaction, selectActivityFacts, selectOccurrenceFacts, type ActivityFacts } from './activity.queries.ts';
import { publish, type WebhookEventType } from './events.ts';

/** The event type an activity change is told as, or null (a draft's edits and removals are nobody's news). */
export function activityEventType(change: ActivityChange, status: string): WebhookEventType | null {
  switch (change.type) {
    case 'created':
      return 'activity.created';
    case 'updated':
      if (change.statusAfter === 'cancelled' && change.statusBefore !== 'cancelled') return 'activity.cancelled';
      return status === 'draft' ? null : 'activity.changed';
    case 'occurrences_changed':
    case 'split':
      return status === 'draft' ? null : 'activity.changed';
    default:
      return null;
  }
}

const eventData = (a: ActivityFacts) => ({
  activityId: a.activityId, status: a.status, kind: a.kind, titleZh: a.titleZh, titleEn: a.titleEn, startsAt: a.startsAt, endsAt: a.endsAt,
  timeZone: a.timeZone, sequence: a.sequence, venueZh: a.venueZh, organizerUnitId: a.organizerUnitId, unitIds: a.unitIds, classIds: a.classIds,
});

/**
 * Tells webhooks and group robots of activity changes, inside the change's transaction (registered on
 * ActivityEvents by the composition root). The event is read from the stored state, not the change.
 */
export function webhookActivityListener(clock: Clock): ActivityListener {
  // One change is often told twice in one transaction (an edit's 'updated', then its
  // 'occurrences_changed'): one event per activity, type and transaction is enough.
  const told = new Map<string, true>();
  return async (db, change) => {
    const a = await selectActivityFacts(db, change.activityId);
    if (!a) return;
    const type = activityEventType(change, a.status);
    if (!type) return;
    const key = `${await currentTransaction(db)}:${a.activityId}:${type}`;
    if (told.has(key)) return;
    told.set(key, true);
    if (told.size > 1000) told.delete(told.keys().next().value!);
    const occurrenceIds = change.type === 'occurrences_changed' || change.type === 'split' ? change.occurrenceIds : [];
    const occurrences = occurrenceIds.length ? await selectOccurrenceFacts(db, occurrenceIds) : [];
    const now = clock.now().toUTC().toISO()!;
    const scope = { unitIds: a.unitIds, classIds: a.classIds };
    await publish(db, now, { type, data: { ...eventData(a), occurrences }, scope });
    // A request for another unit's resources waits for its decision from now on.
    const asked = a.status === 'requested' && (change.type === 'created' || (change.type === 'updated' && change.statusBefore !== 'requested'));
    if (asked) await publish(db, now, { type: 'approval.requested', data: eventData(a), scope });
  };
}
