import { randomInt } from 'node:crypto';
import type { Pool } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { audited } from '../audit/audited.ts';
import { AppError, ConflictError, ForbiddenError, ValidationError, found, type FieldIssue } from '../shared/errors.ts';
import { requireUnitWrite, signedIn } from '../shared/policy.ts';
import { selectClass } from '../classes/classes.queries.ts';
import * as q from './offers.queries.ts';
import { selectUnitTimeZone } from './allocation.queries.ts';
import { slotLabeller } from './slot-label.ts';
import { wordExplanation } from './allocation.words.ts';
import type { Explanation } from './allocation.model.ts';
import type { Application, ApplicationCreate, ApplicationUpdate, Offer, OfferCreate } from './offers.schema.ts';

/**
 * Offers and applications (docs/allocation.md): a unit that is not a school publishes an offer; a
 * school's organizer applies for its classes with ranked slots, one application per class per offer,
 * editable until the window closes. Every refusal names its fields and changes nothing.
 */
export function offersService(pool: Pool, clock: Clock) {
  async function getOffer(offerId: number): Promise<Offer> {
    return found(await q.selectOffer(pool, offerId), 'offer', offerId);
  }

  /** The window is [opensAt, closesAt): an application or change outside it is refused. */
  function requireWindowOpen(offer: Offer): void {
    const now = clock.now().toMillis();
    if (offer.state !== 'open' || now < Date.parse(offer.opensAt) || now >= Date.parse(offer.closesAt)) {
      throw new AppError(409, 'application_window_closed', 'Applications for this offer are not open now', {
        errors: [{ path: 'offer', message: `the application window is ${offer.opensAt} to ${offer.closesAt}` }],
        opensAt: offer.opensAt, closesAt: offer.closesAt,
      });
    }
  }

  function checkApplication(offer: Offer, grade: number | null, input: { classSize: number; preferences: number[] }): FieldIssue[] {
    const issues: FieldIssue[] = [];
    if (grade === null || !offer.grades.includes(grade)) issues.push({ path: 'body.classId', message: `the offer is for grades ${offer.grades.join(', ')}, not this class's` });
    if (input.classSize < offer.classSize.min || input.classSize > offer.classSize.max) {
      issues.push({ path: 'body.classSize', message: `must be between ${offer.classSize.min} and ${offer.classSize.max}` });
    }
    const slotIds = new Set(offer.slots.map((s) => s.id));
    input.preferences.forEach((p, i) => {
      if (!slotIds.has(p)) issues.push({ path: `body.preferences.${i}`, message: `slot ${p} is not a slot of this offer` });
      else if (input.preferences.indexOf(p) !== i) issues.push({ path: `body.preferences.${i}`, message: `slot ${p} is named twice` });
    });
    return issues;
  }

  /** The class and its school, or the problem: unknown class, a unit that is not a school, another school's organizer. */
  async function schoolClass(actor: Actor, classId: number) {
    const cls = await selectClass(pool, classId);
    if (!cls) throw new ValidationError('Unknown class', [{ path: 'body.classId', message: `class ${classId} does not exist` }]);
    const unit = await q.selectUnitKindAndDistrict(pool, cls.unitId);
    if (unit?.kind !== 'school') {
      throw new AppError(422, 'not_a_school', 'Only a school applies for its classes', { errors: [{ path: 'body.classId', message: 'this class belongs to a unit that is not a school' }] });
    }
    requireUnitWrite(actor, cls.unitId);
    return cls;
  }

  /** Each decided application with its explanation worded in zh-CN and en (pages show the reader's). */
  async function worded(offer: Offer, applications: Application[]): Promise<Application[]> {
    if (applications.every((a) => a.explanation === null)) return applications;
    const label = slotLabeller(offer.slots, await selectUnitTimeZone(pool, offer.unitId));
    return applications.map((a) => (a.explanation === null ? a : {
      ...a, worded: { 'zh-CN': wordExplanation(a.explanation as Explanation, 'zh-CN', label('zh-CN')), en: wordExplanation(a.explanation as Explanation, 'en', label('en')) },
    }));
  }

  return {
    getOffer,
    async listOffers(actor: Actor, query: { term?: string | undefined; unitId?: number | undefined }): Promise<Offer[]> {
      signedIn(actor);
      return q.selectOffers(pool, query);
    },
    async createOffer(actor: Actor, input: OfferCreate): Promise<Offer> {
      requireUnitWrite(actor, input.unitId);
      const unit = await q.selectUnitKindAndDistrict(pool, input.unitId);
      if (!unit) throw new ValidationError('Unknown unit', [{ path: 'body.unitId', message: `unit ${input.unitId} does not exist` }]);
      if (unit.kind === 'school') throw new ValidationError('A school does not publish offers', [{ path: 'body.unitId', message: 'a school applies for offers; a unit publishes them' }]);
      const rules = { ...input.rules, seed: input.rules.seed ?? randomInt(0, 2 ** 32 - 1) };
      const offerId = await audited(pool, actor, { entity: 'offer', action: 'create' }, async (db) => {
        const created = await q.insertOffer(db, { ...input, rules }, input.slots);
        return { after: created, entityId: created };
      });
      return getOffer(offerId!);
    },

    async apply(actor: Actor, offerId: number, input: ApplicationCreate): Promise<Application> {
      const offer = await getOffer(offerId);
      const cls = await schoolClass(actor, input.classId);
      requireWindowOpen(offer);
      const issues = checkApplication(offer, cls.grade, input);
      if (issues.length > 0) throw new ValidationError('The application does not fit the offer', issues);
      if (await q.selectApplicationByClass(pool, offerId, input.classId)) {
        throw new ConflictError('already_applied', 'This class has applied for this offer already; change that application instead', { errors: [{ path: 'body.classId', message: 'one application per class per offer' }] });
      }
      const created = await audited(pool, actor, { entity: 'application', action: 'create' }, async (db) => {
        const after = await q.insertApplication(db, { offerId, schoolUnitId: cls.unitId, classId: cls.id, classSize: input.classSize, preferences: input.preferences });
        return { after, entityId: after.id };
      }).catch((error: unknown) => {
        // Two requests for the same class at once: the unique key decides, the loser gets the same problem.
        if (error instanceof ConflictError && error.code === 'already_exists') throw new ConflictError('already_applied', 'This class has applied for this offer already', { errors: [{ path: 'body.classId', message: 'one application per class per offer' }] });
        throw error;
      });
      return created!;
    },

    async updateApplication(actor: Actor, applicationId: number, patch: ApplicationUpdate): Promise<Application> {
      const before = found(await q.selectApplication(pool, applicationId), 'application', applicationId);
      const offer = await getOffer(before.offerId);
      const cls = (await selectClass(pool, before.classId))!;
      requireUnitWrite(actor, before.schoolUnitId);
      requireWindowOpen(offer);
      const next = { classSize: patch.classSize ?? before.classSize, preferences: patch.preferences ?? before.preferences };
      const issues = checkApplication(offer, cls.grade, next);
      if (issues.length > 0) throw new ValidationError('The application does not fit the offer', issues);
      const updated = await audited(pool, actor, { entity: 'application', action: 'update' }, async (db) => ({ before, after: await q.updateApplication(db, applicationId, next), entityId: applicationId }));
      return updated!;
    },

    /** The offer's unit and admins see every application; a school's users see their school's. */
    async listApplications(actor: Actor, offerId: number): Promise<Application[]> {
      const p = signedIn(actor);
      const offer = await getOffer(offerId);
      if (p.role === 'admin' || p.unitId === offer.unitId) return worded(offer, await q.selectApplications(pool, offerId, null));
      if (p.unitId === null) throw new ForbiddenError('This belongs to another unit');
      return worded(offer, await q.selectApplications(pool, offerId, p.unitId));
    },

    async getApplication(actor: Actor, applicationId: number): Promise<Application> {
      const p = signedIn(actor);
      const application = found(await q.selectApplication(pool, applicationId), 'application', applicationId);
      const offer = await getOffer(application.offerId);
      if (p.role !== 'admin' && p.unitId !== application.schoolUnitId && p.unitId !== offer.unitId) throw new ForbiddenError('This belongs to another unit');
      return (await worded(offer, [application]))[0]!;
    },
  };
}
export type OffersService = ReturnType<typeof offersService>;
