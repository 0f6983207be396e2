import type { Queryable } from '../db/pool.ts';
import type { BusyPeriod } from './busy.ts';

export interface SubscriptionRow {
  id: number;
  resourceId: number | null;
  classId: number | null;
  unitId: number;
  timeZone: string;
  name: string;
  url: string | null;
  etag: string | null;
  lastModified: string | null;
  fetchedAt: string | null;
  lastError: string | null;
  busyCount: number;
  createdAt: string;
}

const COLUMNS = `s.id, s.resource_id AS "resourceId", s.class_id AS "classId", u.id AS "unitId", u.time_zone AS "timeZone", s.name, s.url, s.etag,
  s.last_modified AS "lastModified", to_json(s.fetched_at)#>>'{}' AS "fetchedAt", s.last_error AS "lastError",
  s.busy_count AS "busyCount", to_json(s.created_at)#>>'{}' AS "createdAt"`;
const FROM = `calendar_subscriptions s LEFT JOIN resources r ON r.id = s.resource_id LEFT JOIN classes c ON c.id = s.class_id
  JOIN units u ON u.id = coalesce(r.unit_id, c.unit_id)`;

export async function insertSubscription(db: Queryable, v: { resourceId: number | null; classId: number | null; name: string; url: string | null }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO calendar_subscriptions (resource_id, class_id, name, url) VALUES ($1::bigint, $2::bigint, $3::text, $4::text) RETURNING id',
    [v.resourceId, v.classId, v.name, v.url],
  );
  return rows[0]!.id;
}

export async function selectSubscription(db: Queryable, id: number): Promise<SubscriptionRow | undefined> {
  const { rows } = await db.query<SubscriptionRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE s.id = $1::bigint`, [id]);
  return rows[0];
}

/** The subscriptions of a resource or of a class. */
export async function selectSubscriptionsOf(db: Queryable, owner: { resourceId: number | null; classId: number | null }): Promise<SubscriptionRow[]> {
  const { rows } = await db.query<SubscriptionRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE s.resource_id = $1::bigint OR s.class_id = $2::bigint ORDER BY s.id`, [owner.resourceId, owner.classId]);
  return rows;
}

/** URL subscriptions not fetched since `before`, oldest first. */
export async function selectDueSubscriptions(db: Queryable, before: string, limit: number): Promise<SubscriptionRow[]> {
  const { rows } = await db.query<SubscriptionRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE s.url IS NOT NULL AND (s.fetched_at IS NULL OR s.fetched_at < $1::timestamptz)
      ORDER BY s.fetched_at NULLS FIRST, s.id LIMIT $2::int`,
    [before, limit],
  );
  return rows;
}

export async function deleteSubscription(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM calendar_subscriptions WHERE id = $1::bigint', [id]);
}

/**
 * Replaces the subscription's busy time: `maintenance` entries of its resource, or timed `blocked`
 * class calendar entries of its class, named after it.
 */
export async function replaceBusy(db: Queryable, s: SubscriptionRow, periods: BusyPeriod[]): Promise<void> {
  const starts = periods.map((p) => p.startsAt);
  const ends = periods.map((p) => p.endsAt);
  if (s.classId !== null) {
    await db.query('DELETE FROM class_calendar_entries WHERE subscription_id = $1::bigint', [s.id]);
    await db.query(
      `INSERT INTO class_calendar_entries (unit_id, kind, class_id, name_zh, name_en, period, time_zone, subscription_id)
       SELECT $3::bigint, 'blocked', $2::bigint, $4::text, $4::text, tstzrange(p.s, p.e, '[)'), $5::text, $1::bigint
         FROM unnest($6::timestamptz[], $7::timestamptz[]) AS p (s, e)`,
      [s.id, s.classId, s.unitId, s.name, s.timeZone, starts, ends],
    );
    return;
  }
  await db.query('DELETE FROM calendar_entries WHERE subscription_id = $1::bigint', [s.id]);
  await db.query(
    `INSERT INTO calendar_entries (kind, resource_id, name_zh, name_en, period, all_day, time_zone, subscription_id)
     SELECT 'maintenance', $2::bigint, $3::text, $3::text, tstzrange(p.s, p.e, '[)'), false, $4::text, $1::bigint
       FROM unnest($5::timestamptz[], $6::timestamptz[]) AS p (s, e)`,
    [s.id, s.resourceId, s.name, s.timeZone, starts, ends],
  );
}

export async function recordFetch(db: Queryable, id: number, v: { fetchedAt: string; etag?: string | null; lastModified?: string | null; error: string | null; busyCount?: number }): Promise<void> {
  await db.query(
    `UPDATE calendar_subscriptions SET fetched_at = $2::timestamptz, last_error = $3::text,
            etag = CASE WHEN $4::boolean THEN $5::text ELSE etag END, last_modified = CASE WHEN $4::boolean THEN $6::text ELSE last_modified END,
            busy_count = coalesce($7::int, busy_count)
      WHERE id = $1::bigint`,
    [id, v.fetchedAt, v.error, v.etag !== undefined, v.etag ?? null, v.lastModified ?? null, v.busyCount ?? null],
  );
}
