import { DateTime } from 'luxon';
import type { Actor } from '../shared/actor.ts';
import { withTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { translatePgError } from '../db/pgErrors.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import { recordRead } from '../audit/reads.ts';
import { found } from '../shared/errors.ts';
import { canSeeActivity, requireUnitRead } from '../shared/policy.ts';
import { selectActivity, type ActivityRow } from '../booking/activity.queries.ts';
import { isOver, selectSeriesEnd } from '../booking/occurrences.queries.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';
import type { Clock } from '../shared/clock.ts';
import { page } from '../shared/paging.ts';
import { insertDelivery } from '../notifications/outbox.queries.ts';
import { reconcileReminders, type PlanningSettings } from './reminders.ts';
import { leaveLocked, movePlaces as movePlacesOf } from './leave.ts';
import { moveLocked, openOccurrences, pickOccurrence, type OccurrenceSeats } from './sessions.ts';
import * as q from './registrations.queries.ts';
import { manageLink } from './links.ts';
import type { Registration, RegistrationCreate, RegistrationListQuery, RegistrationReceipt } from './registrations.schema.ts';
import type { LinkPurpose, LinkSigner } from '../auth/signed-links.ts';
import { publish } from '../webhooks/events.ts';

/**
 * What features above registrations add to registering, injected by app.ts (consent lives above
 * registrations: it cancels and promotes through leave.ts, so registrations cannot import it).
 */
export interface RegistrationHooks {
  /** Runs in the registration's transaction after the row is written; throwing rolls it all back. */
  registered?(db: PoolClient, e: { activity: ActivityRow; registration: q.RegistrationRow; input: RegistrationCreate; now: DateTime; actor?: Actor }): Promise<void>;
  /** Whether registering asks for a guardian's email (shown by the activity page). */
  requiresConsent?(activity: ActivityRow): boolean;
  /**
   * Runs in a split's transaction after series registrations were copied onto the following part
   * (`fromId` → `id`): what hangs on a registration (a guardian's consent) follows it there.
   */
  followed?(db: PoolClient, e: { following: ActivityRow; copies: { fromId: number; id: number }[]; now: DateTime }): Promise<void>;
}

export interface RegistrationsDeps {
  pool: Pool;
  clock: Clock;
  settings: PlanningSettings;
  signer: LinkSigner;
  /** Times each registration of an activity was marked absent (src/attendance), shown on the list. */
  noShows?: ((db: Pool, activityId: number) => Promise<Map<number, number>>) | undefined;
  hooks?: RegistrationHooks;
}

export interface Places {
  capacity: number | null;
  confirmed: number;
  waitlisted: number;
  seatsLeft: number | null;
  registrationScope: 'series' | 'occurrence';
  guardianConsent: boolean;
  occurrences: OccurrenceSeats[];
}

export function receipt(r: q.RegistrationRow): RegistrationReceipt {
  return { id: r.id, activityId: r.activityId, status: r.status, waitlistPosition: r.waitlistPosition, createdAt: r.createdAt };
}

export function present(r: q.RegistrationRow): Registration {
  const { round: _round, sequenceOffset: _offset, ...shown } = r;
  return shown;
}

const participant = (id: number): Actor => ({ label: `participant:${id}` });

export function registrationsService(deps: RegistrationsDeps) {
  const { pool, clock, settings, signer } = deps;
  const hooks = deps.hooks ?? {};

  async function transaction<T>(work: (db: PoolClient, now: DateTime) => Promise<T>): Promise<T> {
    try {
      return await withTransaction(pool, (db) => work(db, clock.now()));
    } catch (error) {
      return translatePgError(error);
    }
  }

  /** Places freed or added: the waitlist moves up, and the promoted get their reminders planned. */
  const movePlaces = (db: PoolClient, activity: ActivityRow, now: DateTime) => movePlacesOf(db, activity, settings, now);

  /** Loads a registration reached through a signed link; a wrong signature looks like no registration. */
  async function signed(db: PoolClient | Pool, id: number, sig: string, purposes: LinkPurpose[]): Promise<q.RegistrationRow> {
    if (!purposes.some((p) => signer.verify(id, p, sig))) throw new NotFoundError('registration', id);
    return found(await q.selectRegistration(db, id), 'registration', id);
  }

  async function lockBoth(db: PoolClient, id: number, sig: string, purposes: LinkPurpose[]): Promise<[ActivityRow, q.RegistrationRow]> {
    const seen = await signed(db, id, sig, purposes);
    // The activity lock first: the order every path that changes places uses.
    const activity = found(await selectActivity(db, seen.activityId, true), 'activity', seen.activityId);
    return [activity, (await q.selectRegistration(db, id, true))!];
  }

  return {
    /** Places of an activity the actor may see: what the activity page shows before anyone submits. */
    async places(actor: Actor, activityId: number): Promise<Places> {
      const activity = await selectActivity(pool, activityId);
      if (!activity || !canSeeActivity(actor, activity)) throw new NotFoundError('activity', activityId);
      const { confirmed, waitlisted } = await q.countConfirmed(pool, activityId);
      const seatsLeft = activity.capacity === null ? null : Math.max(0, activity.capacity - confirmed);
      const perOccurrence = activity.registrationScope === 'occurrence';
      // A series registration holds a place at every session: each upcoming session shows the series' places.
      const sessions = perOccurrence || activity.recurrenceRule ? await openOccurrences(pool, activity, clock.now()) : [];
      return {
        capacity: activity.capacity, confirmed, waitlisted, seatsLeft,
        registrationScope: activity.registrationScope, guardianConsent: hooks.requiresConsent?.(activity) ?? false,
        occurrences: perOccurrence ? sessions : sessions.map((o) => ({ ...o, confirmed, waitlisted, seatsLeft })),
      };
    },

    /** Registers, or returns the registration this address already holds (`created` false). */
    async register(actor: Actor, activityId: number, input: RegistrationCreate): Promise<{ created: boolean; registration: RegistrationReceipt; manageUrl?: string }> {
      return transaction(async (db, now) => {
        const activity = found(await selectActivity(db, activityId, true), 'activity', activityId);
        if (activity.status !== 'confirmed' || isOver(await selectSeriesEnd(db, activityId), now)) {
          throw new ConflictError('registration_closed', 'This activity does not take registrations (not confirmed, cancelled or over)');
        }
        const existing = await q.selectRegistrationByEmail(db, activityId, input.email);
        if (existing && existing.status !== 'cancelled') return { created: false, registration: receipt(existing) };
        const occurrenceId = await pickOccurrence(db, activity, input.occurrenceId, now);
        await movePlaces(db, activity, now);
        const { confirmed } = await q.countConfirmed(db, activityId, occurrenceId);
        const status = activity.capacity === null || confirmed < activity.capacity ? 'confirmed' : 'waitlisted';
        const id = await q.upsertRegistration(db, {
          activityId, email: input.email, name: input.name, role: input.role, grade: input.grade ?? null, class: input.class ?? null,
          language: input.language, timeZone: input.timeZone ?? activity.timeZone, status, occurrenceId,
        }, now.toISO()!);
        const row = (await q.selectRegistration(db, id))!;
        // Guardian consent (src/consent/) asks for its email in the same transaction, or refuses.
        await hooks.registered?.(db, { activity, registration: row, input, now, actor });
        const kind = status === 'confirmed' ? 'confirmation' : 'waitlisted';
        await insertDelivery(db, {
          dedupeKey: `${kind}:${id}:${row.round}`, kind, registrationId: id, activityId, sequence: activity.sequence + row.sequenceOffset,
          method: status === 'confirmed' ? 'REQUEST' : null, recipient: row.email, availableAt: now.toISO()!,
        });
        await reconcileReminders(db, activity, settings, now, id);
        if (status === 'confirmed') await publish(db, now.toUTC().toISO()!, { type: 'registration.confirmed', data: { registrationId: id, activityId, occurrenceId, role: input.role }, scope: { unitIds: [], classIds: [] } });
        await insertAudit(db, actor, { action: 'create', entity: 'registration', entityId: id, after: receipt(row) });
        return { created: true, registration: receipt(row), manageUrl: manageLink(id, signer.sign(id, 'manage'), row.language) };
      });
    },

    verifyUnsubscribe: (id: number, sig: string): boolean => signer.verify(id, 'unsubscribe', sig) || signer.verify(id, 'manage', sig),

    /** The participant's own view, through the manage link only. */
    async get(id: number, sig: string): Promise<Registration> {
      return present(await signed(pool, id, sig, ['manage']));
    },

    async cancel(id: number, sig: string): Promise<Registration> {
      return transaction(async (db, now) => {
        const [activity, before] = await lockBoth(db, id, sig, ['manage']);
        return present(await leaveLocked(db, settings, activity, before, now, participant(id)));
      });
    },

    /** Moves the registration to another occurrence with a free place (sessions.ts). */
    async move(id: number, sig: string, occurrenceId: number): Promise<Registration> {
      return transaction(async (db, now) => {
        const [activity, before] = await lockBoth(db, id, sig, ['manage']);
        const after = await moveLocked(db, activity, before, occurrenceId, now);
        if (after === before) return present(before);
        await reconcileReminders(db, activity, settings, now, id);
        // The place left behind goes to that occurrence's waitlist.
        await movePlaces(db, activity, now);
        await insertAudit(db, participant(id), { action: 'update', entity: 'registration', entityId: id, before: receipt(before), after: receipt(after) });
        return present((await q.selectRegistration(db, id))!);
      });
    },

    /** Upcoming occurrences with their places (per-occurrence activities), for the participant page. */
    async occurrences(activity: ActivityRow) {
      return openOccurrences(pool, activity, clock.now());
    },

    /**
     * Stops optional mail — reminders and organizers' messages (the one-click List-Unsubscribe target
     * of those emails, or the manage page). Idempotent. Mail about the place itself still goes.
     */
    async unsubscribe(id: number, sig: string): Promise<Registration> {
      return transaction(async (db, now) => {
        const [activity, before] = await lockBoth(db, id, sig, ['unsubscribe', 'manage']);
        if (!before.remindersEnabled) return present(before);
        await q.setRemindersEnabled(db, id, false, now.toISO()!);
        await reconcileReminders(db, activity, settings, now, id);
        await insertAudit(db, participant(id), { action: 'unsubscribe', entity: 'registration', entityId: id });
        return present((await q.selectRegistration(db, id))!);
      });
    },

    /** Organizers of the activity's unit (and admins) see who registered. */
    async list(actor: Actor, activityId: number, query: RegistrationListQuery) {
      const activity = found(await selectActivity(pool, activityId), 'activity', activityId);
      requireUnitRead(actor, activity.organizerUnitId);
      const rows = await q.selectRegistrations(pool, { activityId, status: query.status, search: query.q, cursor: query.cursor, limit: query.limit });
      const shown = page(rows, query.limit);
      const noShows = (await deps.noShows?.(pool, activityId)) ?? new Map<number, number>();
      await recordRead(pool, actor, { operation: 'GET /activities/{id}/registrations', entity: 'activity', entityId: activityId, registrationIds: shown.items.map((r) => r.id) });
      return { items: shown.items.map((r) => ({ ...present(r), noShows: noShows.get(r.id) ?? 0 })), nextCursor: shown.nextCursor };
    },

    async all(actor: Actor, activityId: number): Promise<Registration[]> {
      const activity = found(await selectActivity(pool, activityId), 'activity', activityId);
      requireUnitRead(actor, activity.organizerUnitId);
      const all: Registration[] = [];
      for (let cursor: number | undefined; ;) {
        const rows = await q.selectRegistrations(pool, { activityId, cursor, limit: 1000 });
        all.push(...rows.slice(0, 1000).map(present));
        if (rows.length > 1000) {
          cursor = rows[999]!.id;
          continue;
        }
        await recordRead(pool, actor, { operation: 'GET /activities/{id}/registrations.csv', entity: 'activity', entityId: activityId, registrationIds: all.map((r) => r.id) });
        return all;
      }
    },
  };
}
export type RegistrationsService = ReturnType<typeof registrationsService>;
