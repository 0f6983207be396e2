import type { Queryable } from '../db/pool.ts';
import { visibleToViewer } from '../activities/activities.queries.ts';
import { activityStatusSql as st } from '../booking/status.queries.ts';

/**
 * The parameters every report query shares, in this order, and the SQL fragments that use them:
 * $1 from, $2 to (the period, half-open), $3 zone (months and days), $4 unit, $5 kind, $6 grade,
 * $7 class (filters; null = any), $8 viewer sees all, $9 viewer's unit, $10 now (what has ended).
 */
export interface ReportParams {
  from: Date;
  to: Date;
  zone: string;
  unitId: number | null;
  kind: string | null;
  grade: number | null;
  classId: number | null;
  viewerAll: boolean;
  viewerUnitId: number | null;
  now: Date;
}

export function paramList(p: ReportParams): unknown[] {
  return [p.from, p.to, p.zone, p.unitId, p.kind, p.grade, p.classId, p.viewerAll, p.viewerUnitId, p.now];
}

/** The filters on activity `a` (unit, kind, grade by audience or linked class, class). */
export const ACTIVITY_FILTER = `($4::bigint IS NULL OR a.organizer_unit_id = $4::bigint)
  AND ($5::text IS NULL OR a.kind = $5::text)
  AND ($6::smallint IS NULL OR $6::smallint = ANY (a.audience_grades)
       OR EXISTS (SELECT 1 FROM activity_classes fac JOIN classes fc ON fc.id = fac.class_id WHERE fac.activity_id = a.id AND fc.grade = $6::smallint))
  AND ($7::bigint IS NULL OR EXISTS (SELECT 1 FROM activity_classes fac WHERE fac.activity_id = a.id AND fac.class_id = $7::bigint))`;

/** May the viewer see activity `a`'s title (shared/policy.ts canSeeActivity)? Otherwise it is only counted. */
export const VISIBLE = visibleToViewer(8, 9);

/**
 * The opening hours an all-day or multi-day occurrence counts when its venue has none (or it has no
 * venue): 09:00–17:00 every day, 8 h a day. docs/reports.md says so.
 */
export const DEFAULT_OPENING_HOURS = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '17:00']]]));

/**
 * The seconds occurrence `o` of activity `a` counts. An all-day occurrence, or one longer than a day
 * (a twelve-day exhibition), is open when its venue is, not 24 h a day: each local day it touches (in
 * the activity's zone) counts the venue's opening hours for its weekday, clipped to the occurrence
 * (a weekday the venue is closed counts nothing); without opening hours, DEFAULT_OPENING_HOURS.
 * Anything else counts its length. The subquery runs only for those few rows (CASE), so a year of
 * ordinary occurrences costs what it did.
 */
export const OCCURRENCE_SECONDS = `CASE WHEN a.all_day OR o.ends_at - o.starts_at > interval '24 hours' THEN (
    SELECT coalesce(sum(date_part('epoch', upper(w.r) - lower(w.r))), 0)
      FROM generate_series((o.starts_at AT TIME ZONE a.time_zone)::date, ((o.ends_at - interval '1 microsecond') AT TIME ZONE a.time_zone)::date, interval '1 day') d
      CROSS JOIN LATERAL jsonb_array_elements(coalesce((SELECT vr.opening_hours FROM activity_venues av JOIN resources vr ON vr.id = av.venue_id WHERE av.activity_id = a.id), '${JSON.stringify(DEFAULT_OPENING_HOURS)}'::jsonb)
                                               -> lower(to_char(d, 'Dy'))) h
      CROSS JOIN LATERAL (SELECT tstzrange((d::date + (h->>0)::time) AT TIME ZONE a.time_zone, (d::date + (h->>1)::time) AT TIME ZONE a.time_zone)
                                 * tstzrange(o.starts_at, o.ends_at) AS r) w)
  ELSE date_part('epoch', o.ends_at - o.starts_at) END`;

/**
 * Occurrences starting in the period of the filtered activities, with what a report needs: held
 * (scheduled, of a confirmed activity, ended by now), cancelled (the occurrence or, after it was
 * confirmed, the whole activity), its seconds (OCCURRENCE_SECONDS; float8: whole seconds add up exactly, and far
 * cheaper than numeric), the local month, and whether the viewer may see the title.
 * A moved occurrence is where it moved to: starts_at, not original_starts_at.
 */
export const OCCURRENCES_CTE = `occ AS (
  SELECT o.id AS occurrence_id, a.id AS activity_id, a.kind, a.organizer_unit_id AS unit_id, a.capacity,
         a.title_zh, a.title_en, ${VISIBLE} AS visible,
         to_char(o.starts_at AT TIME ZONE $3::text, 'YYYY-MM') AS month,
         ${OCCURRENCE_SECONDS} AS seconds,
         (o.status = 'scheduled' AND ${st.confirmed('a')} AND o.ends_at <= $10::timestamptz) AS held,
         ((o.status = 'cancelled' OR ${st.cancelled('a')}) AND a.ever_confirmed) AS cancelled,
         (${st.cancelled('a')}) AS activity_cancelled, (${st.confirmed('a')}) AS confirmed
    FROM occurrences o JOIN activities a ON a.id = o.activity_id
   WHERE o.starts_at >= $1::timestamptz AND o.starts_at < $2::timestamptz AND ${ACTIVITY_FILTER})`;

/** A CTE that names every parameter's type, for queries that use only some of them (PostgreSQL must type each). */
export const PARAM_TYPES = `param_types AS (SELECT $1::timestamptz, $2::timestamptz, $3::text, $4::bigint, $5::text, $6::smallint, $7::bigint, $8::boolean, $9::bigint, $10::timestamptz)`;

export async function termBounds(db: Queryable, entryId: number): Promise<{ startsAt: Date; endsAt: Date; name: string } | null> {
  const { rows } = await db.query<{ startsAt: Date; endsAt: Date; name: string }>(
    `SELECT lower(period) AS "startsAt", upper(period) AS "endsAt", name_en AS name FROM calendar_entries WHERE id = $1::bigint AND kind = 'term'`, [entryId]);
  return rows[0] ?? null;
}
