import type { Queryable } from '../db/pool.ts';
import { prepared } from '../db/prepared.ts';
import { blockingFactsColumns, toEntry, type CalendarEntryRow, type ResourceHoursRow } from '../calendars/calendars.queries.ts';
import type { CalendarEntry } from '../calendars/blocking.ts';

/**
 * Bookings are the busy periods of claims per occurrence (table `bookings`, derived by the view
 * `booking_rows` and kept by statement-level triggers, migration 0022, so bulk loads pay one join).
 * The peak-use queries below sweep over the overlapping bookings: the running sum of +quantity at
 * each start and -quantity at each end, ends first at a tie (periods are half-open), and its maximum.
 * A plain sum of every overlapping booking would refuse bookings that fit.
 */
export interface ConflictRow {
  resourceId: number;
  resourceName: { 'zh-CN': string; en: string };
  poolQuantity: number;
  requested: number;
  peak: number;
  occurrenceId: number;
  startsAt: string;
  endsAt: string;
  holders: { activityId: number; title: { 'zh-CN': string; en: string }; organizerUnitId: number; visibility: string; status: string }[];
}

/**
 * The active bookings of one activity (on the given, locked resources) whose period sees more in use
 * at its peak than the resource holds. Runs after the activity's writes, inside their transaction.
 */
/** The peak-use check's statement: $1 the activity, $2 its locked resources, $3 the most rows. */
const CONFLICTS = `WITH mine AS (
       SELECT b.claim_id, b.occurrence_id, b.resource_id, b.quantity, b.period
         FROM bookings b
        WHERE b.activity_id = $1::bigint AND b.active AND b.resource_id = ANY ($2::bigint[])
     ), overlap AS (
       SELECT m.claim_id, m.occurrence_id, o.quantity, o.period * m.period AS part
         FROM mine m
         JOIN bookings o ON o.resource_id = m.resource_id AND o.active AND o.period && m.period
     ), edges AS (
       SELECT claim_id, occurrence_id, lower(part) AS at, quantity AS delta FROM overlap
       UNION ALL
       SELECT claim_id, occurrence_id, upper(part), -quantity FROM overlap
     ), peaks AS (
       SELECT claim_id, occurrence_id, max(in_use) AS peak
         FROM (SELECT claim_id, occurrence_id,
                      sum(delta) OVER (PARTITION BY claim_id, occurrence_id ORDER BY at, delta ROWS UNBOUNDED PRECEDING) AS in_use
                 FROM edges) running
        GROUP BY claim_id, occurrence_id
     )
     SELECT m.resource_id AS "resourceId", json_build_object('zh-CN', r.name_zh, 'en', r.name_en) AS "resourceName",
            r.quantity AS "poolQuantity", m.quantity AS requested, p.peak::int AS peak, m.occurrence_id AS "occurrenceId",
            to_json(lower(m.period))#>>'{}' AS "startsAt", to_json(upper(m.period))#>>'{}' AS "endsAt",
            (SELECT coalesce(json_agg(json_build_object('activityId', a.id, 'title', json_build_object('zh-CN', a.title_zh, 'en', a.title_en),
                                              'organizerUnitId', a.organizer_unit_id, 'visibility', a.visibility, 'status', a.status) ORDER BY a.id), '[]')
               FROM activities a
              WHERE a.id <> $1::bigint AND a.id IN (
                    SELECT o.activity_id FROM bookings o
                     WHERE o.resource_id = m.resource_id AND o.active AND o.period && m.period)) AS holders
       FROM peaks p
       JOIN mine m USING (claim_id, occurrence_id)
       JOIN resources r ON r.id = m.resource_id
      WHERE p.peak > r.quantity
      ORDER BY lower(m.period), m.resource_id
      LIMIT $3::int`;

export async function selectConflicts(db: Queryable, activityId: number, resourceIds: number[], limit = 20): Promise<ConflictRow[]> {
  const { rows } = await db.query<ConflictRow>(prepared(CONFLICTS, [activityId, resourceIds, limit]));
  return rows;
}

/**
 * selectConflicts and the calendar's blocking facts (calendars.queries.ts selectBlockingFacts) in
 * one round trip, when the caller knows the occurrences' span before the check (a new activity):
 * one statement fewer while the resources are locked (issue 23).
 */
export async function selectConflictsAndBlockingFacts(db: Queryable, activityId: number, resourceIds: number[], unitIds: number[], from: string, to: string, limit = 20):
Promise<{ conflicts: ConflictRow[]; hours: ResourceHoursRow[]; entries: CalendarEntry[] }> {
  const { rows } = await db.query<{ conflicts: ConflictRow[]; hours: ResourceHoursRow[]; entries: CalendarEntryRow[] }>(
    // The conflicts in the order selectConflicts gives them (ISO texts of one session sort as times).
    prepared(`SELECT (SELECT coalesce(json_agg(c ORDER BY c."startsAt", c."resourceId"), '[]') FROM (${CONFLICTS}) c) AS conflicts,
            ${blockingFactsColumns(['$4', '$2', '$5', '$6'])}`,
    [activityId, resourceIds, limit, unitIds, from, to]));
  const row = rows[0]!;
  return { conflicts: row.conflicts, hours: row.hours, entries: row.entries.map(toEntry) };
}

/** Resource ids an activity claims, for taking every lock a change to its occurrences needs. */
export async function selectClaimedResourceIds(db: Queryable, activityId: number): Promise<number[]> {
  const { rows } = await db.query<{ resourceId: number }>(
    'SELECT resource_id AS "resourceId" FROM claims WHERE activity_id = $1::bigint ORDER BY resource_id',
    [activityId],
  );
  return rows.map((r) => r.resourceId);
}

export interface BookingFacts {
  status: string;
  organizerUnitId: number;
  allDay: boolean;
}

export async function selectBookingFacts(db: Queryable, activityId: number): Promise<BookingFacts> {
  const { rows } = await db.query<BookingFacts>(
    'SELECT status, organizer_unit_id AS "organizerUnitId", all_day AS "allDay" FROM activities WHERE id = $1::bigint',
    [activityId],
  );
  return rows[0]!;
}

/** The scheduled occurrences to check (only `ids` when given), in time order. */
export async function selectScheduledOccurrences(db: Queryable, activityId: number, ids: number[] | undefined, notEndedBy?: string): Promise<{ id: number; startsAt: string; endsAt: string }[]> {
  const { rows } = await db.query<{ id: number; startsAt: string; endsAt: string }>(
    `SELECT id, to_json(starts_at)#>>'{}' AS "startsAt", to_json(ends_at)#>>'{}' AS "endsAt" FROM occurrences
      WHERE activity_id = $1::bigint AND status = 'scheduled' AND ($2::bigint[] IS NULL OR id = ANY ($2::bigint[]))
        AND ($3::timestamptz IS NULL OR ends_at > $3::timestamptz)
      ORDER BY starts_at`,
    [activityId, ids ?? null, notEndedBy ?? null],
  );
  return rows;
}
