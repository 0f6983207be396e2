import type { Queryable } from '../db/pool.ts';
import type { PendingClaim } from './approvals.queue.schema.ts';
import { activityStatusSql as st } from './status.queries.ts';

/** Pending claims of requested activities, on one unit's resources (or all units' when unitId is null). */
export async function selectPendingClaims(db: Queryable, q: { unitId: number | null; cursor?: number | undefined; limit: number }): Promise<PendingClaim[]> {
  const { rows } = await db.query<PendingClaim>(
    `SELECT c.id, c.activity_id AS "activityId",
            json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS "activityTitle", a.kind AS "activityKind",
            a.organizer_unit_id AS "organizerUnitId", json_build_object('zh-CN', u.name_zh, 'en', u.name_en) AS "organizerUnitName",
            to_json(a.starts_at)#>>'{}' AS "startsAt", to_json(a.ends_at)#>>'{}' AS "endsAt", a.time_zone AS "timeZone",
            a.recurrence_rule AS "recurrenceRule", to_json(a.hold_expires_at)#>>'{}' AS "holdExpiresAt",
            c.resource_id AS "resourceId", json_build_object('zh-CN', r.name_zh, 'en', r.name_en) AS "resourceName",
            r.unit_id AS "resourceUnitId", r.quantity AS "poolQuantity",
            c.quantity, c.setup_minutes AS "setupMinutes", c.teardown_minutes AS "teardownMinutes",
            CASE WHEN v.id IS NOT NULL THEN json_build_object('zh-CN', v.name_zh, 'en', v.name_en) END AS "venueName"
       FROM claims c
       JOIN resources r ON r.id = c.resource_id
       JOIN activities a ON a.id = c.activity_id
       JOIN units u ON u.id = a.organizer_unit_id
       LEFT JOIN activity_venues av ON av.activity_id = a.id LEFT JOIN resources v ON v.id = av.venue_id
      WHERE c.approval = 'pending' AND ${st.requested('a')}
        AND ($1::bigint IS NULL OR r.unit_id = $1::bigint)
        AND ($2::bigint IS NULL OR c.id > $2::bigint)
      ORDER BY c.id
      LIMIT $3::int`,
    [q.unitId, q.cursor ?? null, q.limit + 1],
  );
  return rows;
}
