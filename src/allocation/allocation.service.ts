import { withTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { inSavepoint } from '../db/savepoint.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError, ConflictError } from '../shared/errors.ts';
import { requireUnitWrite } from '../shared/policy.ts';
import { audited } from '../audit/audited.ts';
import type { ActivitiesService } from '../activities/activities.service.ts';
import type { ClassesService } from '../classes/classes.service.ts';
import { allocate } from './allocate.ts';
import { allocateFirstCome } from './first-come.ts';
import type { AllocationApplication, AllocationResult, AllocationRules, Fairness } from './allocation.model.ts';
import * as q from './allocation.queries.ts';
import { lockOffer } from './offers.queries.ts';
import type { Offer } from './offers.schema.ts';
import type { OffersService } from './offers.service.ts';
import { publish } from '../webhooks/events.ts';

export interface AllocationDeps { pool: Pool; clock: Clock; activities: ActivitiesService; classes: ClassesService; offers: OffersService }

export interface RunSummary {
  dryRun: boolean; seed: number; fairness: Fairness; firstCome: Fairness;
  placed: number; waitlisted: number; booked: number; refused: number;
  explanations: AllocationResult['explanations'];
}

/** Ids are numbers in the API; the core works on strings. */
const numericIds = <T>(value: T): T => JSON.parse(JSON.stringify(value), (k, v) => (k === 'slotId' || k === 'applicationId') && typeof v === 'string' ? Number(v) : v);

async function decide(db: PoolClient | Pool, offer: Offer): Promise<{ result: AllocationResult; firstCome: AllocationResult }> {
  const rows = await q.selectApplicationInputs(db, offer.id);
  const applications: AllocationApplication[] = rows.map((a) => ({
    id: String(a.id), schoolId: String(a.schoolUnitId), districtId: a.district ?? 'none', classId: String(a.classId), classSize: a.classSize,
    preferences: a.preferences.map(String), submittedAt: a.createdAt,
  }));
  const slots = offer.slots.map((s) => ({ id: String(s.id), capacity: s.capacity, startsAt: s.startsAt }));
  const rules: AllocationRules = { ...offer.rules, termPlaces: offer.rules.termPriority ? await q.selectTermPlaces(db, offer.id) : {} };
  return { result: allocate(slots, applications, rules), firstCome: allocateFirstCome(slots, applications) };
}

/**
 * Running an offer's allocation (docs/allocation.md). A dry run decides and stores nothing, any time.
 * The real run, once the window closed, is two steps: (1) under the offer's row lock, if the offer is
 * still open, decide and store every application's decision and the audit row, and mark the offer
 * allocated — a second run, or one racing it, waits for the lock and then finds it allocated (409
 * already_allocated), so an offer is allocated once; (2) book each slot in its own unit of work through
 * the activities service (a draft with the offer's claims, the slot's classes, then confirmed: the
 * booking engine's checks and the class constraint). A slot the engine refuses costs its classes the
 * place, the reason kept in their explanation.
 */
export function allocationService(deps: AllocationDeps) {
  async function bookSlot(actor: Actor, offer: Offer, slot: Offer['slots'][number], timeZone: string): Promise<'booked' | 'refused' | 'none'> {
    return withTransaction(deps.pool, async (tx) => {
      const placed = await q.selectUnbookedPlaced(tx, slot.id);
      if (placed.length === 0) return 'none';
      try {
        const activityId = await inSavepoint(tx, async () => {
          const draft = await deps.activities.create(actor, {
            kind: offer.kind as never, title: offer.title, description: { 'zh-CN': '', en: '' }, organizerUnitId: offer.unitId, venueId: null,
            startsAt: slot.startsAt, endsAt: slot.endsAt, timeZone, allDay: false, status: 'draft', visibility: 'public', capacity: null,
            audienceGrades: offer.grades, languages: ['zh-CN'], claims: offer.claims.map((c) => ({ resourceId: c.resourceId, quantity: c.quantity, setupMinutes: 0, teardownMinutes: 0 })),
          } as Parameters<ActivitiesService['create']>[1], tx);
          await deps.classes.setActivityClasses(actor, draft.id, placed.map((p) => p.classId), tx);
          await deps.activities.update(actor, draft.id, { status: 'confirmed' }, tx);
          return draft.id;
        });
        await q.setBooked(tx, placed.map((p) => p.id), activityId);
        return 'booked';
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        await q.setBookingRefused(tx, placed.map((p) => p.id), error.details?.constraint === 'class_bookings_overlap' ? 'class_conflict' : error.code);
        return 'refused';
      }
    });
  }

  return {
    async run(actor: Actor, offerId: number, dryRun: boolean): Promise<RunSummary> {
      const offer = await deps.offers.getOffer(offerId);
      requireUnitWrite(actor, offer.unitId);
      const summarize = (r: AllocationResult, f: AllocationResult, booked = 0, refused = 0): RunSummary => ({
        dryRun, seed: offer.rules.seed, fairness: r.fairness, firstCome: f.fairness, placed: r.assignments.length - refused,
        waitlisted: r.waitlist.length, booked, refused, explanations: numericIds(r.explanations),
      });
      if (dryRun) {
        const { result, firstCome } = await decide(deps.pool, offer);
        return summarize(result, firstCome);
      }
      if (deps.clock.now().toMillis() < Date.parse(offer.closesAt)) {
        throw new ConflictError('offer_not_closed', 'The application window is still open; a dry run shows the result so far', { closesAt: offer.closesAt });
      }
      const decided = await withTransaction(deps.pool, async (tx) => {
        const locked = (await lockOffer(tx, offerId))!;
        if (locked.state !== 'open') throw new ConflictError('already_allocated', 'This offer has been allocated already', { allocatedAt: locked.allocatedAt });
        const { result, firstCome } = await decide(tx, locked);
        const explanations = new Map(result.explanations.map((e) => [e.applicationId, e]));
        const decisions = [...explanations.values()].map((e) => ({
          id: Number(e.applicationId), explanation: numericIds(e),
          state: e.outcome.code === 'got' ? 'placed' : e.waitlistPosition !== null ? 'waitlisted' : 'not_placed',
          slotId: e.outcome.code === 'got' ? Number(e.outcome.slotId) : null,
        }));
        await audited(deps.pool, actor, { entity: 'offer', action: 'allocate' }, async (db) => {
          await q.storeDecisions(db, offerId, decisions, { fair: result.fairness, firstCome: firstCome.fairness });
          return { entityId: offerId, after: { seed: locked.rules.seed, fairness: result.fairness, decisions: decisions.map((d) => ({ applicationId: d.id, outcome: d.explanation.outcome })) } };
        }, tx);
        await publish(tx, deps.clock.now().toUTC().toISO()!, {
          type: 'allocation.published', data: { offerId, term: locked.term, placed: decisions.filter((d) => d.state === 'placed').length, waitlisted: decisions.filter((d) => d.state === 'waitlisted').length },
          scope: { unitIds: [offer.unitId], classIds: [] },
        });
        return { result, firstCome };
      });
      const timeZone = await q.selectUnitTimeZone(deps.pool, offer.unitId);
      let booked = 0;
      let refused = 0;
      for (const slot of offer.slots) {
        const outcome = await bookSlot(actor, offer, slot, timeZone);
        if (outcome === 'booked') booked++;
        if (outcome === 'refused') refused++;
      }
      const refusedPlaces = refused === 0 ? 0 : (await deps.offers.listApplications(actor, offerId)).filter((a) => (a.explanation as { outcome?: { code?: string } } | null)?.outcome?.code === 'booking_refused').length;
      return summarize(decided.result, decided.firstCome, booked, refusedPlaces);
    },
  };
}
export type AllocationService = ReturnType<typeof allocationService>;
