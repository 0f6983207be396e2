import type { Queryable } from '../db/pool.ts';
import { ACTIVITY_FILTER, OCCURRENCES_CTE, PARAM_TYPES, VISIBLE, paramList, type ReportParams } from './reports.filter.queries.ts';

/** Delivery, reach and demand: counts over the occurrences actually held (see OCCURRENCES_CTE). */
export type Row = Record<string, string | number | boolean | null>;
const hours = (sql: string) => `round((${sql})::numeric, 2)::float8`;

// Per activity and local month first (integer and timestamp keys), then per unit and kind; text last.
const HELD_BY_MONTH = `WITH ${PARAM_TYPES}, per_activity AS (
  SELECT a.organizer_unit_id AS unit_id, a.kind, date_trunc('month', o.starts_at, $3::text) AS m, count(*) AS held,
         sum(extract(epoch FROM o.ends_at - o.starts_at)) AS seconds
    FROM occurrences o JOIN activities a ON a.id = o.activity_id
   WHERE o.starts_at >= $1::timestamptz AND o.starts_at < $2::timestamptz AND o.status = 'scheduled' AND o.ends_at <= $10::timestamptz
     AND a.status = 'confirmed' AND ${ACTIVITY_FILTER}
   GROUP BY a.organizer_unit_id, a.kind, m, a.id),
held AS (SELECT unit_id, kind, m, count(*) AS activities, sum(held) AS held, sum(seconds) AS seconds FROM per_activity GROUP BY unit_id, kind, m)
SELECT to_char(held.m AT TIME ZONE $3::text, 'YYYY-MM') AS month, held.unit_id AS "unitId", u.name_zh AS "unitZh", u.name_en AS "unitEn", held.kind,
       held.activities::int AS activities, held.held::int AS held, ${hours('held.seconds / 3600.0')} AS hours
  FROM held JOIN units u ON u.id = held.unit_id
 ORDER BY held.m, held.unit_id, held.kind`;

export async function heldByMonth(db: Queryable, p: ReportParams): Promise<Row[]> {
  return (await db.query<Row>(HELD_BY_MONTH, paramList(p))).rows;
}

// An activity the viewer may not see is one row per unit, kind, month and scope, without id or title.
const CANCELLED = `WITH ${OCCURRENCES_CTE}
SELECT occ.month, occ.unit_id AS "unitId", u.name_en AS "unitEn", occ.kind,
       CASE WHEN occ.visible THEN occ.activity_id END AS "activityId",
       CASE WHEN occ.visible THEN occ.title_zh END AS "titleZh", CASE WHEN occ.visible THEN occ.title_en END AS "titleEn",
       CASE WHEN occ.activity_cancelled THEN 'activity_cancelled' ELSE 'occurrence_cancelled' END AS reason,
       count(*)::int AS occurrences
  FROM occ JOIN units u ON u.id = occ.unit_id
 WHERE occ.cancelled
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
 ORDER BY 1, 2, 4, 5 NULLS LAST`;

export async function cancelled(db: Queryable, p: ReportParams): Promise<Row[]> {
  return (await db.query<Row>(CANCELLED, paramList(p))).rows;
}

/**
 * Per held activity: how many occurrences and hours were held; the confirmed registrations on them;
 * and per registration its attendance marks at held occurrences of the period (present or late;
 * absent = a no-show). Without any mark in scope (`marked` over all rows), attended and no-shows
 * are null (attendance was not taken), not 0.
 */
const HELD_CTE = `${OCCURRENCES_CTE},
held AS (SELECT activity_id, kind, count(*) AS n, sum(hours) AS h FROM occ WHERE held GROUP BY activity_id, kind),
marks AS (
  SELECT at.registration_id, bool_or(at.status IN ('present', 'late')) AS came, count(*) FILTER (WHERE at.status = 'absent') AS absent
    FROM attendance at JOIN occurrences o ON o.id = at.occurrence_id
   WHERE o.starts_at >= $1::timestamptz AND o.starts_at < $2::timestamptz AND o.status = 'scheduled' AND o.ends_at <= $10::timestamptz
   GROUP BY at.registration_id),
regs AS (SELECT r.email, r.role, r.grade, h.kind, h.n, h.h, m.came, m.absent, m.registration_id IS NOT NULL AS marked
           FROM registrations r JOIN held h ON h.activity_id = r.activity_id LEFT JOIN marks m ON m.registration_id = r.id
          WHERE r.status = 'confirmed')`;

const attended = (taken: string) => `CASE WHEN ${taken} THEN count(DISTINCT email) FILTER (WHERE came) END::int AS attended,
       CASE WHEN ${taken} THEN coalesce(sum(absent), 0) END::int AS "noShows"`;

const REACH = `WITH ${HELD_CTE}
SELECT kind, role, grade, count(*)::int AS registrations, count(DISTINCT email)::int AS participants,
       sum(n)::int AS visits, ${attended('bool_or(bool_or(marked)) OVER ()')}
  FROM regs GROUP BY kind, role, grade ORDER BY kind, role, grade NULLS LAST`;

