import type { Queryable } from '../db/pool.ts';
import { toEntry, type CalendarEntryRow } from '../calendars/calendars.queries.ts';
import { activityStatusSql as st } from '../booking/status.queries.ts';

/** The reads the planner's input is built from (src/planner/plans.load.ts). */

export async function resourcesOf(db: Queryable, ids: number[]) {
  const { rows } = await db.query<{ id: number; unitId: number; kind: 'venue' | 'staff' | 'equipment'; quantity: number; name: { 'zh-CN': string; en: string }; zone: string; openingHours: Record<string, [string, string][]> | null }>(
    `SELECT r.id, r.unit_id AS "unitId", r.kind, r.quantity, json_build_object('zh-CN', r.name_zh, 'en', r.name_en) AS name,
            u.time_zone AS zone, r.opening_hours AS "openingHours"
       FROM resources r JOIN units u ON u.id = r.unit_id WHERE r.id = ANY ($1::bigint[]) ORDER BY r.id`, [ids]);
  return rows.map((r) => ({ id: r.id, unitId: r.unitId, kind: r.kind, quantity: r.quantity, name: r.name, hours: { id: r.id, unitId: r.unitId, zone: r.zone, openingHours: r.openingHours } }));
}

/** Active bookings of these resources in the term, labelled by activity id only (a plan's reader may not see every title). */
export async function busyOf(db: Queryable, ids: number[], from: string, to: string) {
  const { rows } = await db.query<{ resourceId: number; startsAt: string; endsAt: string; quantity: number; label: string }>(
    `SELECT b.resource_id AS "resourceId", to_json(lower(b.period))#>>'{}' AS "startsAt", to_json(upper(b.period))#>>'{}' AS "endsAt",
            b.quantity, 'activity ' || b.activity_id AS label
       FROM bookings b
      WHERE b.active AND b.resource_id = ANY ($1::bigint[]) AND b.period && tstzrange($2::timestamptz, $3::timestamptz)
      ORDER BY b.resource_id, lower(b.period), b.activity_id`, [ids, from, to]);
  return rows.map((r) => ({ resourceId: r.resourceId, start: Date.parse(r.startsAt), end: Date.parse(r.endsAt), quantity: r.quantity, label: r.label }));
}

export async function entriesOf(db: Queryable, from: string, to: string) {
  const { rows } = await db.query<CalendarEntryRow>(
    `SELECT id, kind, unit_id AS "unitId", resource_id AS "resourceId", json_build_object('zh-CN', name_zh, 'en', name_en) AS name,
            to_json(lower(period))#>>'{}' AS "startsAt", to_json(upper(period))#>>'{}' AS "endsAt",
            all_day AS "allDay", time_zone AS "timeZone", as_weekday AS "asWeekday", to_json(created_at)#>>'{}' AS "createdAt"
       FROM calendar_entries WHERE kind <> 'term' AND period && tstzrange($1::timestamptz, $2::timestamptz) ORDER BY id`, [from, to]);
  return rows.map(toEntry);
}

/** Accepted items of the term (booked, kept where they are) by item key. */
export async function selectAccepted(db: Queryable, term: string) {
  const { rows } = await db.query<{ key: string; activityId: number; startsAt: string; resourceIds: number[] }>(
    `SELECT pb.item_key AS key, pb.activity_id AS "activityId", to_json(pb.starts_at)#>>'{}' AS "startsAt",
            coalesce((SELECT array_agg(c.resource_id ORDER BY c.resource_id) FROM claims c WHERE c.activity_id = pb.activity_id), '{}') AS "resourceIds"
       FROM plan_bookings pb JOIN plans p ON p.id = pb.plan_id JOIN activities a ON a.id = pb.activity_id
      WHERE p.term = $1::text AND ${st.notCancelled('a')} ORDER BY pb.item_key`, [term]);
  return rows;
}
