import { createHash } from 'node:crypto';
import type { DateTime } from 'luxon';
import { withTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError, found } from '../shared/errors.ts';
import { requireAdmin, signedIn } from '../shared/policy.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import { selectActivity } from '../booking/activity.queries.ts';
import { selectRegistration } from '../registrations/registrations.queries.ts';
import { correctRegistration } from '../registrations/erasure.queries.ts';
import { leaveLocked } from '../registrations/leave.ts';
import type { PlanningSettings } from '../registrations/reminders.ts';
import { insertPreparedPersonDelivery } from '../notifications/outbox.queries.ts';
import type { LinkSigner } from '../auth/signed-links.ts';
import { anonymisePeople } from './personal-data.ts';
import type { PersonLinks } from './person-link.ts';
import { lockPersonRegistrations, selectPersonFeeds, selectPersonRegistrations, type PersonRegistration } from './person.queries.ts';
import * as q from './rights.queries.ts';
import { renderRightsEmail } from './rights.template.ts';

/**
 * A family's rights over one person's data (issue 30 item 4, docs/privacy.md): a signed link by
 * email, everything held about the address, corrections, consent withdrawal (through the consent
 * page's own signed action), and erasure — refused under a legal hold, and with a place still to
 * come either refused with the places named or carried out after releasing them, as the person
 * chooses. Organizers do the same for a person on request, for their unit's activities, audited.
 */
export interface RightsDeps {
  pool: Pool;
  clock: Clock;
  links: PersonLinks;
  /** Signs the consent page's links (the withdrawal goes through the consent feature's own action). */
  signer: LinkSigner;
  settings: PlanningSettings & { linkHours: number; publicBaseUrl: string };
}

/** Everything held about one address (it is not echoed: each registration names its own). */
export interface PersonData {
  registrations: (PersonRegistration & { withdrawUrl: string | null })[];
  feeds: { name: string; createdAt: string }[];
  legalHold: { reason: string; placedAt: string } | null;
}

export type ErasureOutcome = { status: 'erased'; registrations: number; releasedPlaces: number };

/** Who an erasure is asked by, and how far it reaches: the person (all), or an organizer (their unit). */
interface Scope { actor: Actor; unitId: number | null }

const linkRefused = () => new AppError(403, 'personal_link_invalid', 'This link is not valid or has expired; ask for a new one');
const person = (email: string): Actor => ({ label: `person:${createHash('sha256').update(email).digest('hex').slice(0, 12)}` });

