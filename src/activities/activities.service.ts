import type { Pool, PoolClient } from '../db/pool.ts';
import { dryRun } from './dry-run.ts';
import { claimsKey, replaceClaims } from './claim-set.ts';
import type { Claim, ClaimInput, ClaimUpdate, Override } from '../booking/claims.schema.ts';
import { found } from '../shared/errors.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { defaultBookingOptions, holdTime, type BookingOptions } from '../booking/holds.ts';
import { reopensDeclinedClaims, settle, transition } from '../booking/status.ts';
import type { Block } from '../calendars/blocking.ts';
import * as q from './activities.queries.ts';
import * as cq from '../booking/claims.queries.ts';
import { decodeCursor, encodeCursor, presentActivity } from './activities.present.ts';
import type { Activity, ActivityCreate, ActivityListQuery, ActivityUpdate } from './activities.schema.ts';
import { checkClaims } from '../booking/claims.rules.ts';
import { ActivityEvents } from '../shared/activity-events.ts';
import { approvalFor, attendeeRelevantChange, merge, timingChanged } from './activity.values.ts';
import { lockForVenue, placeVenue, withVenueClaim } from './venue-claim.ts';
import { enforceBooking, holdersVisibleTo } from '../booking/booking.rules.ts';
import { activityViewer, canSeeActivity, requireOverrideRight, requireUnitWrite } from '../shared/policy.ts';
import { plannedOccurrences, reshapeStored, syncOccurrences, touched, type OccurrenceChanges } from './series.ts';

const entity = 'activity';



/** The reason an override let blocked calendar time through, for the audit row (admins only: policy.ts). */
export function calendarOverride(override: Override | undefined, blocks: Block[]): string | null {
  if (!override || blocks.length === 0) return null;
  const what = [...new Set(blocks.map((b) => `${b.kind}: ${b.reason.en}`))].join('; ');
  return `calendar override (${what}): ${override.reason}`;
}

/** An activity with its claims, as the API shows it. */
export async function loadActivity(db: Pool | PoolClient, id: number): Promise<Activity> {
  const { claims, ...row } = found(await q.selectActivityWithClaims(db, id), entity, id);
  return presentActivity(row, claims);
}

