import type { Queryable } from '../db/pool.ts';
import { activityStatusSql } from '../booking/status.queries.ts';
import type { RegistrationOverview } from './overview.schema.ts';

type Row = RegistrationOverview['items'][number];

/**
 * Activities (requested or confirmed) with a scheduled session not yet over that starts before
 * `until`, of one unit or of all (`unitId` null), next session first, with their places and the
 * consents still pending. Registrations count once per activity (a series registration holds a place
 * at every session).
 */
export async function selectOverview(db: Queryable, p: { unitId: number | null; now: string; until: string; limit: number }): Promise<Row[]> {
  const { rows } = await db.query<Row>(
    `WITH next AS (
       SELECT o.activity_id, min(o.starts_at) AS starts_at, count(*)::int AS sessions_left
         FROM occurrences o
        WHERE o.status = 'scheduled' AND o.ends_at > $2::timestamptz
        GROUP BY o.activity_id)
     SELECT a.id AS "activityId", a.kind, json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS title, a.status,
            a.organizer_unit_id AS "organizerUnitId", a.time_zone AS "timeZone", a.all_day AS "allDay", a.capacity,
            (SELECT count(*)::int FROM registrations r WHERE r.activity_id = a.id AND r.status = 'confirmed') AS confirmed,
            (SELECT count(*)::int FROM registrations r WHERE r.activity_id = a.id AND r.status = 'waitlisted') AS waitlisted,
            (SELECT count(*)::int FROM consents c JOIN registrations r ON r.id = c.registration_id
              WHERE r.activity_id = a.id AND r.status <> 'cancelled' AND c.status = 'pending') AS "consentsMissing",
            to_json(n.starts_at)#>>'{}' AS "nextStartsAt",
            (SELECT to_json(o.ends_at)#>>'{}' FROM occurrences o WHERE o.activity_id = a.id AND o.status = 'scheduled' AND o.starts_at = n.starts_at LIMIT 1) AS "nextEndsAt",
            n.sessions_left AS "sessionsLeft"
       FROM activities a JOIN next n ON n.activity_id = a.id
      WHERE ${activityStatusSql.active('a')} AND ($1::bigint IS NULL OR a.organizer_unit_id = $1::bigint) AND n.starts_at < $3::timestamptz
      ORDER BY n.starts_at, a.id
      LIMIT $4::int`,
    [p.unitId, p.now, p.until, p.limit],
  );
  return rows;
}
