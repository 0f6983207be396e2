import type { Queryable } from '../db/pool.ts';
import { seriesEndsAt } from '../booking/occurrences.queries.ts';
import type { ActivityListQuery } from './activities.schema.ts';
import { publishedSql as published } from '../booking/status.queries.ts';
import { ACTIVITY_COLUMNS, venueOf, type ActivityRow } from '../booking/activity.queries.ts';

export interface ActivityCursor {
  startsAt: string;
  id: number;
}

/** Whose view a list is: admins see everything; others published activities plus their own unit's. */
export interface ActivityViewer {
  all: boolean;
  unitId: number | null;
}

/** SQL for "activity `a` is published" (shared/policy.ts isPublished): public and confirmed, or cancelled after it was confirmed. */
export const publishedSql = published('a');

/** SQL for "activity `a` is visible to the viewer" given the parameter numbers of viewer.all and viewer.unitId (shared/policy.ts canSeeActivity). */
export const visibleToViewer = (all: number, unitId: number) =>
  `($${all}::boolean OR ${publishedSql} OR a.organizer_unit_id = $${unitId}::bigint)`;

export async function selectActivities(db: Queryable, q: ActivityListQuery, after: ActivityCursor | undefined, viewer: ActivityViewer): Promise<ActivityRow[]> {
  const { rows } = await db.query<ActivityRow>(
    `SELECT ${ACTIVITY_COLUMNS} FROM activities a
      WHERE ($1::text IS NULL OR a.kind = $1::text)
        AND ($2::bigint IS NULL OR a.organizer_unit_id = $2::bigint)
        AND ($3::bigint IS NULL OR ${venueOf('a')} = $3::bigint)
        AND ($4::text IS NULL OR a.status = $4::text)
        AND ($5::smallint IS NULL OR $5::smallint = ANY (a.audience_grades))
        AND ($6::timestamptz IS NULL OR ${seriesEndsAt('a')} > $6::timestamptz)
        AND ($7::timestamptz IS NULL OR a.starts_at < $7::timestamptz)
        AND ($8::timestamptz IS NULL OR (a.starts_at, a.id) > ($8::timestamptz, $9::bigint))
        AND ${visibleToViewer(11, 12)}
      ORDER BY a.starts_at, a.id
      LIMIT $10::int`,
    [q.kind ?? null, q.unitId ?? null, q.venueId ?? null, q.status ?? null, q.grade ?? null,
      q.from ?? null, q.to ?? null, after?.startsAt ?? null, after?.id ?? null, q.limit + 1, viewer.all, viewer.unitId],
  );
  return rows;
}

