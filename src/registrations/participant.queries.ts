import type { Queryable } from '../db/pool.ts';
import { seriesEndsAt } from '../booking/occurrences.queries.ts';
import type { ActivityStatus } from '../shared/types.ts';
import type { Registration } from './registrations.schema.ts';

/** Another registration of the same email address, for the participant page. */
export interface OtherRegistrationRow {
  id: number;
  status: Registration['status'];
  activityTitle: { 'zh-CN': string; en: string };
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
  activityStatus: ActivityStatus;
  /** Place on the waitlist (1 = next to move up), null unless waitlisted. */
  waitlistPosition: number | null;
}

/** The address's registrations for activities ending after `since`, except `exceptId`, soonest first. */
export async function selectOtherRegistrations(db: Queryable, email: string, exceptId: number, since: string, limit: number): Promise<OtherRegistrationRow[]> {
  const { rows } = await db.query<OtherRegistrationRow>(
    `SELECT r.id, r.status, json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS "activityTitle",
            to_json(a.starts_at)#>>'{}' AS "startsAt", to_json(a.ends_at)#>>'{}' AS "endsAt", a.time_zone AS "timeZone",
            a.all_day AS "allDay", a.status AS "activityStatus",
            CASE WHEN r.status = 'waitlisted' THEN (SELECT count(*)::int FROM registrations w
              WHERE w.activity_id = r.activity_id AND w.status = 'waitlisted' AND (w.waitlisted_at, w.id) <= (r.waitlisted_at, r.id)) END AS "waitlistPosition"
       FROM registrations r JOIN activities a ON a.id = r.activity_id
      WHERE r.email = $1::text AND r.id <> $2::bigint AND ${seriesEndsAt('a')} > $3::timestamptz
      ORDER BY a.starts_at, r.id
      LIMIT $4::int`,
    [email, exceptId, since, limit],
  );
  return rows;
}

/** The activity's venue as the participant page shows it: its name in both languages and where it is. */
export interface VenueRow {
  name: { 'zh-CN': string; en: string };
  /** Where it is, in both languages (either may be empty). */
  place: { 'zh-CN': string; en: string };
}

export async function selectActivityVenue(db: Queryable, activityId: number): Promise<VenueRow | null> {
  const { rows } = await db.query<VenueRow>(
    `SELECT json_build_object('zh-CN', v.name_zh, 'en', v.name_en) AS name, json_build_object('zh-CN', v.location_zh, 'en', v.location_en) AS place
       FROM activity_venues av JOIN resources v ON v.id = av.venue_id
      WHERE av.activity_id = $1::bigint
      LIMIT 1`,
    [activityId],
  );
  return rows[0] ?? null;
}
