import type { Queryable } from '../db/pool.ts';

export interface BusyRow {
  resourceId: number;
  activityId: number;
  occurrenceId: number;
  quantity: number;
  start: string;
  end: string;
}

/**
 * Active bookings of these resources overlapping [from, to). One index probe per resource
 * (the GiST index on (resource_id, period) WHERE active), so cost follows the answer, not the table.
 */
export async function selectBusy(db: Queryable, resourceIds: number[], from: string, to: string): Promise<BusyRow[]> {
  const { rows } = await db.query<BusyRow>(
    `SELECT r.id AS "resourceId", b.activity_id AS "activityId", b.occurrence_id AS "occurrenceId", b.quantity,
            to_json(lower(b.period))#>>'{}' AS start, to_json(upper(b.period))#>>'{}' AS "end"
       FROM unnest($1::bigint[]) AS r (id)
       CROSS JOIN LATERAL (
         SELECT activity_id, occurrence_id, quantity, period FROM bookings
          WHERE resource_id = r.id AND active AND period && tstzrange($2::timestamptz, $3::timestamptz)) b
      ORDER BY r.id, lower(b.period)`,
    [resourceIds, from, to],
  );
  return rows;
}

export interface ScheduleBookingRow extends BusyRow {
  organizerUnitId: number;
  visibility: string;
  title: { 'zh-CN': string; en: string };
  status: string;
  activityStartsAt: string;
}

/** The bookings behind a resource's schedule, with their activities. */
export async function selectScheduleBookings(db: Queryable, resourceId: number, from: string, to: string): Promise<ScheduleBookingRow[]> {
  const { rows } = await db.query<ScheduleBookingRow>(
    `SELECT b.resource_id AS "resourceId", b.activity_id AS "activityId", b.occurrence_id AS "occurrenceId", b.quantity,
            to_json(lower(b.period))#>>'{}' AS start, to_json(upper(b.period))#>>'{}' AS "end",
            json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS title, a.status,
            a.organizer_unit_id AS "organizerUnitId", a.visibility,
            to_json(a.starts_at)#>>'{}' AS "activityStartsAt"
       FROM bookings b JOIN activities a ON a.id = b.activity_id
      WHERE b.resource_id = $1::bigint AND b.active AND b.period && tstzrange($2::timestamptz, $3::timestamptz)
      ORDER BY lower(b.period), b.activity_id
      LIMIT 5000`,
    [resourceId, from, to],
  );
  return rows;
}

export interface SearchResourceRow {
  id: number;
  unitId: number;
  kind: string;
  category: string | null;
  quantity: number;
}

export async function selectResourcesByIds(db: Queryable, ids: number[]): Promise<SearchResourceRow[]> {
  const { rows } = await db.query<SearchResourceRow>(
    `SELECT id, unit_id AS "unitId", kind, category, quantity FROM resources WHERE id = ANY ($1::bigint[]) ORDER BY id`,
    [ids],
  );
  return rows;
}

export async function selectEquipmentOfCategory(db: Queryable, category: string): Promise<SearchResourceRow[]> {
  const { rows } = await db.query<SearchResourceRow>(
    `SELECT id, unit_id AS "unitId", kind, category, quantity FROM resources
      WHERE kind = 'equipment' AND category = $1::text ORDER BY id LIMIT 50`,
    [category],
  );
  return rows;
}
