import type { Queryable } from '../db/pool.ts';
import type { Row } from './delivery.queries.ts';
import { ACTIVITY_FILTER, PARAM_TYPES, VISIBLE, paramList, type ReportParams } from './reports.filter.queries.ts';
import { activityStatusSql as st } from '../booking/status.queries.ts';

/** Per activity: the DEMAND_LIMIT most waitlisted (a year has thousands); per kind: all of them. */
export const DEMAND_LIMIT = 500;

/**
 * Demand of confirmed activities with a scheduled (not cancelled) occurrence in the period: both
 * tables from one pass (`per`, one row per activity with its registrations counted), and "table"
 * says which a row belongs to. An activity the viewer may not see is one row per kind and unit,
 * without id or title. Counts are int, so their sums stay bigint (a numeric sum is far slower).
 */
export const DEMAND = `WITH ${PARAM_TYPES},
acts AS (
  SELECT a.id AS activity_id, a.kind, a.organizer_unit_id AS unit_id, a.capacity, ${VISIBLE} AS visible, a.title_zh, a.title_en
    FROM activities a
   WHERE ${st.confirmed('a')} AND ${ACTIVITY_FILTER}
     AND EXISTS (SELECT 1 FROM occurrences o WHERE o.activity_id = a.id AND o.status = 'scheduled'
                    AND o.starts_at >= $1::timestamptz AND o.starts_at < $2::timestamptz)),
counts AS (SELECT r.activity_id, count(*) FILTER (WHERE r.status = 'confirmed')::int AS confirmed,
                  count(*) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted
             FROM registrations r WHERE r.status IN ('confirmed', 'waitlisted') GROUP BY r.activity_id),
per AS MATERIALIZED (
  SELECT acts.kind, acts.unit_id, acts.activity_id, acts.visible, acts.title_zh, acts.title_en, acts.capacity,
         coalesce(counts.confirmed, 0) AS confirmed, coalesce(counts.waitlisted, 0) AS waitlisted
    FROM acts LEFT JOIN counts ON counts.activity_id = acts.activity_id),
top AS (
  SELECT * FROM (
    SELECT kind, unit_id, activity_id, title_zh, title_en, 1 AS activities, capacity, confirmed::bigint AS confirmed, waitlisted::bigint AS waitlisted
      FROM per WHERE visible
    UNION ALL
    SELECT kind, unit_id, NULL, NULL, NULL, count(*)::int, sum(capacity), sum(confirmed), sum(waitlisted)
      FROM per WHERE NOT visible GROUP BY kind, unit_id) rows
   ORDER BY waitlisted DESC, confirmed DESC, kind, unit_id, activity_id NULLS LAST LIMIT ${DEMAND_LIMIT})
SELECT * FROM (
SELECT 'activities' AS "table", top.kind, top.unit_id AS "unitId", u.name_zh AS "unitZh", u.name_en AS "unitEn", top.activity_id AS "activityId",
       top.title_zh AS "titleZh", top.title_en AS "titleEn", top.activities, top.capacity::int AS capacity, top.confirmed::int AS confirmed,
       top.waitlisted::int AS waitlisted, top.waitlisted::int AS unmet
  FROM top JOIN units u ON u.id = top.unit_id
UNION ALL
SELECT 'kinds', kind, NULL, NULL, NULL, NULL, NULL, NULL, count(*)::int, coalesce(sum(capacity), 0)::int, sum(confirmed)::int, sum(waitlisted)::int, sum(waitlisted)::int
  FROM per GROUP BY kind) rows
 ORDER BY 1, CASE WHEN "table" = 'kinds' THEN kind END, waitlisted DESC, confirmed DESC, kind, "unitId", "activityId" NULLS LAST`;

export async function demand(db: Queryable, p: ReportParams): Promise<{ activities: Row[]; kinds: Row[] }> {
  const rows = (await db.query<Row & { table: string }>(DEMAND, paramList(p))).rows;
  return { activities: rows.filter((r) => r.table === 'activities'), kinds: rows.filter((r) => r.table === 'kinds') };
}