export async function reach(db: Queryable, p: ReportParams): Promise<Row[]> {
  return (await db.query<Row>(REACH, paramList(p))).rows;
}

// One pass over the registrations: the distinct counts are the only sorts.
const REACH_TOTALS = `WITH ${HELD_CTE}
SELECT count(*)::int AS registrations, count(DISTINCT email)::int AS participants, coalesce(sum(n), 0)::int AS visits,
       count(DISTINCT email) FILTER (WHERE role = 'teacher' AND kind = 'teacher_training')::int AS "teachersTrained",
       (SELECT ${hours('coalesce(sum(h), 0)')} FROM held WHERE kind = 'teacher_training') AS "trainingHours",
       ${hours("coalesce(sum(h) FILTER (WHERE role = 'teacher' AND kind = 'teacher_training'), 0)")} AS "teacherHours",
       ${attended('bool_or(marked)')}
  FROM regs`;

export async function reachTotals(db: Queryable, p: ReportParams): Promise<Row> {
  return (await db.query<Row>(REACH_TOTALS, paramList(p))).rows[0]!;
}

// Classes reached through activity_classes: a class's size counts once per held occurrence.
const CLASS_REACH = `WITH ${HELD_CTE}
SELECT c.id AS "classId", c.name_zh AS "nameZh", c.name_en AS "nameEn", c.grade, c.size,
       count(DISTINCT ac.activity_id)::int AS activities, sum(h.n)::int AS held, (c.size * sum(h.n))::int AS "studentVisits"
  FROM activity_classes ac JOIN held h ON h.activity_id = ac.activity_id JOIN classes c ON c.id = ac.class_id
 GROUP BY c.id ORDER BY c.grade NULLS LAST, c.name_en`;

export async function classReach(db: Queryable, p: ReportParams): Promise<Row[]> {
  return (await db.query<Row>(CLASS_REACH, paramList(p))).rows;
}

// Demand of confirmed activities with a scheduled (not cancelled) occurrence in the period.
const DEMAND_CTE = `${PARAM_TYPES},
acts AS (
  SELECT a.id AS activity_id, a.kind, a.organizer_unit_id AS unit_id, a.capacity, ${VISIBLE} AS visible, a.title_zh, a.title_en
    FROM activities a
   WHERE a.status = 'confirmed' AND ${ACTIVITY_FILTER}
     AND EXISTS (SELECT 1 FROM occurrences o WHERE o.activity_id = a.id AND o.status = 'scheduled'
                    AND o.starts_at >= $1::timestamptz AND o.starts_at < $2::timestamptz)),
counts AS (SELECT r.activity_id, count(*) FILTER (WHERE r.status = 'confirmed') AS confirmed,
                  count(*) FILTER (WHERE r.status = 'waitlisted') AS waitlisted
             FROM registrations r WHERE r.status IN ('confirmed', 'waitlisted') GROUP BY r.activity_id)`;

// Per activity: the DEMAND_LIMIT most waitlisted (a year has thousands); per kind: all of them.
export const DEMAND_LIMIT = 500;
const DEMAND = `WITH ${DEMAND_CTE}
SELECT acts.kind, acts.unit_id AS "unitId", CASE WHEN visible THEN acts.activity_id END AS "activityId",
       CASE WHEN visible THEN title_zh END AS "titleZh", CASE WHEN visible THEN title_en END AS "titleEn",
       count(*)::int AS activities, sum(capacity)::int AS capacity,
       coalesce(sum(confirmed), 0)::int AS confirmed, coalesce(sum(waitlisted), 0)::int AS waitlisted,
       coalesce(sum(waitlisted), 0)::int AS unmet
  FROM acts LEFT JOIN counts ON counts.activity_id = acts.activity_id
 GROUP BY 1, 2, 3, 4, 5 ORDER BY 9 DESC, 8 DESC, 1, 2, 3 NULLS LAST LIMIT ${DEMAND_LIMIT}`;

const DEMAND_KINDS = `WITH ${DEMAND_CTE}
SELECT acts.kind, count(*)::int AS activities, coalesce(sum(capacity), 0)::int AS capacity,
       coalesce(sum(confirmed), 0)::int AS confirmed, coalesce(sum(waitlisted), 0)::int AS waitlisted,
       coalesce(sum(waitlisted), 0)::int AS unmet
  FROM acts LEFT JOIN counts ON counts.activity_id = acts.activity_id
 GROUP BY 1 ORDER BY 1`;

export async function demandByKind(db: Queryable, p: ReportParams): Promise<Row[]> {
  return (await db.query<Row>(DEMAND_KINDS, paramList(p))).rows;
}

export async function demand(db: Queryable, p: ReportParams): Promise<Row[]> {
  return (await db.query<Row>(DEMAND, paramList(p))).rows;
}
