import { DateTime } from 'luxon';
import type { PoolClient } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import type { ActivityEvents } from '../shared/activity-events.ts';
import { requireOverrideRight, requireUnitWrite } from '../shared/policy.ts';
import { ConflictError, ValidationError, found } from '../shared/errors.ts';
import { inZone, toDateTime } from '../shared/time.ts';
import { endBefore, formatRule, parseRule } from '../shared/recurrence.ts';
import * as q from './activity.queries.ts';
import * as cq from './claims.queries.ts';
import * as oq from './occurrences.queries.ts';
import type { Activity } from './activity.schema.ts';
import type { OccurrenceUpdate, SeriesSplit } from './occurrences.schema.ts';
import { calendarOverride } from './activity.commands.ts';
import { loadActivity, presentOccurrence } from './activity.present.ts';
import { holdTime, type BookingOptions } from './holds.ts';
import { holdersVisibleTo, enforceBooking } from './booking.rules.ts';
import { valuesOfRow } from './activity.values.ts';
import { replaceClaims } from './claim-set.ts';
import { lockForVenue, placeVenue } from './venue-claim.ts';
import { settle } from './status.ts';
import { saveStatus } from './status.save.ts';
import { plannedOccurrences, seriesChange } from './series.ts';
import { overlapping, reshapeSeries } from './series.plan.ts';

const ms = (iso: string) => toDateTime(iso).toMillis();

function recurring(row: q.ActivityRow): string {
  if (!row.recurrenceRule) throw new ConflictError('not_recurring', 'This is a one-off activity: change it with PATCH /activities/{id}');
  return row.recurrenceRule;
}

/**
 * Refuses a change that makes an occurrence meet another scheduled occurrence of its series (two
 * sessions at one moment). Overlaps it already had, scheduled, stay allowed: a rule may make them.
 */
async function refuseMeeting(db: PoolClient, before: oq.OccurrenceRow, after: { startsAt: string; endsAt: string; status: string }, zone: string): Promise<void> {
  if (after.status !== 'scheduled') return;
  const siblings = await oq.selectOccurrences(db, before.activityId);
  const had = before.status === 'scheduled' ? new Set(overlapping(siblings, before.id, before.startsAt, before.endsAt).map((o) => o.id)) : new Set<number>();
  const met = overlapping(siblings, before.id, after.startsAt, after.endsAt).filter((o) => !had.has(o.id));
  if (met.length === 0) return;
  throw new ConflictError('occurrence_overlap', 'Another occurrence of this series is scheduled at that time: move or cancel it first', {
    occurrences: met.map((o) => ({ id: o.id, startsAt: inZone(o.startsAt, zone), endsAt: inZone(o.endsAt, zone) })),
  });
}

/**
 * "This and following" (a split) and one occurrence at a time (move, cancel, restore), in the
 * caller's transaction `db`; each answers the change for its audit row.
 */
