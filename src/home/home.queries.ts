import type { Queryable } from '../db/pool.ts';
import { activityStatusSql as status } from '../booking/status.queries.ts';

/**
 * The organizer home's lists: a read model over other features' tables (like reports/), never
 * written here. Each statement takes the unit and the instants that bound it; instants come back
 * as UTC ISO strings and the service shows them in the unit's zone.
 */
type Localized = { 'zh-CN': string; en: string };
const ISO = (column: string) => `to_json(${column})#>>'{}'`;

export async function selectUnit(db: Queryable, unitId: number): Promise<{ id: number; name: Localized; timeZone: string } | undefined> {
  const { rows } = await db.query(
    `SELECT id::int, json_build_object('zh-CN', name_zh, 'en', name_en) AS name, time_zone AS "timeZone" FROM units WHERE id = $1::bigint`,
    [unitId],
  );
  return rows[0];
}

export interface HappeningRow {
  activityId: number; occurrenceId: number; title: Localized; kind: string; status: 'draft' | 'requested' | 'confirmed' | 'cancelled';
  startsAt: string; endsAt: string; allDay: boolean; venueName: Localized | null; registered: number; ours: boolean;
}

/** Occurrences in [from, to) of activities the unit organizes or that claim the unit's resources. */
export async function selectHappenings(db: Queryable, unitId: number, from: string, to: string): Promise<HappeningRow[]> {
  const { rows } = await db.query<HappeningRow>(
    `SELECT a.id::int AS "activityId", o.id::int AS "occurrenceId", json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS title,
            a.kind, a.status, ${ISO('o.starts_at')} AS "startsAt", ${ISO('o.ends_at')} AS "endsAt", a.all_day AS "allDay",
            CASE WHEN v.id IS NOT NULL THEN json_build_object('zh-CN', v.name_zh, 'en', v.name_en) END AS "venueName",
            (SELECT count(*)::int FROM registrations g WHERE g.activity_id = a.id AND g.status = 'confirmed'
                AND (g.occurrence_id IS NULL OR g.occurrence_id = o.id)) AS registered,
            a.organizer_unit_id = $1::bigint AS ours
       FROM occurrences o
       JOIN activities a ON a.id = o.activity_id
       LEFT JOIN activity_venues av ON av.activity_id = a.id LEFT JOIN resources v ON v.id = av.venue_id
      WHERE o.status = 'scheduled' AND ${status.active('a')}
        AND o.starts_at < $3::timestamptz AND o.ends_at > $2::timestamptz
        AND (a.organizer_unit_id = $1::bigint
             OR EXISTS (SELECT 1 FROM claims c JOIN resources r ON r.id = c.resource_id WHERE c.activity_id = a.id AND r.unit_id = $1::bigint))
      ORDER BY o.starts_at, a.id
      LIMIT 200`,
    [unitId, from, to],
  );
  return rows;
}

export async function selectApprovalsWaiting(db: Queryable, unitId: number) {
  const { rows } = await db.query<{ claimId: number; activityId: number; title: Localized; requestedBy: Localized; resourceName: Localized; quantity: number; startsAt: string; holdExpiresAt: string | null }>(
    `SELECT c.id::int AS "claimId", a.id::int AS "activityId", json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS title,
            json_build_object('zh-CN', u.name_zh, 'en', u.name_en) AS "requestedBy", json_build_object('zh-CN', r.name_zh, 'en', r.name_en) AS "resourceName",
            c.quantity, ${ISO('a.starts_at')} AS "startsAt", ${ISO('a.hold_expires_at')} AS "holdExpiresAt"
       FROM claims c
       JOIN resources r ON r.id = c.resource_id
       JOIN activities a ON a.id = c.activity_id
       JOIN units u ON u.id = a.organizer_unit_id
      WHERE c.approval = 'pending' AND ${status.requested('a')} AND r.unit_id = $1::bigint
      ORDER BY a.hold_expires_at NULLS LAST, c.id
      LIMIT 50`,
    [unitId],
  );
  return rows;
}

export async function selectHoldsLapsing(db: Queryable, unitId: number, before: string) {
  const { rows } = await db.query<{ activityId: number; title: Localized; startsAt: string; holdExpiresAt: string; pendingClaims: number }>(
    `SELECT a.id::int AS "activityId", json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS title, ${ISO('a.starts_at')} AS "startsAt",
            ${ISO('a.hold_expires_at')} AS "holdExpiresAt",
            (SELECT count(*)::int FROM claims c WHERE c.activity_id = a.id AND c.approval = 'pending') AS "pendingClaims"
       FROM activities a
      WHERE a.organizer_unit_id = $1::bigint AND ${status.requested('a')} AND a.hold_expires_at < $2::timestamptz
      ORDER BY a.hold_expires_at, a.id
      LIMIT 50`,
    [unitId, before],
  );
  return rows;
}

