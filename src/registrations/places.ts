import type { DateTime } from 'luxon';
import type { PoolClient } from '../db/pool.ts';
import type { ActivityRow } from '../activities/activities.queries.ts';
import { isOver, selectSeriesEnd } from '../activities/occurrences.queries.ts';
import { insertDelivery } from '../notifications/outbox.queries.ts';
import { countConfirmed, promoteWaitlisted } from './registrations.queries.ts';

/**
 * Gives free places to the waitlist, first come first served, and queues each promoted
 * participant's email (with their invitation). The caller holds the activity row lock, which is
 * what serialises every change to an activity's places. Returns the promoted registrations;
 * none once the activity is over.
 */
export async function fillPlaces(db: PoolClient, activity: Pick<ActivityRow, 'id' | 'status' | 'capacity' | 'sequence'>, now: DateTime): Promise<number[]> {
  if (activity.status !== 'confirmed') return [];
  // Nobody is invited into a series whose last session is over (a place freed then is given to no one).
  if (isOver(await selectSeriesEnd(db, activity.id), now)) return [];
  const counts = await countConfirmed(db, activity.id);
  if (counts.waitlisted === 0) return [];
  const free = activity.capacity === null ? null : activity.capacity - counts.confirmed;
  if (free !== null && free <= 0) return [];
  const nowIso = now.toUTC().toISO()!;
  const promoted = await promoteWaitlisted(db, activity.id, free, nowIso);
  for (const r of promoted) {
    await insertDelivery(db, {
      dedupeKey: `promotion:${r.id}:${r.round}`, kind: 'promotion', registrationId: r.id, activityId: activity.id,
      sequence: activity.sequence + r.sequenceOffset, method: 'REQUEST', recipient: r.email, availableAt: nowIso,
    });
  }
  return promoted.map((r) => r.id);
}
