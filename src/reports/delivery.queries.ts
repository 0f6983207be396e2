import type { Queryable } from '../db/pool.ts';
import { ACTIVITY_FILTER, OCCURRENCE_SECONDS, OCCURRENCES_CTE, PARAM_TYPES, paramList, type ReportParams } from './reports.filter.queries.ts';
import { activityStatusSql as st } from '../booking/status.queries.ts';

/** Delivery and reach: counts over the occurrences actually held (see OCCURRENCES_CTE). */
export type Row = Record<string, string | number | boolean | null>;
/** Hours, to two decimals, from float8 seconds (whole seconds: the same figure an exact sum gives). */
export const hoursOf = (seconds: string) => `round((${seconds})::numeric / 3600, 2)::float8`;

// Per activity and local month first (integer and timestamp keys), then per unit and kind; text last.
export const HELD_BY_MONTH = `WITH ${PARAM_TYPES}, per_activity AS (
  SELECT a.organizer_unit_id AS unit_id, a.kind, date_trunc('month', o.starts_at, $3::text) AS m, count(*)::int AS held,
         sum(${OCCURRENCE_SECONDS}) AS seconds
    FROM occurrences o JOIN activities a ON a.id = o.activity_id
   WHERE o.starts_at >= $1::timestamptz AND o.starts_at < $2::timestamptz AND o.status = 'scheduled' AND o.ends_at <= $10::timestamptz
     AND ${st.confirmed('a')} AND ${ACTIVITY_FILTER}
   GROUP BY a.organizer_unit_id, a.kind, m, a.id),
held AS (SELECT unit_id, kind, m, count(*) AS activities, sum(held) AS held, sum(seconds) AS seconds FROM per_activity GROUP BY unit_id, kind, m)
SELECT to_char(held.m AT TIME ZONE $3::text, 'YYYY-MM') AS month, held.unit_id AS "unitId", u.name_zh AS "unitZh", u.name_en AS "unitEn", held.kind,
       held.activities::int AS activities, held.held::int AS held, ${hoursOf('held.seconds')} AS hours
  FROM held JOIN units u ON u.id = held.unit_id
 ORDER BY held.m, held.unit_id, held.kind`;

export async function heldByMonth(db: Queryable, p: ReportParams): Promise<Row[]> {
  return (await db.query<Row>(HELD_BY_MONTH, paramList(p))).rows;
}

// An activity the viewer may not see is one row per unit, kind, month and scope, without id or title.
const CANCELLED = `WITH ${OCCURRENCES_CTE}
SELECT occ.month, occ.unit_id AS "unitId", u.name_zh AS "unitZh", u.name_en AS "unitEn", occ.kind,
       CASE WHEN occ.visible THEN occ.activity_id END AS "activityId",
       CASE WHEN occ.visible THEN occ.title_zh END AS "titleZh", CASE WHEN occ.visible THEN occ.title_en END AS "titleEn",
       CASE WHEN occ.activity_cancelled THEN 'activity_cancelled' ELSE 'occurrence_cancelled' END AS reason,
       count(*)::int AS occurrences
  FROM occ JOIN units u ON u.id = occ.unit_id
 WHERE occ.cancelled
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
 ORDER BY 1, 2, 5, 6 NULLS LAST`;

export async function cancelled(db: Queryable, p: ReportParams): Promise<Row[]> {
  return (await db.query<Row>(CANCELLED, paramList(p))).rows;
}

/**
 * Per held activity: how many occurrences were held and their seconds; the confirmed registrations on
 * them; and per registration its attendance marks at held occurrences of the period (present or late;
 * absent = a no-show). Without any mark in scope (`marked` over all rows), attended and no-shows
 * are null (attendance was not taken), not 0.
 */
const HELD_CTE = `${OCCURRENCES_CTE},
held AS (SELECT activity_id, kind, count(*)::int AS n, sum(seconds) AS seconds FROM occ WHERE held GROUP BY activity_id, kind),
marks AS (
  SELECT at.registration_id, bool_or(at.status IN ('present', 'late')) AS came, count(*) FILTER (WHERE at.status = 'absent') AS absent
    FROM attendance at JOIN occurrences o ON o.id = at.occurrence_id
   WHERE o.starts_at >= $1::timestamptz AND o.starts_at < $2::timestamptz AND o.status = 'scheduled' AND o.ends_at <= $10::timestamptz
   GROUP BY at.registration_id),
regs AS (SELECT r.email, r.role, r.grade, h.kind, h.n, h.seconds, m.came, m.absent, m.registration_id IS NOT NULL AS marked
           FROM registrations r JOIN held h ON h.activity_id = r.activity_id LEFT JOIN marks m ON m.registration_id = r.id
          WHERE r.status = 'confirmed')`;

const TEACHERS = `role = 'teacher' AND kind = 'teacher_training'`;

/**
 * The totals and the rows by kind, role and grade in one pass over the registrations (grouping sets:
 * the held occurrences are counted once for both tables). "table" says which a row belongs to;
 * training hours count every held teacher training, registered or not. Attendance was taken when
 * any registration in scope has a mark (the window over all groups, the total among them).
 */
export const REACH = `WITH ${HELD_CTE}
SELECT CASE WHEN grouping(kind) = 1 THEN 'totals' ELSE 'participants' END AS "table", kind, role, grade,
       count(*)::int AS registrations, count(DISTINCT email)::int AS participants, coalesce(sum(n), 0)::int AS visits,
       count(DISTINCT email) FILTER (WHERE ${TEACHERS})::int AS "teachersTrained",
       (SELECT ${hoursOf('coalesce(sum(seconds), 0)')} FROM held WHERE kind = 'teacher_training') AS "trainingHours",
       ${hoursOf(`coalesce(sum(seconds) FILTER (WHERE ${TEACHERS}), 0)`)} AS "teacherHours",
       CASE WHEN bool_or(bool_or(marked)) OVER () THEN count(DISTINCT email) FILTER (WHERE came) END::int AS attended,
       CASE WHEN bool_or(bool_or(marked)) OVER () THEN coalesce(sum(absent), 0) END::int AS "noShows"
  FROM regs GROUP BY GROUPING SETS ((kind, role, grade), ())
 ORDER BY 1, kind, role, grade NULLS LAST`;

export async function reach(db: Queryable, p: ReportParams): Promise<{ totals: Row; participants: Row[] }> {
  const rows = (await db.query<Row & { table: string }>(REACH, paramList(p))).rows;
  return { totals: rows.find((r) => r.table === 'totals')!, participants: rows.filter((r) => r.table === 'participants') };
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
