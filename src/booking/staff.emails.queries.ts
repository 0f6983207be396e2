import type { Queryable } from '../db/pool.ts';
import { activityStatusSql as st } from './status.queries.ts';

/**
 * Staff emails in the outbox: approval requests to the organizers of the unit that owns a claimed
 * resource, decisions and lapsing-hold reminders to the requesting unit's organizers. Each insert
 * is idempotent (the dedupe key names the cause, including the hold it belongs to, so asking again
 * after a decline asks again), so listeners can reconcile from the stored state.
 */
export const STAFF_KINDS = ['approval_request', 'approval_decision', 'hold_expiring'] as const;
export type StaffKind = (typeof STAFF_KINDS)[number];

/** Organizers (not disabled) of the unit `unit`: who is asked, and who is told. */
const organizersOf = (unit: string) => `JOIN users o ON o.unit_id = ${unit} AND o.role = 'organizer' AND o.disabled_at IS NULL`;

/**
 * One approval request per owner unit × organizer of that unit, for a requested activity's pending
 * claims on that unit's resources (the email lists them all; its link opens the first claim).
 */
export async function enqueueApprovalRequests(db: Queryable, activityId: number, now: string): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, user_id, claim_id, activity_id, recipient, available_at, payload)
     SELECT 'approval_request:' || a.id || ':' || p.unit_id || ':' || o.id || ':' || extract(epoch FROM a.hold_expires_at)::bigint,
            'approval_request', o.id, p.claim_id, a.id, o.email, $2::timestamptz,
            jsonb_build_object('holdExpiresAt', to_json(a.hold_expires_at)#>>'{}')
       FROM activities a
       JOIN LATERAL (SELECT r.unit_id, min(c.id) AS claim_id FROM claims c JOIN resources r ON r.id = c.resource_id
                      WHERE c.activity_id = a.id AND c.approval = 'pending' GROUP BY r.unit_id) p ON true
       ${organizersOf('p.unit_id')}
      WHERE a.id = $1::bigint AND ${st.requested('a')} AND a.hold_expires_at IS NOT NULL
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [activityId, now],
  );
  return rowCount ?? 0;
}

/** A reminder to the requesting unit's organizers 24 h before the hold lapses (none when the hold is shorter). */
export async function enqueueHoldExpiring(db: Queryable, activityId: number, now: string): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, user_id, activity_id, recipient, available_at, payload)
     SELECT 'hold_expiring:' || a.id || ':' || o.id || ':' || extract(epoch FROM a.hold_expires_at)::bigint,
            'hold_expiring', o.id, a.id, o.email, a.hold_expires_at - interval '24 hours',
            jsonb_build_object('holdExpiresAt', to_json(a.hold_expires_at)#>>'{}')
       FROM activities a ${organizersOf('a.organizer_unit_id')}
      WHERE a.id = $1::bigint AND ${st.requested('a')} AND a.hold_expires_at - interval '24 hours' > $2::timestamptz
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [activityId, now],
  );
  return rowCount ?? 0;
}

/** The activity is no longer waiting (decided, lapsed, withdrawn): queued reminders and requests are moot. */
export async function dropMootStaffNotices(db: Queryable, activityId: number, now: string): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = 'cancelled', last_error = 'superseded: the request was decided or withdrawn', updated_at = $2::timestamptz
      WHERE activity_id = $1::bigint AND status = 'pending' AND kind IN ('hold_expiring', 'approval_request')
        AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.id = $1::bigint AND ${st.requested('a')})`,
    [activityId, now],
  );
}

export interface Decision {
  activityId: number;
  claimId: number;
  decision: 'approved' | 'declined';
  reason: string | null;
  /** The hold the decision ended or kept (part of the key: a claim asked for again is decided anew). */
  holdExpiresAt: string | null;
}

/** The decision on one claim, to every organizer of the requesting unit. */
export async function enqueueDecision(db: Queryable, d: Decision, now: string): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, user_id, claim_id, activity_id, recipient, available_at, payload)
     SELECT 'approval_decision:' || $2::bigint || ':' || o.id || ':' || coalesce(extract(epoch FROM $5::timestamptz)::bigint, 0),
            'approval_decision', o.id, $2::bigint, a.id, o.email, $6::timestamptz,
            jsonb_build_object('decision', $3::text, 'reason', $4::text)
       FROM activities a ${organizersOf('a.organizer_unit_id')}
      WHERE a.id = $1::bigint
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [d.activityId, d.claimId, d.decision, d.reason, d.holdExpiresAt, now],
  );
  return rowCount ?? 0;
}

export interface StaffClaimLine {
  claimId: number;
  resourceZh: string;
  resourceEn: string;
  ownerZh: string;
  ownerEn: string;
  quantity: number;
  poolQuantity: number;
  setupMinutes: number;
  teardownMinutes: number;
  approval: string;
}

/** Everything a staff email shows, read at send time. */
export interface StaffDetails {
  id: number;
  kind: StaffKind;
  dedupeKey: string;
  recipient: string;
  userName: string;
  optedOut: boolean;
  userDisabled: boolean;
  activityId: number;
  activityStatus: string;
  titleZh: string;
  titleEn: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
  recurrenceRule: string | null;
  holdExpiresAt: string | null;
  requesterZh: string;
  requesterEn: string;
  /** The requesting unit's organizers, who to answer. */
  requesterContacts: string[];
  venueZh: string | null;
  venueEn: string | null;
  claimId: number | null;
  payload: { holdExpiresAt?: string; decision?: 'approved' | 'declined'; reason?: string | null };
  /** approval_request: the pending claims on the recipient's unit; else the decided claim, or all pending. */
  claims: StaffClaimLine[];
}

const iso = (column: string) => `to_json(${column})#>>'{}'`;