/** Activities of the unit with an occurrence in [from, to) for which confirmed registrations lack a given consent. */
export async function selectConsentsMissing(db: Queryable, unitId: number, from: string, to: string) {
  const { rows } = await db.query<{ activityId: number; title: Localized; startsAt: string; missing: number }>(
    `SELECT a.id::int AS "activityId", json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS title,
            ${ISO('min(o.starts_at)')} AS "startsAt", count(DISTINCT g.id)::int AS missing
       FROM activities a
       JOIN registrations g ON g.activity_id = a.id AND g.status = 'confirmed'
       JOIN consents k ON k.registration_id = g.id AND k.status <> 'given'
       JOIN occurrences o ON o.activity_id = a.id AND o.status = 'scheduled'
                         AND o.starts_at >= $2::timestamptz AND o.starts_at < $3::timestamptz
                         AND (g.occurrence_id IS NULL OR g.occurrence_id = o.id)
      WHERE a.organizer_unit_id = $1::bigint AND ${status.active('a')}
      GROUP BY a.id
      ORDER BY min(o.starts_at), a.id
      LIMIT 50`,
    [unitId, from, to],
  );
  return rows;
}

export async function selectOverdueLoans(db: Queryable, unitId: number, now: string) {
  const { rows } = await db.query<{ loanId: number; resourceName: Localized; holderName: string; dueBack: string; itemsOut: number }>(
    `SELECT l.id::int AS "loanId", json_build_object('zh-CN', r.name_zh, 'en', r.name_en) AS "resourceName", l.holder_name AS "holderName",
            ${ISO('l.due_back')} AS "dueBack",
            (SELECT count(*)::int FROM loan_items li WHERE li.loan_id = l.id AND li.returned_at IS NULL) AS "itemsOut"
       FROM loans l JOIN resources r ON r.id = l.resource_id
      WHERE r.unit_id = $1::bigint AND l.closed_at IS NULL AND l.due_back < $2::timestamptz
      ORDER BY l.due_back, l.id
      LIMIT 50`,
    [unitId, now],
  );
  return rows;
}

/** Failed emails about the unit's activities, its loans, or to its staff, since `since`. */
export async function selectFailedEmails(db: Queryable, unitId: number, since: string) {
  const { rows } = await db.query<{ deliveryId: number; kind: string; activityId: number | null; title: Localized | null; failedAt: string }>(
    `SELECT d.id::int AS "deliveryId", d.kind, a.id::int AS "activityId",
            CASE WHEN a.id IS NOT NULL THEN json_build_object('zh-CN', a.title_zh, 'en', a.title_en) END AS title,
            ${ISO('d.updated_at')} AS "failedAt"
       FROM deliveries d
       LEFT JOIN registrations rg ON rg.id = d.registration_id
       LEFT JOIN activities a ON a.id = COALESCE(d.activity_id, rg.activity_id)
       LEFT JOIN loans l ON l.id = d.loan_id LEFT JOIN resources lr ON lr.id = l.resource_id
       LEFT JOIN users s ON s.id = d.user_id
      WHERE d.status = 'failed' AND d.updated_at >= $2::timestamptz
        AND (a.organizer_unit_id = $1::bigint OR lr.unit_id = $1::bigint OR s.unit_id = $1::bigint)
      ORDER BY d.updated_at DESC, d.id DESC
      LIMIT 50`,
    [unitId, since],
  );
  return rows;
}

/** The unit's and its classes' group robots that were turned off, or have failed or retried messages since `since`. */
export async function selectFailingChannels(db: Queryable, unitId: number, since: string) {
  const { rows } = await db.query<{ channelId: number; platform: 'wecom' | 'dingtalk' | 'feishu'; classId: number | null; name: string; enabled: boolean; disabledReason: string | null; failing: number }>(
    `SELECT * FROM (
       SELECT w.id::int AS "channelId", w.kind AS platform, w.class_id::int AS "classId", w.description AS name, w.enabled, w.disabled_reason AS "disabledReason",
              (SELECT count(*)::int FROM webhook_deliveries d WHERE d.endpoint_id = w.id
                  AND ((d.status = 'failed' AND d.updated_at >= $2::timestamptz) OR (d.status = 'pending' AND d.last_error IS NOT NULL))) AS failing
         FROM webhook_endpoints w LEFT JOIN classes c ON c.id = w.class_id
        WHERE w.kind IN ('wecom', 'dingtalk', 'feishu') AND (w.unit_id = $1::bigint OR c.unit_id = $1::bigint)) f
      WHERE NOT f.enabled OR f.failing > 0
      ORDER BY f."channelId" LIMIT 50`,
    [unitId, since],
  );
  return rows;
}
