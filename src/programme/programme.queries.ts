import type { Queryable } from '../db/pool.ts';
import { visibleToViewer, type ActivityViewer } from '../activities/activities.queries.ts';
import type { ProgrammeItem, ProgrammeQuery } from './programme.schema.ts';
import { activityStatusSql as st } from '../booking/status.queries.ts';

/** Occurrences overlapping the window, visible to the viewer (the same rule as the activity list). */
export async function selectProgramme(db: Queryable, q: ProgrammeQuery, viewer: ActivityViewer, limit: number): Promise<ProgrammeItem[]> {
  const { rows } = await db.query<ProgrammeItem>(
    `SELECT o.id AS "occurrenceId", a.id AS "activityId", a.kind,
            json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS title,
            to_json(o.starts_at)#>>'{}' AS "startsAt", to_json(o.ends_at)#>>'{}' AS "endsAt",
            a.time_zone AS "timeZone", a.all_day AS "allDay",
            (${st.cancelled('a')} OR o.status = 'cancelled') AS cancelled,
            (SELECT av.venue_id FROM activity_venues av WHERE av.activity_id = a.id) AS "venueId", a.organizer_unit_id AS "organizerUnitId", a.audience_grades::int[] AS "audienceGrades"
       FROM occurrences o JOIN activities a ON a.id = o.activity_id
      WHERE tstzrange(o.starts_at, o.ends_at) && tstzrange($1::timestamptz, $2::timestamptz)
        AND ($3::text IS NULL OR a.kind = $3::text)
        AND ($4::bigint IS NULL OR a.organizer_unit_id = $4::bigint)
        AND ($5::bigint IS NULL OR EXISTS (SELECT 1 FROM activity_venues av WHERE av.activity_id = a.id AND av.venue_id = $5::bigint))
        AND ($6::smallint IS NULL OR $6::smallint = ANY (a.audience_grades))
        AND ${visibleToViewer(7, 8)}
      ORDER BY o.starts_at, o.id
      LIMIT $9::int`,
    [q.from, q.to, q.kind ?? null, q.unitId ?? null, q.venueId ?? null, q.grade ?? null, viewer.all, viewer.unitId, limit],
  );
  return rows;
}
