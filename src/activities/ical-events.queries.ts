import type { Queryable } from '../db/pool.ts';
import type { ICalActivity } from '../shared/ical/events.ts';

/**
 * Activities as calendar data (src/shared/ical/events.ts): the columns and joins that subscription
 * feeds (src/feeds/feeds.queries.ts adds each feed's selection) and emailed invitations both read,
 * so both render a series from the same rows: its rule plus every cancelled or moved occurrence.
 * Reads `activities a`, `units u` and `resources v` (the venue, through its claim: `activity_venues av`).
 */
const iso = (column: string) => `to_json(${column})#>>'{}'`;

export const CALENDAR_ACTIVITY_COLUMNS = `a.id, json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS title,
  json_build_object('zh-CN', a.description_zh, 'en', a.description_en) AS description,
  json_build_object('zh-CN', u.name_zh, 'en', u.name_en) AS organizer,
  CASE WHEN v.id IS NULL THEN NULL ELSE json_build_object('zh-CN', v.name_zh, 'en', v.name_en) END AS venue,
  json_build_object('zh-CN', coalesce(v.location_zh, ''), 'en', coalesce(v.location_en, '')) AS "venueLocation",
  ${iso('a.starts_at')} AS "startsAt", ${iso('a.ends_at')} AS "endsAt", a.time_zone AS "timeZone",
  a.all_day AS "allDay", a.status, a.sequence, a.recurrence_rule AS "recurrenceRule",
  ${iso('a.created_at')} AS "createdAt", ${iso('a.updated_at')} AS "updatedAt",
  CASE WHEN a.recurrence_rule IS NULL THEN '[]'::json ELSE coalesce((
    SELECT json_agg(json_build_object('originalStartsAt', o.original_starts_at, 'startsAt', o.starts_at,
                                      'endsAt', o.ends_at, 'status', o.status, 'updatedAt', o.updated_at)
                    ORDER BY o.original_starts_at)
      FROM occurrences o
     WHERE o.activity_id = a.id
       AND (o.status = 'cancelled' OR o.starts_at <> o.original_starts_at OR o.ends_at - o.starts_at <> a.ends_at - a.starts_at)
  ), '[]'::json) END AS exceptions`;

export const CALENDAR_ACTIVITY_JOINS = `JOIN units u ON u.id = a.organizer_unit_id
  LEFT JOIN activity_venues av ON av.activity_id = a.id
  LEFT JOIN resources v ON v.id = av.venue_id`;

/** The activities of emailed invitations, by id (no note: that line is for resource feeds). */
export async function selectCalendarActivities(db: Queryable, ids: number[]): Promise<ICalActivity[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ICalActivity>(
    `SELECT ${CALENDAR_ACTIVITY_COLUMNS}, NULL::json AS note
       FROM activities a ${CALENDAR_ACTIVITY_JOINS}
      WHERE a.id = ANY ($1::bigint[])`,
    [ids],
  );
  return rows;
}