export function rightsService(deps: RightsDeps) {
  const { pool, clock, links, signer, settings } = deps;

  function emailOf(token: string): string {
    const email = links.verify(token, clock.now());
    if (!email) throw linkRefused();
    return email;
  }

  async function dataOf(email: string, unitId: number | null): Promise<PersonData> {
    const now = clock.now().toUTC().toISO()!;
    const registrations = (await selectPersonRegistrations(pool, email, unitId, now)).map((r) => ({
      ...r,
      withdrawUrl: r.relation === 'guardian' && r.consent && (r.consent.status === 'given' || r.consent.status === 'pending') && r.status !== 'cancelled'
        ? `/consent/${r.id}/decline?sig=${encodeURIComponent(signer.sign(r.id, 'consent'))}` : null,
    }));
    const hold = await q.selectHold(pool, email);
    return { registrations, feeds: unitId === null ? await selectPersonFeeds(pool, email) : [], legalHold: hold ?? null };
  }

  /**
   * How far a staff member reaches: admins everyone's data; a unit's users (like its registrant
   * lists) the people of its activities — reading for viewers too, erasing for organizers only.
   */
  function unitScope(actor: Actor, erasing: boolean): number | null {
    const p = signedIn(actor);
    if (p.role === 'admin') return null;
    if (p.unitId !== null && (p.role === 'organizer' || !erasing)) return p.unitId;
    throw new ForbiddenError(erasing ? 'Only organizers and admins erase a person on request' : 'Only the users of a unit look people up');
  }

  /** Releases the person's places still to come (activity locks first, in id order: the order every change of places uses). */
  async function releasePlaces(db: PoolClient, upcoming: PersonRegistration[], now: DateTime, actor: Actor): Promise<number> {
    let released = 0;
    for (const r of [...upcoming].sort((a, b) => a.activityId - b.activityId || a.id - b.id)) {
      const activity = found(await selectActivity(db, r.activityId, true), 'activity', r.activityId);
      const before = found(await selectRegistration(db, r.id, true), 'registration', r.id);
      await leaveLocked(db, settings, activity, before, now, actor);
      released += 1;
    }
    return released;
  }

  /**
   * Carries out one pending request in one transaction: the whole person or nothing. A request
   * whose transaction crashed stays pending and is carried out by resume() (the hourly job).
   */
  async function carryOut(requestId: number | null, actor: Actor): Promise<{ id: number; outcome: ErasureOutcome | { refused: Record<string, unknown> } } | null> {
    return withTransaction(pool, async (db) => {
      const req = await q.lockPendingErasure(db, requestId);
      if (!req) return null;
      const now = clock.now();
      const nowIso = now.toUTC().toISO()!;
      // Checked again: a hold placed, or a place taken, since the request was recorded.
      const rows = await selectPersonRegistrations(db, req.email, req.unitId, nowIso);
      const refused = await refusalOf(db, req.email, req.releasePlaces, rows);
      if (refused) {
        await q.settleErasure(db, req.id, 'refused', refused, nowIso);
        return { id: req.id, outcome: { refused } };
      }
      const upcoming = rows.filter((r) => r.upcoming);
      const releasedPlaces = await releasePlaces(db, upcoming, now, actor);
      const due = await lockPersonRegistrations(db, req.email, req.unitId);
      await anonymisePeople(db, due, nowIso);
      const outcome: ErasureOutcome = { status: 'erased', registrations: due.length, releasedPlaces };
      if (due.length > 0) {
        // The confirmation: the one email after the person is gone; the hourly job scrubs its address once sent.
        const mail = renderRightsEmail({ kind: 'privacy_erased', registrations: due.length, releasedPlaces });
        await insertPreparedPersonDelivery(db, { dedupeKey: `privacy_erased:${req.id}`, kind: 'privacy_erased', registrationId: due[0]!.id, recipient: req.email, ...mail, availableAt: nowIso });
      }
      await q.settleErasure(db, req.id, 'done', outcome, nowIso);
      await insertAudit(db, actor, { action: 'erase', entity: 'person', entityId: req.id, after: { registrationIds: due.map((r) => r.id), releasedPlaces }, reason: req.requestedBy === actor.label ? 'erasure request' : `erasure request by ${req.requestedBy}` });
      return { id: req.id, outcome };
    });
  }

  /** Why this person's erasure cannot go ahead now (a legal hold; places still to come, unless released), or null. */
  async function refusalOf(db: PoolClient, email: string, releasePlaces: boolean, rows: PersonRegistration[]): Promise<Record<string, unknown> | null> {
    const hold = await q.selectHold(db, email);
    if (hold) return { code: 'erasure_legal_hold', reason: hold.reason };
    const upcoming = rows.filter((r) => r.upcoming);
    if (upcoming.length > 0 && !releasePlaces) {
      return { code: 'erasure_places_held', places: upcoming.map((r) => ({ registrationId: r.id, activityId: r.activityId, title: { 'zh-CN': r.titleZh, en: r.titleEn }, startsAt: r.startsAt })) };
    }
    return null;
  }

  const refusal = ({ code, ...details }: Record<string, unknown>) =>
    code === 'erasure_legal_hold'
      ? new ConflictError('erasure_legal_hold', 'A legal hold applies: the data must be kept', details)
      : new ConflictError('erasure_places_held', 'The person has places still to come: release them or wait until they are over', details);

  async function erase(email: string, releasePlaces: boolean, scope: Scope): Promise<ErasureOutcome> {
    // A refusal changes nothing; an erasure is recorded first, in its own transaction, so a crash
    // after it leaves a pending request for resume(), and then carried out in one transaction.
    const id = await withTransaction(pool, async (db) => {
      const nowIso = clock.now().toUTC().toISO()!;
      const rows = await selectPersonRegistrations(db, email, scope.unitId, nowIso);
      if (rows.length === 0) return null;
      const refused = await refusalOf(db, email, releasePlaces, rows);
      if (refused) throw refusal(refused);
      return q.insertErasureRequest(db, { email, releasePlaces, unitId: scope.unitId, requestedBy: scope.actor.label, now: nowIso });
    });
    if (id === null) return { status: 'erased', registrations: 0, releasedPlaces: 0 };
    const done = await carryOut(id, scope.actor);
    if (!done) throw new ConflictError('erasure_in_progress', 'This erasure is being carried out; ask again in a moment');
    if ('refused' in done.outcome) throw refusal(done.outcome.refused);
    return done.outcome;
  }

  return {
    /**
     * Sends the link if Orrery holds anything about the address, and answers the same either way
     * (no enumeration). One email per address and hour: asking again within it sends nothing new.
     */
    async requestLink(email: string): Promise<void> {
      const now = clock.now();
      const rows = await selectPersonRegistrations(pool, email, null, now.toUTC().toISO()!);
      if (rows.length === 0) return;
      const expiresAt = now.plus({ hours: settings.linkHours });
      const url = `${settings.publicBaseUrl}/privacy/person?token=${links.sign(email, expiresAt)}`;
      const mail = renderRightsEmail({ kind: 'privacy_link', url, expiresAt, timeZone: rows[0]!.timeZone });
      const hour = Math.floor(now.toSeconds() / 3600);
      await insertPreparedPersonDelivery(pool, {
        dedupeKey: `privacy_link:${createHash('sha256').update(`${email}:${hour}`).digest('hex').slice(0, 32)}`, kind: 'privacy_link',
        registrationId: rows[0]!.id, recipient: email, ...mail, availableAt: now.toUTC().toISO()!,
      });
    },

    /** Everything held about the link's address. */
    view: (token: string): Promise<PersonData> => dataOf(emailOf(token), null),

    /** Corrects name, grade or class of one of the person's registrations. */
    async correct(token: string, registrationId: number, change: { name?: string | undefined; grade?: number | null | undefined; class?: string | null | undefined }): Promise<PersonData> {
      const email = emailOf(token);
      const mine = (await selectPersonRegistrations(pool, email, null, clock.now().toUTC().toISO()!)).some((r) => r.id === registrationId);
      if (!mine) throw new NotFoundError('registration', registrationId);
      await withTransaction(pool, async (db) => {
        const before = await correctRegistration(db, registrationId, change, clock.now().toUTC().toISO()!);
        if (!before) throw new NotFoundError('registration', registrationId);
        await insertAudit(db, person(email), { action: 'update', entity: 'registration', entityId: registrationId, before: { name: before.name, grade: before.grade, class: before.class }, after: change, reason: 'correction by the person' });
      });
      return dataOf(email, null);
    },

    eraseByLink: (token: string, releasePlaces: boolean): Promise<ErasureOutcome> => {
      const email = emailOf(token);
      return erase(email, releasePlaces, { actor: person(email), unitId: null });
    },

    /** An organizer looks a person up on their request (audited as a read of their registrations). */
    async lookUp(actor: Actor, email: string): Promise<PersonData> {
      const unitId = unitScope(actor, false);
      const data = await dataOf(email, unitId);
      if (data.registrations.length > 0) {
        await insertAudit(pool, actor, { action: 'read', entity: 'person', entityId: null, after: { registrationIds: data.registrations.map((r) => r.id) }, reason: 'GET /privacy/people' });
      }
      return data;
    },

    eraseOnRequest: (actor: Actor, email: string, releasePlaces: boolean): Promise<ErasureOutcome> => erase(email, releasePlaces, { actor, unitId: unitScope(actor, true) }),

    /** Admins place or lift a legal hold on an address. */
    async hold(actor: Actor, email: string, reason: string | null): Promise<{ email: string; reason: string | null }> {
      requireAdmin(actor);
      await withTransaction(pool, async (db) => {
        const now = clock.now().toUTC().toISO()!;
        if (reason === null) await q.deleteHold(db, email);
        else await q.upsertHold(db, email, reason, actor.label, now);
        await insertAudit(db, actor, { action: reason === null ? 'delete' : 'update', entity: 'legal_hold', entityId: null, after: { reason } });
      });
      return { email, reason };
    },

    /** Pending requests a crash left (the hourly job calls this); returns the registrations anonymised. */
    async resume(): Promise<number> {
      let n = 0;
      for (let i = 0; i < 100; i += 1) {
        const done = await carryOut(null, { label: 'privacy' });
        if (!done) break;
        if (!('refused' in done.outcome)) n += done.outcome.registrations;
      }
      return n;
    },
  };
}

export type RightsService = ReturnType<typeof rightsService>;