export function seriesCommands(events: ActivityEvents, booking: BookingOptions) {
  const load = loadActivity;

  /** "This and following" (also its dry run's). */
  async function split(db: PoolClient, actor: Actor, activityId: number, body: SeriesSplit) {
    const row = found(await q.selectActivity(db, activityId, true), 'activity', activityId);
    requireUnitWrite(actor, row.organizerUnitId);
    requireOverrideRight(actor, body.override);
    const at = found(await oq.selectOccurrence(db, activityId, body.occurrenceId), 'occurrence', body.occurrenceId);
    const rule = parseRule(recurring(row));
    const all = await oq.selectOccurrences(db, activityId);
    const earlier = all.filter((o) => ms(o.originalStartsAt) < ms(at.originalStartsAt));
    if (earlier.length === 0) {
      throw new ValidationError('That occurrence starts the series', [{ path: 'body.occurrenceId', message: 'the first occurrence starts the series: PATCH the activity to change all of it' }]);
    }
    const before = await load(db, activityId);
    const original = DateTime.fromISO(at.originalStartsAt, { zone: 'utc' }).setZone(row.timeZone);
    const venueId = body.venueId === undefined ? row.venueId : body.venueId;
    // Every resource the activity claims, a new venue and the new claims, ascending, as every booking path does.
    const locked = await lockForVenue(db, row, venueId, (body.claims ?? []).map((c) => c.resourceId));

    // The series ends just before this occurrence.
    await q.updateActivity(db, activityId, { ...valuesOfRow(row), recurrenceRule: formatRule(endBefore(rule, original)), sequence: row.sequence + 1 });

    // A new series continues from it, with the changes.
    const startsAt = body.startsAt ?? original.toISO()!;
    const endsAt = body.endsAt ?? toDateTime(startsAt).plus(toDateTime(row.endsAt).diff(toDateTime(row.startsAt))).toISO()!;
    const values: q.ActivityValues = {
      ...valuesOfRow(row), startsAt, endsAt, venueId, sequence: 0,
      titleZh: body.title?.['zh-CN'] ?? row.title['zh-CN'], titleEn: body.title?.en ?? row.title.en,
      descriptionZh: body.description?.['zh-CN'] ?? row.description['zh-CN'], descriptionEn: body.description?.en ?? row.description.en,
      recurrenceRule: body.recurrenceRule ?? formatRule(rule.count === undefined ? rule : { ...rule, count: rule.count - earlier.length }),
    };
    const planned = plannedOccurrences(values);
    const newId = await q.insertActivity(db, values);
    // The following part starts with the series' status and hold (settled below once its claims are copied).
    if (row.status !== 'draft') await saveStatus(db, events, newId, { status: 'draft', holdExpiresAt: null }, { status: row.status, holdExpiresAt: row.holdExpiresAt }, 'with-values', booking.clock.now().toUTC().toISO()!);
    // Registration settings (per-session places, transport, contact) are the series', not the defaults.
    await q.updateParticipation(db, newId, {
      registrationScope: row.registrationScope, transport: row.transport, contact: row.contact, destination: row.destination, meetingPoint: row.meetingPoint,
      contactPhone: row.contactPhone, pupilsPerAdult: row.pupilsPerAdult, headCountDays: row.headCountDays,
    });
    // The following occurrences move over with their ids (what hangs on them follows: per-session
    // places, attendance, reminders, check-in codes); moved and cancelled ones keep their exception
    // (series.plan.ts); the ones the new rule drops go, the ones it adds are new.
    const explicit = body.startsAt !== undefined || body.endsAt !== undefined ? at.originalStartsAt : undefined;
    const following = all.filter((o) => !earlier.includes(o));
    const plan = reshapeSeries(following, seriesChange(row, values, planned, at.originalStartsAt, explicit));
    const kept = plan.occurrences.filter((r): r is typeof r & { id: number } => r.id !== null);
    await oq.moveOccurrences(db, newId, kept);
    await oq.insertOccurrences(db, newId, plan.occurrences.filter((r) => r.id === null));
    await oq.copyClaims(db, activityId, newId);
    await oq.copyClasses(db, activityId, newId);
    await placeVenue(db, { id: newId, organizerUnitId: row.organizerUnitId, venueId: row.venueId }, venueId, locked);
    if (body.claims) for (const [key, value] of await replaceClaims(db, found(await q.selectActivity(db, newId, true), 'activity', newId), body.claims, venueId)) locked.set(key, value);
    const outcome = settle(row, { type: 'edit', wanted: row.status, pendingBefore: 0, pendingAfter: await cq.countPendingApprovals(db, newId) }, holdTime(booking));
    if (outcome.changed) await saveStatus(db, events, newId, row, { status: 'requested', holdExpiresAt: outcome.holdExpiresAt }, 'following');
    const blocks = await enforceBooking(db, { activityId: newId, resourceIds: [...locked.keys()], override: body.override, visibility: holdersVisibleTo(actor), notEndedBy: booking.clock.now().toUTC().toISO()! });
    // Participants first (registrations follow their sessions, while the dropped ones still exist to
    // tell their holders), then the two parts reconcile as any change does.
    await events.emit(db, { type: 'split', activityId, followingId: newId, occurrenceIds: kept.map((r) => r.id), removedOccurrenceIds: plan.removed });
    await oq.deleteOccurrences(db, plan.removed);
    await events.emit(db, { type: 'occurrences_changed', activityId, occurrenceIds: following.map((o) => o.id) });
    await events.emit(db, { type: 'created', activityId: newId });
    const after: { original: Activity; following: Activity | null } = { original: await load(db, activityId), following: await load(db, newId) };
    return { before: { original: before, following: null }, after, entityId: activityId, reason: calendarOverride(body.override, blocks) };
  }

  /** Moves, cancels or restores one occurrence of a series. */
  async function moveOccurrence(db: PoolClient, actor: Actor, activityId: number, occurrenceId: number, patch: OccurrenceUpdate) {
    const row = found(await q.selectActivity(db, activityId, true), 'activity', activityId);
    requireUnitWrite(actor, row.organizerUnitId);
    requireOverrideRight(actor, patch.override);
    // Another activity's occurrence is not found here, whatever this activity is.
    const before = found(await oq.selectOccurrence(db, activityId, occurrenceId), 'occurrence', occurrenceId);
    recurring(row);
    const startsAt = patch.startsAt ?? before.startsAt;
    // Moving only the start keeps the occurrence's length.
    const endsAt = patch.endsAt ?? toDateTime(startsAt).plus(toDateTime(before.endsAt).diff(toDateTime(before.startsAt))).toISO()!;
    if (ms(endsAt) <= ms(startsAt)) throw new ValidationError('Invalid occurrence times', [{ path: 'body.endsAt', message: 'must be after startsAt' }]);
    const status = patch.status ?? before.status;
    await refuseMeeting(db, before, { startsAt, endsAt, status }, row.timeZone);
    const locked = await lockForVenue(db, row, row.venueId);
    const changed = ms(startsAt) !== ms(before.startsAt) || ms(endsAt) !== ms(before.endsAt) || status !== before.status;
    await oq.updateOccurrence(db, occurrenceId, { startsAt, endsAt, status });
    // Feeds (RECURRENCE-ID overrides, EXDATE) and invitations share the series' SEQUENCE: a real move or cancellation raises it.
    if (changed) await q.bumpSequence(db, activityId);
    const blocks = await enforceBooking(db, { activityId, resourceIds: [...locked.keys()], occurrenceIds: [occurrenceId], override: patch.override, visibility: holdersVisibleTo(actor) });
    if (changed) await events.emit(db, { type: 'occurrences_changed', activityId, occurrenceIds: [occurrenceId] });
    const after = found(await oq.selectOccurrence(db, activityId, occurrenceId), 'occurrence', occurrenceId);
    return { before: presentOccurrence(before, row.timeZone), after: presentOccurrence(after, row.timeZone), entityId: occurrenceId, reason: calendarOverride(patch.override, blocks) };
  }

  return { split, moveOccurrence };
}
