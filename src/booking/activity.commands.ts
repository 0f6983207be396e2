import type { PoolClient } from '../db/pool.ts';
import { ConflictError, ValidationError, found } from '../shared/errors.ts';
import type { Actor } from '../shared/actor.ts';
import type { ActivityEvents } from '../shared/activity-events.ts';
import { requireOverrideRight, requireUnitWrite } from '../shared/policy.ts';
import type { Block } from '../calendars/blocking.ts';
import { holdTime, type BookingOptions } from './holds.ts';
import { reopensDeclinedClaims, settle, transition } from './status.ts';
import { saveStatus } from './status.save.ts';
import * as q from './activity.queries.ts';
import * as cq from './claims.queries.ts';
import type { Claim, Override } from './claims.schema.ts';
import type { ActivityCreate, ActivityUpdate } from './activity.schema.ts';
import { loadActivity, presentActivity } from './activity.present.ts';
import { approvalFor, checkClaims } from './claims.rules.ts';
import { claimsKey, replaceClaims } from './claim-set.ts';
import { attendeeRelevantChange, merge, timingChanged } from './activity.values.ts';
import { lockForVenue, placeVenue, withVenueClaim } from './venue-claim.ts';
import { enforceBooking, holdersVisibleTo } from './booking.rules.ts';
import { plannedOccurrences, reshapeStored, touched, type OccurrenceChanges } from './series.ts';

/** The reason an override let blocked calendar time through, for the audit row (admins only: policy.ts). */
export function calendarOverride(override: Override | undefined, blocks: Block[]): string | null {
  if (!override || blocks.length === 0) return null;
  const what = [...new Set(blocks.map((b) => `${b.kind}: ${b.reason.en}`))].join('; ');
  return `calendar override (${what}): ${override.reason}`;
}

/**
 * Create, edit and delete of an activity with everything it holds (occurrences, claims, the venue
 * claim, status and hold, bookings), in the caller's transaction `db`. Each answers the change for
 * its audit row (audit/audited.ts writes it in the same transaction).
 */
export function activityCommands(events: ActivityEvents, booking: BookingOptions) {
  /** The clock's now as UTC ISO: edits re-check only occurrences that have not ended by then. */
  const nowIso = () => booking.clock.now().toUTC().toISO()!;

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

  async function create(db: PoolClient, actor: Actor, input: ActivityCreate) {
    requireUnitWrite(actor, input.organizerUnitId);
    requireOverrideRight(actor, input.override);
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
    // The activity and its occurrences (every one scheduled, in the order planned) in one statement.
    const { row, occurrenceIds: added } = await q.insertActivityWithOccurrences(db, {
      kind: input.kind, titleZh: input.title['zh-CN'], titleEn: input.title.en,
      descriptionZh: input.description?.['zh-CN'] ?? '', descriptionEn: input.description?.en ?? '',
      organizerUnitId: input.organizerUnitId,
      startsAt: input.startsAt, endsAt: input.endsAt, timeZone: input.timeZone, allDay: input.allDay,
      visibility: input.visibility, capacity: input.capacity ?? null,
      audienceGrades: input.audienceGrades, languages: input.languages, sequence: 0,
      recurrenceRule: timing.recurrenceRule,
    }, planned);
    const { id } = row;
    // Inserted a draft; the status its claims imply is written before its claims exist.
    if (status !== 'draft') await saveStatus(db, events, id, { status: 'draft', holdExpiresAt: null }, { status, holdExpiresAt }, 'with-values', nowIso());
    // What changes the row beyond its status after the insert; then it is read back for the answer (see below).
    let rowChanged = await q.updateParticipation(db, id, input);
    // The venue's claim comes first when the body did not claim it: paths name the body's own claims.
    const locked = await checkClaims(db, claims, input.venueId ?? null, [], (claim) => {
      const index = input.claims.findIndex((c) => c.resourceId === claim.resourceId);
      return index < 0 ? 'body.venueId' : `body.claims.${index}`;
    });
    if (pendingOf(locked) !== estimate) {
      const written = { status, holdExpiresAt };
      ({ status, holdExpiresAt } = settled(pendingOf(locked)));
      await saveStatus(db, events, id, written, { status, holdExpiresAt }, 'corrected', nowIso());
      rowChanged = true;
    }
    const inserted: Claim[] = [];
    for (const claim of input.claims) inserted.push(await cq.insertClaim(db, id, claim, approvalFor(locked.get(claim.resourceId)!, input.organizerUnitId)));
    await placeVenue(db, { id, organizerUnitId: input.organizerUnitId, venueId: null }, input.venueId ?? null, locked);
    // Every occurrence of a new activity is scheduled (insertActivityWithOccurrences), in the order planned.
    const known = { facts: { status, organizerUnitId: input.organizerUnitId, allDay: input.allDay }, occurrences: planned.map((p, i) => ({ id: added[i]!, ...p })) };
    const blocks = await enforceBooking(db, { activityId: id, resourceIds: [...locked.keys()], override: input.override, visibility: holdersVisibleTo(actor), known });
    await events.emit(db, { type: 'created', activityId: id });
    // The answer (and audit row) from what this transaction wrote, one statement fewer under the resource
    // locks: the inserted row with the status written since (status.save.ts 'with-values' keeps the
    // SEQUENCE; updated_at is the transaction's now either way). Read back instead when the row changed
    // otherwise, a venue claim was placed, or a hold or a cancellation time was written.
    const fresh = !rowChanged && input.venueId == null && holdExpiresAt === null && status !== 'cancelled';
    const after = fresh ? presentActivity({ ...row, status }, inserted.sort((a, b) => a.resourceId - b.resourceId)) : await loadActivity(db, id);
    return { after, entityId: id, reason: calendarOverride(input.override, blocks) };
  }

  /** PATCH (also its dry run's): values, the claim set, the venue claim, status, occurrences, bookings, events. */
  async function edit(db: PoolClient, actor: Actor, id: number, patch: ActivityUpdate) {
    const row = found(await q.selectActivity(db, id, true), 'activity', id);
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
    if (values.status !== row.status || values.holdExpiresAt !== row.holdExpiresAt) {
      await saveStatus(db, events, id, row, { status: values.status, holdExpiresAt: values.holdExpiresAt }, 'with-values', nowIso());
    }
    await q.updateActivity(db, id, values);
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
    return { before, after: await loadActivity(db, id), entityId: id, reason: calendarOverride(patch.override, blocks) };
  }

  /** Only a draft may be deleted: a cancellation is what subscribers must see. */
  async function remove(db: PoolClient, actor: Actor, id: number) {
    const before = await loadActivity(db, id);
    requireUnitWrite(actor, before.organizerUnitId);
    if (!transition(before, { type: 'delete' }, holdTime(booking)).ok) {
      throw new ConflictError('not_draft', 'Only draft activities can be deleted; cancel it instead so subscribers see the cancellation');
    }
    await q.deleteActivity(db, id);
    return { before, entityId: id };
  }

  return { create, edit, remove };
}
