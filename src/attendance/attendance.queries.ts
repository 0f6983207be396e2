import type { Queryable } from '../db/pool.ts';

import type { AttendanceStatus, MarkMethod } from './attendance.schema.ts';

export type { AttendanceStatus, MarkMethod };

const iso = (column: string) => `to_json(${column})#>>'{}'`;

/** An occurrence with what the attendance rules need of its activity. */
export interface OccurrenceContext {
  occurrenceId: number;
  activityId: number;
  organizerUnitId: number;
  kind: string;
  title: { 'zh-CN': string; en: string };
  timeZone: string;
  allDay: boolean;
  startsAt: string;
  endsAt: string;
  occurrenceStatus: 'scheduled' | 'cancelled';
}

export async function selectOccurrenceContext(db: Queryable, occurrenceId: number): Promise<OccurrenceContext | undefined> {
  const { rows } = await db.query<OccurrenceContext>(
    `SELECT o.id AS "occurrenceId", a.id AS "activityId", a.organizer_unit_id AS "organizerUnitId", a.kind,
            json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS title, a.time_zone AS "timeZone", a.all_day AS "allDay",
            ${iso('o.starts_at')} AS "startsAt", ${iso('o.ends_at')} AS "endsAt", o.status AS "occurrenceStatus"
       FROM occurrences o JOIN activities a ON a.id = o.activity_id
      WHERE o.id = $1::bigint`,
    [occurrenceId],
  );
  return rows[0];
}

/** One registrant on the list of an occurrence, with their mark (null: not marked yet). */
export interface RosterRow {
  registrationId: number;
  name: string;
  email: string;
  role: string;
  grade: number | null;
  class: string | null;
  registrationStatus: 'confirmed' | 'waitlisted' | 'cancelled';
  status: AttendanceStatus | null;
  method: MarkMethod | null;
  markedBy: string | null;
  markedAt: string | null;
  /** Occurrences of this activity the registrant was marked absent at. */
  noShows: number;
}

/** Confirmed registrants, plus anyone already marked for this occurrence (a mark outlives a later cancel). */
export async function selectRoster(db: Queryable, activityId: number, occurrenceId: number): Promise<RosterRow[]> {
  const { rows } = await db.query<RosterRow>(
    `SELECT r.id AS "registrationId", r.name, r.email, r.role, r.grade, r.class_name AS "class", r.status AS "registrationStatus",
            m.status, m.method, m.marked_by AS "markedBy", ${iso('m.marked_at')} AS "markedAt",
            (SELECT count(*)::int FROM attendance n WHERE n.registration_id = r.id AND n.status = 'absent') AS "noShows"
       FROM registrations r
       LEFT JOIN attendance m ON m.registration_id = r.id AND m.occurrence_id = $2::bigint
      WHERE r.activity_id = $1::bigint AND (r.status = 'confirmed' OR m.status IS NOT NULL)
      ORDER BY r.name, r.id`,
    [activityId, occurrenceId],
  );
  return rows;
}

export interface MarkRow {
  registrationId: number;
  occurrenceId: number;
  status: AttendanceStatus;
  method: MarkMethod;
}

/** Marks that change something (same status twice is no change, so a second scan writes nothing); returns what changed, before and after. */
export async function upsertMarks(
  db: Queryable, occurrenceId: number, marks: { registrationId: number; status: AttendanceStatus }[], method: MarkMethod, by: string, at: string,
): Promise<{ registrationId: number; before: AttendanceStatus | null; after: AttendanceStatus }[]> {
  if (marks.length === 0) return [];
  const { rows } = await db.query<{ registrationId: number; before: AttendanceStatus | null; after: AttendanceStatus }>(
    `WITH given AS (
       SELECT DISTINCT ON (reg) reg, st FROM unnest($2::bigint[], $3::text[]) WITH ORDINALITY AS g (reg, st, n) ORDER BY reg, n DESC
     ), old AS (
       SELECT a.registration_id, a.status FROM attendance a JOIN given g ON g.reg = a.registration_id
        WHERE a.occurrence_id = $1::bigint FOR UPDATE OF a
     ), written AS (
       INSERT INTO attendance (registration_id, occurrence_id, status, method, marked_by, marked_at)
       SELECT g.reg, $1::bigint, g.st, $4::text, $5::text, $6::timestamptz FROM given g
       ON CONFLICT (registration_id, occurrence_id) DO UPDATE
          SET status = EXCLUDED.status, method = EXCLUDED.method, marked_by = EXCLUDED.marked_by, marked_at = EXCLUDED.marked_at
        WHERE attendance.status IS DISTINCT FROM EXCLUDED.status
       RETURNING registration_id, status
     )
     SELECT w.registration_id AS "registrationId", o.status AS before, w.status AS after
       FROM written w LEFT JOIN old o ON o.registration_id = w.registration_id
      ORDER BY w.registration_id`,
    [occurrenceId, marks.map((m) => m.registrationId), marks.map((m) => m.status), method, by, at],
  );
  return rows;
}

