import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { withTransaction, type Pool, type PoolClient, type Queryable } from '../db/pool.ts';
import { translatePgError } from '../db/pgErrors.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import { recordRead } from '../audit/reads.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { ConflictError, NotFoundError, ValidationError, found } from '../shared/errors.ts';
import { requireUnitRead } from '../shared/policy.ts';
import type { ActivityKind } from '../shared/types.ts';
import { selectActivity } from '../booking/activity.queries.ts';
import { insertDelivery } from '../notifications/outbox.queries.ts';
import type { PlanningSettings } from '../registrations/reminders.ts';
import type { LinkSigner } from '../auth/signed-links.ts';
import { leaveLocked } from '../registrations/leave.ts';
import { selectRegistration } from '../registrations/registrations.queries.ts';
import type { RegistrationHooks } from '../registrations/registrations.service.ts';
import * as q from './consent.queries.ts';
import { answer, needsConsent, type ConsentAnswer } from './consent.rules.ts';
import { publish } from '../webhooks/events.ts';

export interface ConsentDeps {
  pool: Pool;
  clock: Clock;
  settings: PlanningSettings;
  signer: LinkSigner;
  kinds: readonly ActivityKind[];
  reminderHours: number;
}

/** Which link answered, without storing the signature: enough to tell links apart in the audit. */
const fingerprint = (id: number, sig: string) => `consent:${id}:${createHash('sha256').update(sig).digest('base64url').slice(0, 16)}`;
const guardian = (id: number): Actor => ({ label: `guardian:${id}` });

