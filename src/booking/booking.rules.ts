import { canSeeActivity, type HasPrincipal } from '../shared/policy.ts';
import { DateTime } from 'luxon';
import type { PoolClient } from '../db/pool.ts';
import { ConflictError } from '../shared/errors.ts';
import { calendarBlocks, openingHoursBlock, type Block, type CalendarEntry, type ResourceHours } from '../calendars/blocking.ts';
import { selectBlockingFacts } from '../calendars/calendars.queries.ts';
import { selectBookingFacts, selectConflicts, selectConflictsAndBlockingFacts, selectScheduledOccurrences, type BookingFacts, type ConflictRow } from './bookings.queries.ts';
import { isActive } from './status.ts';
import type { Override } from './claims.schema.ts';

/**
 * Decides who may read the title of an activity holding a resource. Everyone today; issue 6 (authorization)
 * passes a policy so holders from units the caller may not read show only their id.
 */
export type HolderVisibility = (holder: { activityId: number; organizerUnitId: number; visibility: string; status: string }) => boolean;
/** The caller sees the titles of holders it may see anyway (shared/policy.ts canSeeActivity). */
export const holdersVisibleTo = (actor: HasPrincipal): HolderVisibility => (holder) => canSeeActivity(actor, holder);

export interface BookingCheck {
  activityId: number;
  /** The claimed resources, already locked in ascending id order by the caller. */
  resourceIds: number[];
  /** Only these occurrences changed (calendar check); all scheduled ones when absent. */
  occurrenceIds?: number[] | undefined;
  /**
   * An edit of what exists (a claim, a split, a PATCH) passes the clock's now: occurrences that ended by
   * then are history and are not checked against calendar time again.
   */
  notEndedBy?: string | undefined;
  override?: Override | undefined;
  /** Which holders' titles the caller may read in a conflict (holdersVisibleTo(actor)). */
  visibility: HolderVisibility;
  /**
   * What the caller has just written in this transaction and so knows (a new activity's status and its
   * scheduled occurrences): the check uses it instead of reading it back, two round trips fewer under
   * the resource locks (issue 23: a checked booking's cost was its round trips).
   */
  known?: { facts: BookingFacts; occurrences: ScheduledOccurrence[] } | undefined;
}

export interface ScheduledOccurrence {
  id: number;
  startsAt: string;
  endsAt: string;
}

function presentConflict(row: ConflictRow, visible: HolderVisibility) {
  return {
    resourceId: row.resourceId,
    resourceName: row.resourceName,
    poolQuantity: row.poolQuantity,
    requested: row.requested,
    // What was free for this request at the busiest moment of its period.
    free: Math.max(0, row.poolQuantity - (row.peak - row.requested)),
    occurrenceId: row.occurrenceId,
    period: { startsAt: row.startsAt, endsAt: row.endsAt },
    holders: row.holders.map((h) => ({ activityId: h.activityId, title: visible(h) ? h.title : null })),
  };
}

async function occurrencesToCheck(db: PoolClient, check: BookingCheck) {
  const { activityId, occurrenceIds: ids, notEndedBy, known } = check;
  const rows = known
    ? known.occurrences
      .filter((o) => (!ids || ids.includes(o.id)) && (!notEndedBy || Date.parse(o.endsAt) > Date.parse(notEndedBy)))
      .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
    : await selectScheduledOccurrences(db, activityId, ids, notEndedBy);
  return rows.map((r) => ({ id: r.id, start: DateTime.fromISO(r.startsAt, { zone: 'utc' }), end: DateTime.fromISO(r.endsAt, { zone: 'utc' }) }));
}

type Occurrences = Awaited<ReturnType<typeof occurrencesToCheck>>;
type BlockingFacts = { hours: ResourceHours[]; entries: CalendarEntry[] };

/** The span the occurrences cover, for reading the calendar entries that could block them. */
function spanOf(occurrences: Occurrences): { from: string; to: string } {
  return { from: occurrences[0]!.start.toISO()!, to: DateTime.max(...occurrences.map((o) => o.end))!.toISO()! };
}

/** Which of the occurrences the calendar entries and opening hours block (at most 20). */
function blocksOf(occurrences: Occurrences, activity: BookingFacts, { hours: resources, entries }: BlockingFacts): (Block & { occurrenceId: number })[] {
  const blocks: (Block & { occurrenceId: number })[] = [];
  for (const o of occurrences) {
    const found = calendarBlocks(o.start, o.end, entries, [activity.organizerUnitId], resources);
    // All-day and multi-day activities (exhibitions, camps) occupy whole days; hours apply to visits.
    if (!activity.allDay) for (const r of resources) found.push(...[openingHoursBlock(r, o.start, o.end, entries)].filter((b) => b !== null));
    blocks.push(...found.map((b) => ({ ...b, occurrenceId: o.id })));
    if (blocks.length >= 20) break;
  }
  return blocks;
}

/** Calendar entries and opening hours that block the activity's (changed) occurrences. */
export async function blockedTime(db: PoolClient, check: BookingCheck, activity: BookingFacts): Promise<(Block & { occurrenceId: number })[]> {
  const occurrences = await occurrencesToCheck(db, check);
  if (occurrences.length === 0) return [];
  const { from, to } = spanOf(occurrences);
  return blocksOf(occurrences, activity, await selectBlockingFacts(db, [activity.organizerUnitId], check.resourceIds, from, to));
}

function refuseConflicts(conflicts: ConflictRow[], visible: HolderVisibility): void {
  if (conflicts.length === 0) return;
  throw new ConflictError('resource_conflict', 'A claimed resource is already booked for that time', {
    conflicts: conflicts.map((c) => presentConflict(c, visible)),
  });
}

function refuseBlocks(blocks: Block[], check: BookingCheck): Block[] {
  if (blocks.length > 0 && !check.override) {
    const reasons = [...new Set(blocks.map((b) => b.reason.en))].join('; ');
    throw new ConflictError('calendar_blocked', `The time is blocked: ${reasons}`, { blocks });
  }
  return blocks;
}

/**
 * Runs after an activity's claims or occurrences were written, under the resource locks: refuses the
 * change (rolling the transaction back) when any resource is over-used at any moment, or when blocked
 * calendar time is booked without an override. Returns the blocks an override let through, for the audit.
 * Knowing the occurrences (a new activity), the peak use and the calendar are read in one statement.
 */
export async function enforceBooking(db: PoolClient, check: BookingCheck): Promise<Block[]> {
  const activity = check.known?.facts ?? (await selectBookingFacts(db, check.activityId));
  if (!isActive(activity.status)) return [];
  if (check.known) {
    const occurrences = await occurrencesToCheck(db, check);
    if (occurrences.length > 0) {
      const { from, to } = spanOf(occurrences);
      const { conflicts, ...facts } = await selectConflictsAndBlockingFacts(db, check.activityId, check.resourceIds, [activity.organizerUnitId], from, to);
      refuseConflicts(conflicts, check.visibility);
      return refuseBlocks(blocksOf(occurrences, activity, facts), check);
    }
  }
  refuseConflicts(await selectConflicts(db, check.activityId, check.resourceIds), check.visibility);
  return refuseBlocks(await blockedTime(db, check, activity), check);
}
