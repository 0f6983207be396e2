import type { Queryable } from '../db/pool.ts';
import { activityStatusSql } from '../booking/status.queries.ts';
import type { ActivityKind } from '../shared/types.ts';
import type { ReadinessClaim, ReadinessPupil } from './readiness.rules.ts';

const iso = (column: string) => `to_json(${column})#>>'{}'`;

/** What readiness reads of an activity (migration 0033), with the strictest ratio rule of the units involved. */
export interface ReadinessActivityRow {
  id: number;
  kind: ActivityKind;
  status: 'draft' | 'requested' | 'confirmed' | 'cancelled';
  titleZh: string;
  titleEn: string;
  organizerUnitId: number;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  audienceGrades: number[];
  destination: string;
  hasVenue: boolean;
  meetingPoint: string;
  meetingAt: string | null;
  contact: string;
  contactPhone: string;
  transport: string;
  pupilsPerAdult: number | null;
  headCountDays: number;
  headCount: number | null;
  headCountConfirmedAt: string | null;
  readyAt: string | null;
  readinessBrokenAt: string | null;
  rulePrimary: number;
  ruleSecondary: number;
}

const COLUMNS = `a.id, a.kind, a.status, a.title_zh AS "titleZh", a.title_en AS "titleEn", a.organizer_unit_id AS "organizerUnitId",
  ${iso('a.starts_at')} AS "startsAt", ${iso('a.ends_at')} AS "endsAt", a.time_zone AS "timeZone", a.audience_grades::int[] AS "audienceGrades",
  a.destination, EXISTS (SELECT 1 FROM activity_venues av WHERE av.activity_id = a.id) AS "hasVenue",
  a.meeting_point AS "meetingPoint", ${iso('a.meeting_at')} AS "meetingAt", a.contact, a.contact_phone AS "contactPhone", a.transport,
  a.pupils_per_adult AS "pupilsPerAdult", a.head_count_days AS "headCountDays", vr.head_count AS "headCount",
  ${iso('vr.head_count_confirmed_at')} AS "headCountConfirmedAt", ${iso('vr.ready_at')} AS "readyAt", ${iso('vr.broken_at')} AS "readinessBrokenAt",
  rule.primary_ AS "rulePrimary", rule.secondary_ AS "ruleSecondary"`;

/** The strictest rule among the organizer unit and the units whose resources the activity claims. */
const RULE = `JOIN LATERAL (SELECT min(u.pupils_per_adult_primary)::int AS primary_, min(u.pupils_per_adult_secondary)::int AS secondary_
                 FROM units u WHERE u.id = a.organizer_unit_id
                    OR u.id IN (SELECT r.unit_id FROM claims c JOIN resources r ON r.id = c.resource_id WHERE c.activity_id = a.id)) rule ON true`;

export async function selectReadinessActivity(db: Queryable, activityId: number, forUpdate = false): Promise<ReadinessActivityRow | undefined> {
  const { rows } = await db.query<ReadinessActivityRow>(
    `SELECT ${COLUMNS} FROM activities a LEFT JOIN visit_readiness vr ON vr.activity_id = a.id ${RULE}
      WHERE a.id = $1::bigint ${forUpdate ? 'FOR UPDATE OF a' : ''}`,
    [activityId],
  );
  return rows[0];
}

/**
 * Pupils (student registrations) of the activity: those holding or waiting for a place, and those
 * whose place went because their guardian declined or withdrew (they are flagged on the roster).
 */
export async function selectReadinessPupils(db: Queryable, activityId: number): Promise<ReadinessPupil[]> {
  const { rows } = await db.query<ReadinessPupil>(
    `SELECT r.id AS "registrationId", r.name, r.class_name AS class, r.grade::int AS grade, r.status, c.status AS consent, x.registration_id IS NOT NULL AS excluded
       FROM registrations r LEFT JOIN consents c ON c.registration_id = r.id LEFT JOIN visit_exclusions x ON x.registration_id = r.id
      WHERE r.activity_id = $1::bigint AND r.role = 'student'
        AND (r.status <> 'cancelled' OR c.status IN ('declined', 'withdrawn'))
      ORDER BY r.class_name NULLS LAST, r.name, r.id LIMIT 5000`,
    [activityId],
  );
  return rows;
}

