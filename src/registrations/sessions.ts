import type { DateTime } from 'luxon';
import type { PoolClient, Queryable } from '../db/pool.ts';
import type { ActivityRow } from '../booking/activity.queries.ts';
import { insertDelivery } from '../notifications/outbox.queries.ts';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import { countConfirmed, selectRegistration, type RegistrationRow } from './registrations.queries.ts';
import { moveRegistration, selectOpenOccurrences, type OccurrencePlaces } from './sessions.queries.ts';

/**
 * Sessions (docs/registrations.md#sessions): an activity whose `registrationScope` is
 * 'occurrence' gives each occurrence its own capacity and waitlist, and a participant may move
 * their place to another occurrence that has one free. Every function here runs under the
 * activity's row lock, the lock that serialises all changes to its places, so a move and a new
 * registration racing for the last place of an occurrence cannot both take it.
 */

export interface OccurrenceSeats extends OccurrencePlaces {
  seatsLeft: number | null;
}

export function withSeats(o: OccurrencePlaces, capacity: number | null): OccurrenceSeats {
  return { ...o, seatsLeft: capacity === null ? null : Math.max(0, capacity - o.confirmed) };
}

export async function openOccurrences(db: Queryable, activity: ActivityRow, now: DateTime): Promise<OccurrenceSeats[]> {
  return (await selectOpenOccurrences(db, activity.id, now.toUTC().toISO()!)).map((o) => withSeats(o, activity.capacity));
}

/** The occurrence a new registration asks for: null for series activities, an open occurrence otherwise. */
export async function pickOccurrence(db: Queryable, activity: ActivityRow, wanted: number | undefined, now: DateTime): Promise<number | null> {
  if (activity.registrationScope === 'series') {
    if (wanted !== undefined) throw new ValidationError('Invalid registration', [{ path: 'body.occurrenceId', message: 'this activity takes registrations for the whole series' }]);
    return null;
  }
  if (wanted === undefined) throw new ValidationError('Invalid registration', [{ path: 'body.occurrenceId', message: 'pick one occurrence of this activity' }]);
  const open = await selectOpenOccurrences(db, activity.id, now.toUTC().toISO()!);
  if (!open.some((o) => o.id === wanted)) throw new ValidationError('Invalid registration', [{ path: 'body.occurrenceId', message: 'not an upcoming occurrence of this activity' }]);
  return wanted;
}

/**
 * Moves a locked registration to another open occurrence with a free place. Queues one `change`
 * email whose invitation is the same event (same UID) at the new time with a higher SEQUENCE: one
 * updated REQUEST. A waitlisted registration that moves takes the free place (confirmed).
 */
export async function moveLocked(db: PoolClient, activity: ActivityRow, before: RegistrationRow, occurrenceId: number, now: DateTime): Promise<RegistrationRow> {
  if (activity.registrationScope !== 'occurrence') throw new ConflictError('not_per_occurrence', 'This activity takes registrations for the whole series: there is nothing to move');
  if (before.status === 'cancelled') throw new ConflictError('registration_cancelled', 'This registration is cancelled');
  if (before.occurrenceId === occurrenceId) return before;
  const target = (await openOccurrences(db, activity, now)).find((o) => o.id === occurrenceId);
  if (!target) throw new ValidationError('Invalid move', [{ path: 'body.occurrenceId', message: 'not an upcoming occurrence of this activity' }]);
  // Counted again under the lock (the list above is the same snapshot, but say why it is safe).
  const { confirmed } = await countConfirmed(db, activity.id, occurrenceId);
  if (activity.capacity !== null && confirmed >= activity.capacity) throw new ConflictError('occurrence_full', 'That occurrence has no free place');
  const nowIso = now.toUTC().toISO()!;
  await moveRegistration(db, before.id, occurrenceId, 'confirmed', nowIso);
  const after = (await selectRegistration(db, before.id))!;
  await insertDelivery(db, {
    dedupeKey: `move:${after.id}:${after.round}:${after.sequenceOffset}`, kind: 'change', registrationId: after.id, activityId: activity.id,
    sequence: activity.sequence + after.sequenceOffset, method: 'REQUEST', recipient: after.email, availableAt: nowIso,
  });
  return after;
}