export function consentService(deps: ConsentDeps) {
  const { pool, clock, signer } = deps;

  async function transaction<T>(work: (db: PoolClient, now: DateTime) => Promise<T>): Promise<T> {
    try {
      return await withTransaction(pool, (db) => work(db, clock.now()));
    } catch (error) {
      return translatePgError(error);
    }
  }

  /** A wrong signature looks like no consent request at all. */
  function verified(id: number, sig: string): void {
    if (!signer.verify(id, 'consent', sig)) throw new NotFoundError('consent', id);
  }

  const hooks: RegistrationHooks = {
    requiresConsent: (activity) => deps.kinds.includes(activity.kind),
    /** In the registration's transaction: a student's registration for a kind that leaves the school asks the guardian. */
    async registered(db, { activity, registration, input, now }) {
      if (!needsConsent(deps.kinds, activity.kind, registration.role)) return;
      if (!input.guardianEmail) {
        throw new ValidationError('A guardian must consent to this activity', [{ path: 'body.guardianEmail', message: "required: a guardian's email, for their consent" }]);
      }
      if (input.guardianEmail === registration.email) {
        throw new ValidationError('A guardian must consent to this activity', [{ path: 'body.guardianEmail', message: "must be the guardian's address, not the pupil's" }]);
      }
      await ask(db, { registrationId: registration.id, round: registration.round, activityId: activity.id, guardianEmail: input.guardianEmail }, now);
    },
    /**
     * A split copied series registrations onto the following part: a new part with new times is a
     * new trip for the guardian, so each copy of a consented or still pending pupil is asked again
     * (pending until answered, flagged on the attendance list meanwhile). Never "no consent needed".
     */
    async followed(db, { following, copies, now }) {
      if (!deps.kinds.includes(following.kind)) return;
      for (const { fromId, id } of copies) {
        const before = await q.selectConsent(db, fromId);
        if (!before || before.status === 'declined' || before.status === 'withdrawn') continue;
        const copy = (await selectRegistration(db, id))!;
        await ask(db, { registrationId: id, round: copy.round, activityId: following.id, guardianEmail: before.guardianEmail }, now);
      }
    },
  };

  /** Asks the guardian: a pending consent, its request now and one reminder (skipped once answered: consent.emails.ts). */
  async function ask(db: PoolClient, r: { registrationId: number; round: number; activityId: number; guardianEmail: string }, now: DateTime): Promise<void> {
    const nowIso = now.toUTC().toISO()!;
    await q.upsertConsentRequest(db, r.registrationId, r.guardianEmail, nowIso);
    const base = { registrationId: r.registrationId, activityId: r.activityId, sequence: 0, method: null, recipient: r.guardianEmail } as const;
    await insertDelivery(db, { ...base, dedupeKey: `consent_request:${r.registrationId}:${r.round}`, kind: 'consent_request', availableAt: nowIso });
    await insertDelivery(db, {
      ...base, dedupeKey: `consent_reminder:${r.registrationId}:${r.round}`, kind: 'consent_reminder',
      availableAt: now.plus({ hours: deps.reminderHours }).toUTC().toISO()!,
    });
  }

  return {
    hooks,

    /** What the guardian's link opens. */
    async view(id: number, sig: string): Promise<q.ConsentView> {
      verified(id, sig);
      return found(await q.selectConsentView(pool, id), 'consent', id);
    },

    /**
     * Consents or declines. Under the activity lock (the order every change of places uses) and
     * the consent row's lock: a decline or withdrawal frees the place and promotes the waitlist
     * once, however many times or ways it arrives at the same moment.
     */
    async answer(id: number, sig: string, wanted: ConsentAnswer): Promise<q.ConsentView> {
      verified(id, sig);
      await transaction(async (db, now) => {
        const seen = found(await selectRegistration(db, id), 'consent', id);
        const activity = found(await selectActivity(db, seen.activityId, true), 'activity', seen.activityId);
        const registration = (await selectRegistration(db, id, true))!;
        const consent = found(await q.selectConsent(db, id, true), 'consent', id);
        const begun = now >= DateTime.fromISO(await q.selectAttendanceStart(db, id));
        const outcome = answer(consent.status, wanted, begun);
        if (!outcome.ok) throw new ConflictError(outcome.code, outcome.message);
        if (!outcome.changed) return;
        if (registration.status === 'cancelled') throw new ConflictError('consent_closed', 'The registration was cancelled; nothing to consent to');
        await q.answerConsent(db, id, outcome.next, fingerprint(id, sig), now.toUTC().toISO()!);
        await insertAudit(db, guardian(id), { action: 'update', entity: 'consent', entityId: id, before: { status: consent.status }, after: { status: outcome.next } });
        if (outcome.next === 'given' || outcome.next === 'declined') {
          await publish(db, now.toUTC().toISO()!, { type: `consent.${outcome.next}`, data: { registrationId: id, activityId: seen.activityId }, scope: { unitIds: [], classIds: [] } });
        }
        if (outcome.freesPlace) await leaveLocked(db, deps.settings, activity, registration, now, guardian(id));
      });
      return found(await q.selectConsentView(pool, id), 'consent', id);
    },

    /** Organizers of the activity's unit see whose consent is missing (pending first). */
    async list(actor: Actor, activityId: number, status?: q.ConsentStatus) {
      const activity = found(await selectActivity(pool, activityId), 'activity', activityId);
      requireUnitRead(actor, activity.organizerUnitId);
      const items = await q.selectActivityConsents(pool, activityId, status);
      await recordRead(pool, actor, { operation: 'GET /activities/{id}/consents', entity: 'activity', entityId: activityId, registrationIds: items.map((c) => c.registrationId) });
      return { items };
    },
  };
}
export type ConsentService = ReturnType<typeof consentService>;

/**
 * For the attendance list (src/attendance/): consent status of each registration attending an
 * occurrence that needed consent. Absent = no consent needed. Flag everything but 'given'.
 */
export async function consentByRegistration(db: Queryable, occurrenceId: number): Promise<Map<number, q.ConsentStatus>> {
  return new Map((await q.selectOccurrenceConsents(db, occurrenceId)).map((r) => [r.registrationId, r.status]));
}