export function activitiesService(pool: Pool, events: ActivityEvents = new ActivityEvents(), booking: BookingOptions = defaultBookingOptions) {
  /** The clock's now as UTC ISO: edits re-check only occurrences that have not ended by then. */
  const nowIso = () => booking.clock.now().toUTC().toISO()!;
  const load = loadActivity;

  async function insertClaims(db: PoolClient, id: number, organizerUnitId: number, claims: ClaimInput[], locked: Map<number, cq.LockedResource>): Promise<void> {
    for (const claim of claims) await cq.insertClaim(db, id, claim, approvalFor(locked.get(claim.resourceId)!, organizerUnitId));
  }

  /** Settles status and hold after claims changed: `confirmed` waits for pending approvals as `requested`. */
  async function settleStatus(db: PoolClient, row: q.ActivityRow, values: q.ActivityValues, pendingBefore: number, statusKept: boolean): Promise<void> {
    if (reopensDeclinedClaims(row.status, values.status)) await cq.reopenDeclinedClaims(db, row.id);
    const pendingAfter = await cq.countPendingApprovals(db, row.id);
    // Dropping the last pending claim (a venue of another unit given up) leaves nothing to approve.
    const outcome = settle(row, { type: 'edit', wanted: statusKept ? undefined : values.status, pendingBefore, pendingAfter }, holdTime(booking));
    values.status = outcome.status;
    values.holdExpiresAt = outcome.holdExpiresAt;
    if (attendeeRelevantChange(row, values)) values.sequence = row.sequence + 1;
  }

  /** PATCH in the caller's transaction (also the dry run's): values, claims, occurrences, bookings, events. */
  async function applyUpdate(db: PoolClient, actor: Actor, id: number, patch: ActivityUpdate) {
    const row = found(await q.selectActivity(db, id, true), entity, id);
    requireUnitWrite(actor, row.organizerUnitId);
    requireOverrideRight(actor, patch.override);
    const claimsBefore = await cq.selectClaims(db, [id]);
    const before = presentActivity(row, claimsBefore);
    const values = merge(row, patch);
    const planned = timingChanged(row, values) ? plannedOccurrences(values) : null;
    const pendingBefore = await cq.countPendingApprovals(db, id);
    // The claim set first: it locks every resource of the edit in one ascending batch.
    const claimLocks = patch.claims ? await replaceClaims(db, row, patch.claims, values.venueId) : new Map();
    const venueLocks = await lockForVenue(db, row, values.venueId);
    await placeVenue(db, row, values.venueId, venueLocks);
    const locked = new Map([...claimLocks, ...venueLocks]);
    await settleStatus(db, row, values, pendingBefore, patch.status === undefined);
    await q.updateActivity(db, id, values, booking.clock.now().toUTC().toISO()!);
    await q.updateParticipation(db, id, patch);
    // A changed series keeps its occurrences (and their exceptions) where they still exist: series.plan.ts.
    const changes: OccurrenceChanges = planned ? await reshapeStored(db, id, row, values, planned,
      (removed) => events.emit(db, { type: 'occurrences_removing', activityId: id, occurrenceIds: removed })) : { added: [], changed: [], removed: [] };
    // A one-off's single occurrence mirrors the activity, cancellation included.
    if (!values.recurrenceRule) await q.upsertSingleOccurrence(db, id, values.startsAt, values.endsAt, values.status === 'cancelled');
    // Only a change that moves, adds, grows or (re)activates bookings is checked again: a capacity or title
    // edit must not be refused for calendar time blocked after the booking was made.
    const claimsChanged = patch.claims !== undefined && claimsKey(claimsBefore) !== claimsKey(await cq.selectClaims(db, [id]));
    const bookingChanged = planned !== null || values.venueId !== row.venueId || values.status !== row.status || claimsChanged;
    const blocks = bookingChanged ? await enforceBooking(db, { activityId: id, resourceIds: [...locked.keys()], override: patch.override, visibility: holdersVisibleTo(actor), notEndedBy: nowIso() }) : [];
    await events.emit(db, {
      type: 'updated', activityId: id, attendeeRelevant: values.sequence !== row.sequence,
      statusBefore: row.status, statusAfter: values.status,
    });
    if (touched(changes).length > 0) await events.emit(db, { type: 'occurrences_changed', activityId: id, occurrenceIds: touched(changes) });
    return { before, after: await load(db, id), entityId: id, reason: calendarOverride(patch.override, blocks) };
  }

  return {
    async list(actor: Actor, query: ActivityListQuery) {
      const after = decodeCursor(query.cursor);
      if (query.cursor && !after) throw new ValidationError('Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor from this API' }]);
      const rows = await q.selectActivities(pool, query, after, activityViewer(actor));
      const shown = rows.slice(0, query.limit);
      const claims = await cq.selectClaims(pool, shown.map((r) => r.id));
      const last = shown[shown.length - 1];
      return {
        items: shown.map((row) => presentActivity(row, claims)),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
      };
    },

    /** An activity the caller may not see answers 404, like one that does not exist. */
    async get(actor: Actor, id: number): Promise<Activity> {
      const activity = await load(pool, id);
      if (!canSeeActivity(actor, activity)) throw new NotFoundError(entity, id);
      return activity;
    },

    /** In its own transaction, or given `tx` in the caller's (a unit of work spanning features: audited.ts). */
    async create(actor: Actor, input: ActivityCreate, tx?: PoolClient): Promise<Activity> {
      requireUnitWrite(actor, input.organizerUnitId);
      requireOverrideRight(actor, input.override);
      const created = await audited(pool, actor, { entity, action: 'create' }, async (db) => {
        const timing = { startsAt: input.startsAt, endsAt: input.endsAt, timeZone: input.timeZone, allDay: input.allDay, recurrenceRule: input.recurrenceRule ?? null };
        const planned = plannedOccurrences(timing);
        const claims = withVenueClaim(input.claims, input.venueId);
        const seen = await q.selectUnitAndResources(db, input.organizerUnitId, claims.map((c) => c.resourceId));
        if (!seen.unitExists) {
          throw new ValidationError('Unknown organizer unit', [{ path: 'body.organizerUnitId', message: `unit ${input.organizerUnitId} does not exist` }]);
        }
        // Pending approvals (another unit's resources) decide the status: as read now, then again once locked.
        const pendingOf = (resources: Map<number, cq.LockedResource>) => claims.filter((c) => resources.has(c.resourceId) && approvalFor(resources.get(c.resourceId)!, input.organizerUnitId) === 'pending').length;
        const settled = (pending: number) => settle({ status: 'draft', holdExpiresAt: null }, { type: 'edit', wanted: input.status, pendingBefore: 0, pendingAfter: pending }, holdTime(booking));
        const estimate = pendingOf(new Map(seen.resources.map((r) => [r.id, r])));
        let { status, holdExpiresAt } = settled(estimate);
        const id = await q.insertActivity(db, {
          kind: input.kind, titleZh: input.title['zh-CN'], titleEn: input.title.en,
          descriptionZh: input.description?.['zh-CN'] ?? '', descriptionEn: input.description?.en ?? '',
          organizerUnitId: input.organizerUnitId,
          startsAt: input.startsAt, endsAt: input.endsAt, timeZone: input.timeZone, allDay: input.allDay,
          status, visibility: input.visibility, capacity: input.capacity ?? null,
          audienceGrades: input.audienceGrades, languages: input.languages, sequence: 0,
          recurrenceRule: timing.recurrenceRule, holdExpiresAt,
        }, booking.clock.now().toUTC().toISO()!);
        const { added } = await syncOccurrences(db, id, planned);
        await q.updateParticipation(db, id, input);
        // The venue's claim comes first when the body did not claim it: paths name the body's own claims.
        const locked = await checkClaims(db, claims, input.venueId ?? null, [], (claim) => {
          const index = input.claims.findIndex((c) => c.resourceId === claim.resourceId);
          return index < 0 ? 'body.venueId' : `body.claims.${index}`;
        });
        if (pendingOf(locked) !== estimate) {
          ({ status, holdExpiresAt } = settled(pendingOf(locked)));
          await q.correctNewStatus(db, id, status, holdExpiresAt);
        }
        await insertClaims(db, id, input.organizerUnitId, input.claims, locked);
        await placeVenue(db, { id, organizerUnitId: input.organizerUnitId, venueId: null }, input.venueId ?? null, locked);
        // Every occurrence of a new activity is scheduled (syncOccurrences), in the order planned.
        const known = { facts: { status, organizerUnitId: input.organizerUnitId, allDay: input.allDay }, occurrences: planned.map((p, i) => ({ id: added[i]!, ...p })) };
        const blocks = await enforceBooking(db, { activityId: id, resourceIds: [...locked.keys()], override: input.override, visibility: holdersVisibleTo(actor), known });
        await events.emit(db, { type: 'created', activityId: id });
        return { after: await load(db, id), entityId: id, reason: calendarOverride(input.override, blocks) };
      }, tx);
      return created!;
    },

    /** In its own transaction, or given `tx` in the caller's (like create). */
    async update(actor: Actor, id: number, patch: ActivityUpdate, tx?: PoolClient): Promise<Activity> {
      const updated = await audited(pool, actor, { entity, action: 'update' }, (db) => applyUpdate(db, actor, id, patch), tx);
      return updated!;
    },

    /** PATCH as a dry run: the same checks in a transaction that is rolled back; answers what PATCH would store. */
    async checkUpdate(actor: Actor, id: number, patch: ActivityUpdate): Promise<Activity> {
      return dryRun(pool, async (db) => (await applyUpdate(db, actor, id, patch)).after);
    },

    async remove(actor: Actor, id: number): Promise<void> {
      await audited(pool, actor, { entity, action: 'delete' }, async (db) => {
        const before = await load(db, id);
        requireUnitWrite(actor, before.organizerUnitId);
        if (!transition(before, { type: 'delete' }, holdTime(booking)).ok) {
          throw new ConflictError('not_draft', 'Only draft activities can be deleted; cancel it instead so subscribers see the cancellation');
        }
        await q.deleteActivity(db, id);
        return { before, entityId: id };
      });
    },

    async addClaim(actor: Actor, activityId: number, input: ClaimInput): Promise<Claim> {
      const created = await audited(pool, actor, { entity: 'claim', action: 'create' }, async (db) => {
        const row = found(await q.selectActivity(db, activityId, true), entity, activityId);
        requireUnitWrite(actor, row.organizerUnitId);
        const locked = await checkClaims(db, [input], null, [], () => 'body');
        const approval = approvalFor(locked.get(input.resourceId)!, row.organizerUnitId);
        const after = await cq.insertClaim(db, activityId, input, approval);
        const outcome = settle(row, { type: 'claim_added', approval }, holdTime(booking));
        if (outcome.changed) {
          // Another unit's resource: the activity holds it as `requested` until that unit approves.
          await cq.setStatus(db, activityId, 'requested', outcome.holdExpiresAt);
          await events.emit(db, { type: 'updated', activityId, attendeeRelevant: true, statusBefore: row.status, statusAfter: 'requested' });
        }
        await enforceBooking(db, { activityId, resourceIds: [input.resourceId], visibility: holdersVisibleTo(actor), notEndedBy: nowIso() });
        return { after, entityId: after.id };
      });
      return created!;
    },

    async updateClaim(actor: Actor, activityId: number, claimId: number, input: ClaimUpdate): Promise<Claim> {
      const updated = await audited(pool, actor, { entity: 'claim', action: 'update' }, async (db) => {
        requireUnitWrite(actor, found(await q.selectActivity(db, activityId, true), entity, activityId).organizerUnitId);
        const before = found(await cq.selectClaim(db, activityId, claimId), 'claim', claimId);
        await checkClaims(db, [{ ...before, ...input }], null, [], () => 'body');
        const after = await cq.updateClaim(db, claimId, input);
        await enforceBooking(db, { activityId, resourceIds: [before.resourceId], visibility: holdersVisibleTo(actor), notEndedBy: nowIso() });
        return { before, after, entityId: claimId };
      });
      return updated!;
    },

    async removeClaim(actor: Actor, activityId: number, claimId: number): Promise<void> {
      await audited(pool, actor, { entity: 'claim', action: 'delete' }, async (db) => {
        const row = found(await q.selectActivity(db, activityId, true), entity, activityId);
        requireUnitWrite(actor, row.organizerUnitId);
        const before = found(await cq.selectClaim(db, activityId, claimId), 'claim', claimId);
        await cq.deleteClaim(db, claimId);
        const pendingBefore = before.approval === 'pending' ? 1 : 0;
        const outcome = settle(row, { type: 'claim_removed', pendingBefore, pendingAfter: await cq.countPendingApprovals(db, activityId) }, holdTime(booking));
        // (A confirmed activity is told again: its listeners reconcile, which changes nothing.)
        if (outcome.status === 'confirmed') {
          // Removing a claim frees time and confirming keeps every booking active: no locks needed.
          await cq.setStatus(db, activityId, 'confirmed', null);
          await events.emit(db, { type: 'updated', activityId, attendeeRelevant: true, statusBefore: row.status, statusAfter: 'confirmed' });
        }
        return { before, entityId: claimId };
      });
    },
  };
}
export type ActivitiesService = ReturnType<typeof activitiesService>;
