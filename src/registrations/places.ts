import type { DateTime } from 'luxon';
import type { PoolClient } from '../db/pool.ts';
import type { ActivityRow } from '../booking/activity.queries.ts';
import { isOver, selectSeriesEnd } from '../booking/occurrences.queries.ts';
import { insertDelivery } from '../notifications/outbox.queries.ts';
import { countConfirmed, promoteWaitlisted } from './registrations.queries.ts';
import { selectWaitingOccurrences } from './sessions.queries.ts';
import { publish } from '../webhooks/events.ts';

type PlacesActivity = Pick<ActivityRow, 'id' | 'status' | 'capacity' | 'sequence'> & Partial<Pick<ActivityRow, 'registrationScope'>>;

/**
 * Gives free places to the waitlist, first come first served, and queues each promoted
 * participant's email (with their invitation). The caller holds the activity row lock, which is
 * what serialises every change to an activity's places. Returns the promoted registrations;
 * none once the activity is over. Per-occurrence activities fill each occurrence's own places.
 */
export async function fillPlaces(db: PoolClient, activity: PlacesActivity, now: DateTime): Promise<number[]> {
  if (activity.status !== 'confirmed') return [];
  // Nobody is invited into a series whose last session is over (a place freed then is given to no one).
  if (isOver(await selectSeriesEnd(db, activity.id), now)) return [];
  if (activity.registrationScope !== 'occurrence') return fillOne(db, activity, null, now);
  const promoted: number[] = [];
  for (const occurrenceId of await selectWaitingOccurrences(db, activity.id)) promoted.push(...await fillOne(db, activity, occurrenceId, now));
  return promoted;
}

async function fillOne(db: PoolClient, activity: PlacesActivity, occurrenceId: number | null, now: DateTime): Promise<number[]> {
  const counts = await countConfirmed(db, activity.id, occurrenceId);
  if (counts.waitlisted === 0) return [];
  const free = activity.capacity === null ? null : activity.capacity - counts.confirmed;
  if (free !== null && free <= 0) return [];
  const nowIso = now.toUTC().toISO()!;
  const promoted = await promoteWaitlisted(db, activity.id, free, nowIso, occurrenceId);
  for (const r of promoted) {
    await insertDelivery(db, {
      dedupeKey: `promotion:${r.id}:${r.round}`, kind: 'promotion', registrationId: r.id, activityId: activity.id,
      sequence: activity.sequence + r.sequenceOffset, method: 'REQUEST', recipient: r.email, availableAt: nowIso,
    });
    await publish(db, nowIso, { type: 'registration.promoted', data: { registrationId: r.id, activityId: activity.id, occurrenceId }, scope: { unitIds: [], classIds: [] } });
  }
  return promoted.map((r) => r.id);
}