/** Accompanying adults: confirmed registrations of teachers, staff and guardians. */
export async function countAdults(db: Queryable, activityId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM registrations r
      WHERE r.activity_id = $1::bigint AND r.status = 'confirmed' AND r.role IN ('teacher', 'staff', 'guardian')`,
    [activityId],
  );
  return rows[0]!.n;
}

export async function selectReadinessClaims(db: Queryable, activityId: number): Promise<ReadinessClaim[]> {
  const { rows } = await db.query<ReadinessClaim>(
    `SELECT c.id AS "claimId", r.kind AS "resourceKind", r.category, r.unit_id AS "ownerUnitId", c.approval
       FROM claims c JOIN resources r ON r.id = c.resource_id WHERE c.activity_id = $1::bigint ORDER BY c.id`,
    [activityId],
  );
  return rows;
}

/** Units owning a resource the activity claims, besides the organizer's: they may read its readiness. */
export async function selectHostUnits(db: Queryable, activityId: number): Promise<number[]> {
  const { rows } = await db.query<{ unitId: number }>(
    `SELECT DISTINCT r.unit_id::int AS "unitId" FROM claims c JOIN resources r ON r.id = c.resource_id JOIN activities a ON a.id = c.activity_id
      WHERE c.activity_id = $1::bigint AND r.unit_id <> a.organizer_unit_id`,
    [activityId],
  );
  return rows.map((r) => r.unitId);
}

export async function markReady(db: Queryable, activityId: number, by: string, now: string): Promise<void> {
  await db.query(
    `INSERT INTO visit_readiness (activity_id, ready_at, ready_by) VALUES ($1::bigint, $3::timestamptz, $2::text)
     ON CONFLICT (activity_id) DO UPDATE SET ready_at = EXCLUDED.ready_at, ready_by = EXCLUDED.ready_by, broken_at = NULL`,
    [activityId, by, now],
  );
}

/** Takes the ready mark off (the organizer's own decision: a visit postponed, a doubt); true when there was one. */
export async function unmarkReady(db: Queryable, activityId: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE visit_readiness SET ready_at = NULL, ready_by = NULL, broken_at = NULL WHERE activity_id = $1::bigint AND ready_at IS NOT NULL`, [activityId]);
  return (rowCount ?? 0) > 0;
}

export async function confirmHeadCount(db: Queryable, activityId: number, headCount: number, by: string, now: string): Promise<void> {
  await db.query(
    `INSERT INTO visit_readiness (activity_id, head_count, head_count_confirmed_at, head_count_confirmed_by) VALUES ($1::bigint, $2::int, $4::timestamptz, $3::text)
     ON CONFLICT (activity_id) DO UPDATE SET head_count = EXCLUDED.head_count, head_count_confirmed_at = EXCLUDED.head_count_confirmed_at,
       head_count_confirmed_by = EXCLUDED.head_count_confirmed_by`,
    [activityId, headCount, by, now],
  );
}

/** Takes a pupil off the visit (or back on); returns whether the row is a pupil's registration of this activity. */
export async function setExcluded(db: Queryable, activityId: number, registrationId: number, excluded: boolean, by: string, now: string): Promise<boolean> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT r.id FROM registrations r WHERE r.id = $2::bigint AND r.activity_id = $1::bigint AND r.role = 'student'`,
    [activityId, registrationId],
  );
  if (rows.length === 0) return false;
  await db.query(
    excluded
      ? `INSERT INTO visit_exclusions (registration_id, excluded_at, excluded_by) VALUES ($1::bigint, $3::timestamptz, $2::text) ON CONFLICT (registration_id) DO NOTHING`
      : 'DELETE FROM visit_exclusions WHERE registration_id = $1::bigint',
    excluded ? [registrationId, by, now] : [registrationId],
  );
  return true;
}

/** Records that readiness broke after the mark; true only for the first caller (the notice goes once). */
export async function markBroken(db: Queryable, activityId: number, now: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE visit_readiness SET broken_at = $2::timestamptz WHERE activity_id = $1::bigint AND ready_at IS NOT NULL AND broken_at IS NULL`,
    [activityId, now],
  );
  return rowCount === 1;
}

/**
 * Activities that leave the school (a kind in `kinds`, or a destination) starting in [from, to),
 * not cancelled; of one unit (as organizer or host) when `unitId` is given.
 */
export async function selectVisitIds(db: Queryable, kinds: readonly string[], from: string, to: string, unitId: number | null): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT a.id::int AS id FROM activities a
      WHERE ${activityStatusSql.notCancelled('a')} AND (a.kind = ANY ($1::text[]) OR a.destination <> '')
        AND a.starts_at >= $2::timestamptz AND a.starts_at < $3::timestamptz
        AND ($4::bigint IS NULL OR a.organizer_unit_id = $4::bigint
             OR EXISTS (SELECT 1 FROM claims c JOIN resources r ON r.id = c.resource_id WHERE c.activity_id = a.id AND r.unit_id = $4::bigint))
      ORDER BY a.starts_at, a.id LIMIT 500`,
    [kinds, from, to, unitId],
  );
  return rows.map((r) => r.id);
}

/** Marked ready and not yet noticed as broken: what the sweep re-checks every round. */
export async function selectReadyVisitIds(db: Queryable, now: string): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT a.id::int AS id FROM visit_readiness vr JOIN activities a ON a.id = vr.activity_id
      WHERE vr.ready_at IS NOT NULL AND vr.broken_at IS NULL AND ${activityStatusSql.notCancelled('a')} AND a.ends_at > $1::timestamptz
      ORDER BY a.id LIMIT 2000`,
    [now],
  );
  return rows.map((r) => r.id);
}

/** Organizers (not disabled) of the given units, who get readiness emails. */
export async function selectOrganizers(db: Queryable, unitIds: number[]): Promise<{ userId: number; email: string; unitId: number }[]> {
  const { rows } = await db.query<{ userId: number; email: string; unitId: number }>(
    `SELECT u.id::int AS "userId", u.email, u.unit_id::int AS "unitId" FROM users u
      WHERE u.unit_id = ANY ($1::bigint[]) AND u.role = 'organizer' AND u.disabled_at IS NULL ORDER BY u.id`,
    [unitIds],
  );
  return rows;
}