/** Of the ids given, those registered for the activity (confirmed, or marked for this occurrence already). */
export async function selectMarkable(db: Queryable, activityId: number, occurrenceId: number, ids: number[]): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT r.id FROM registrations r
      WHERE r.activity_id = $1::bigint AND r.id = ANY($3::bigint[])
        AND (r.status = 'confirmed' OR EXISTS (SELECT 1 FROM attendance m WHERE m.registration_id = r.id AND m.occurrence_id = $2::bigint))`,
    [activityId, occurrenceId, ids],
  );
  return rows.map((r) => r.id);
}

/** Confirmed registrants of the activity not marked for the occurrence yet ("all present" marks these). */
export async function selectUnmarked(db: Queryable, activityId: number, occurrenceId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT r.id FROM registrations r
      WHERE r.activity_id = $1::bigint AND r.status = 'confirmed'
        AND NOT EXISTS (SELECT 1 FROM attendance m WHERE m.registration_id = r.id AND m.occurrence_id = $2::bigint)
      ORDER BY r.id`,
    [activityId, occurrenceId],
  );
  return rows.map((r) => r.id);
}

/** What the door needs to know of a scanned registration: whose it is, its state and the session it holds (per-session places). */
export interface RegistrationBrief {
  id: number;
  activityId: number;
  name: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  /** A per-session registration's own occurrence (null: the whole activity). */
  occurrenceId: number | null;
}

const BRIEF = `SELECT id, activity_id AS "activityId", name, status, occurrence_id AS "occurrenceId" FROM registrations`;

export async function selectRegistrationBrief(db: Queryable, id: number): Promise<RegistrationBrief | undefined> {
  const { rows } = await db.query<RegistrationBrief>(`${BRIEF} WHERE id = $1::bigint`, [id]);
  return rows[0];
}

/** The registration a short check-in code names (unique across all registrations, migration 0031). */
export async function selectRegistrationByCheckInCode(db: Queryable, code: string): Promise<RegistrationBrief | undefined> {
  const { rows } = await db.query<RegistrationBrief>(`${BRIEF} WHERE check_in_code = $1::text`, [code]);
  return rows[0];
}

/** The short check-in code of a registration (the participant page shows it beside the QR code). */
export async function selectCheckInCode(db: Queryable, registrationId: number): Promise<string | undefined> {
  const { rows } = await db.query<{ code: string }>(`SELECT check_in_code AS code FROM registrations WHERE id = $1::bigint`, [registrationId]);
  return rows[0]?.code;
}

/** An occurrence's start when it belongs to the given activity (to name the session a code is for). */
export async function selectOccurrenceStart(db: Queryable, activityId: number, occurrenceId: number): Promise<string | undefined> {
  const { rows } = await db.query<{ startsAt: string }>(
    `SELECT ${iso('starts_at')} AS "startsAt" FROM occurrences WHERE id = $2::bigint AND activity_id = $1::bigint`, [activityId, occurrenceId]);
  return rows[0]?.startsAt;
}

/** Times each registration of the activity was marked absent: the no-show count the registrations list shows. */
export async function selectNoShowCounts(db: Queryable, activityId: number): Promise<Map<number, number>> {
  const { rows } = await db.query<{ id: number; n: number }>(
    `SELECT a.registration_id AS id, count(*)::int AS n
       FROM attendance a JOIN registrations r ON r.id = a.registration_id
      WHERE r.activity_id = $1::bigint AND a.status = 'absent'
      GROUP BY a.registration_id`,
    [activityId],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** The next occurrence of the activity a participant checks in to: the first scheduled one not over yet. */
/** The next scheduled occurrence not over yet; `held`: only that one (a per-session registration's own). */
export async function selectNextOccurrence(db: Queryable, activityId: number, now: string, held: number | null = null): Promise<{ id: number; startsAt: string; endsAt: string } | undefined> {
  const { rows } = await db.query<{ id: number; startsAt: string; endsAt: string }>(
    `SELECT id, ${iso('starts_at')} AS "startsAt", ${iso('ends_at')} AS "endsAt" FROM occurrences
      WHERE activity_id = $1::bigint AND status = 'scheduled' AND ends_at > $2::timestamptz AND ($3::bigint IS NULL OR id = $3::bigint)
      ORDER BY starts_at LIMIT 1`,
    [activityId, now, held],
  );
  return rows[0];
}