export async function selectStaffDetails(db: Queryable, ids: number[]): Promise<StaffDetails[]> {
  const { rows } = await db.query<StaffDetails>(
    `SELECT d.id, d.kind, d.dedupe_key AS "dedupeKey", d.recipient, u.name AS "userName",
            d.kind = ANY (u.email_opt_outs) AS "optedOut", u.disabled_at IS NOT NULL AS "userDisabled",
            a.id AS "activityId", a.status AS "activityStatus", a.title_zh AS "titleZh", a.title_en AS "titleEn",
            ${iso('a.starts_at')} AS "startsAt", ${iso('a.ends_at')} AS "endsAt", a.time_zone AS "timeZone", a.all_day AS "allDay",
            a.recurrence_rule AS "recurrenceRule", ${iso('a.hold_expires_at')} AS "holdExpiresAt",
            ou.name_zh AS "requesterZh", ou.name_en AS "requesterEn",
            ARRAY(SELECT x.email FROM users x WHERE x.unit_id = a.organizer_unit_id AND x.role = 'organizer' AND x.disabled_at IS NULL ORDER BY x.id) AS "requesterContacts",
            v.name_zh AS "venueZh", v.name_en AS "venueEn", d.claim_id AS "claimId", d.payload,
            ARRAY(SELECT json_build_object('claimId', c.id, 'resourceZh', r.name_zh, 'resourceEn', r.name_en,
                         'ownerZh', ru.name_zh, 'ownerEn', ru.name_en, 'quantity', c.quantity, 'poolQuantity', r.quantity,
                         'setupMinutes', c.setup_minutes, 'teardownMinutes', c.teardown_minutes, 'approval', c.approval)
                    FROM claims c JOIN resources r ON r.id = c.resource_id JOIN units ru ON ru.id = r.unit_id
                   WHERE c.activity_id = a.id
                     AND CASE d.kind WHEN 'approval_request' THEN c.approval = 'pending' AND r.unit_id = u.unit_id
                                     WHEN 'approval_decision' THEN c.id = d.claim_id
                                     ELSE c.approval = 'pending' END
                   ORDER BY c.id) AS claims
       FROM deliveries d
       JOIN users u ON u.id = d.user_id
       JOIN activities a ON a.id = d.activity_id
       JOIN units ou ON ou.id = a.organizer_unit_id
       LEFT JOIN activity_venues av ON av.activity_id = a.id LEFT JOIN resources v ON v.id = av.venue_id
      WHERE d.id = ANY ($1::bigint[]) AND d.user_id IS NOT NULL AND d.subject IS NULL
      ORDER BY d.available_at, d.id`,
    [ids],
  );
  return rows;
}

export async function selectEmailOptOuts(db: Queryable, userId: number): Promise<StaffKind[]> {
  const { rows } = await db.query<{ optOuts: StaffKind[] }>(`SELECT email_opt_outs AS "optOuts" FROM users WHERE id = $1::bigint`, [userId]);
  return rows[0]?.optOuts ?? [];
}

export async function updateEmailOptOuts(db: Queryable, userId: number, optOuts: StaffKind[], now: string): Promise<void> {
  await db.query(`UPDATE users SET email_opt_outs = $2::text[], updated_at = $3::timestamptz WHERE id = $1::bigint`, [userId, optOuts, now]);
}
