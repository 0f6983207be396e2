import type { Queryable } from '../db/pool.ts';
import type { Language } from '../shared/types.ts';

export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'cancelled';

/** A registration as stored; instants are UTC ISO strings. */
export interface RegistrationRow {
  id: number;
  activityId: number;
  email: string;
  name: string;
  role: 'student' | 'teacher' | 'guardian' | 'staff';
  grade: number | null;
  class: string | null;
  language: Language;
  timeZone: string;
  status: RegistrationStatus;
  round: number;
  sequenceOffset: number;
  remindersEnabled: boolean;
  /** The occurrence a per-occurrence registration holds (null: the whole series). */
  occurrenceId: number | null;
  /** 1-based place on the waitlist; null unless waitlisted. */
  waitlistPosition: number | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (column: string) => `to_json(${column})#>>'{}'`;

const COLUMNS = `r.id, r.activity_id AS "activityId", r.email, r.name, r.role, r.grade, r.class_name AS "class",
  r.language, r.time_zone AS "timeZone", r.status, r.round, r.sequence_offset AS "sequenceOffset",
  r.reminders_enabled AS "remindersEnabled", r.occurrence_id AS "occurrenceId",
  CASE WHEN r.status = 'waitlisted' THEN (
    SELECT count(*)::int FROM registrations w
     WHERE w.activity_id = r.activity_id AND w.status = 'waitlisted' AND w.occurrence_id IS NOT DISTINCT FROM r.occurrence_id AND (w.waitlisted_at, w.id) <= (r.waitlisted_at, r.id)) END AS "waitlistPosition",
  ${iso('r.created_at')} AS "createdAt", ${iso('r.updated_at')} AS "updatedAt"`;

export async function selectRegistration(db: Queryable, id: number, forUpdate = false): Promise<RegistrationRow | undefined> {
  const { rows } = await db.query<RegistrationRow>(
    `SELECT ${COLUMNS} FROM registrations r WHERE r.id = $1::bigint ${forUpdate ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function selectRegistrationByEmail(db: Queryable, activityId: number, email: string): Promise<RegistrationRow | undefined> {
  const { rows } = await db.query<RegistrationRow>(
    `SELECT ${COLUMNS} FROM registrations r WHERE r.activity_id = $1::bigint AND r.email = $2::text FOR UPDATE`,
    [activityId, email],
  );
  return rows[0];
}

export interface RegistrationValues {
  activityId: number;
  email: string;
  name: string;
  role: string;
  grade: number | null;
  class: string | null;
  language: Language;
  timeZone: string;
  status: 'confirmed' | 'waitlisted';
  occurrenceId: number | null;
}

/**
 * Adds a registration, or takes up a cancelled one again (a new round: fresh message keys, and
 * the participant's SEQUENCE offset raised above the CANCEL they were sent).
 */
export async function upsertRegistration(db: Queryable, v: RegistrationValues, now: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO registrations (activity_id, email, name, role, grade, class_name, language, time_zone, status,
        waitlisted_at, confirmed_at, created_at, updated_at, occurrence_id)
     VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::smallint, $6::text, $7::text, $8::text, $9::text,
        CASE WHEN $9::text = 'waitlisted' THEN $10::timestamptz END, CASE WHEN $9::text = 'confirmed' THEN $10::timestamptz END,
        $10::timestamptz, $10::timestamptz, $11::bigint)
     ON CONFLICT (activity_id, email) DO UPDATE
        SET name = EXCLUDED.name, role = EXCLUDED.role, grade = EXCLUDED.grade, class_name = EXCLUDED.class_name,
            language = EXCLUDED.language, time_zone = EXCLUDED.time_zone, status = EXCLUDED.status,
            waitlisted_at = EXCLUDED.waitlisted_at, confirmed_at = EXCLUDED.confirmed_at, cancelled_at = NULL,
            round = registrations.round + 1, sequence_offset = registrations.sequence_offset + 1,
            reminders_enabled = true, updated_at = EXCLUDED.updated_at, occurrence_id = EXCLUDED.occurrence_id
      WHERE registrations.status = 'cancelled'
     RETURNING id`,
    [v.activityId, v.email, v.name, v.role, v.grade, v.class, v.language, v.timeZone, v.status, now, v.occurrenceId],
  );
  return rows[0]!.id;
}

/** Places taken and waiting, of the activity or (per-occurrence registration) of one occurrence. */
export async function countConfirmed(db: Queryable, activityId: number, occurrenceId: number | null = null): Promise<{ confirmed: number; waitlisted: number }> {
  const { rows } = await db.query<{ confirmed: number; waitlisted: number }>(
    `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted
       FROM registrations WHERE activity_id = $1::bigint AND ($2::bigint IS NULL OR occurrence_id = $2::bigint)`,
    [activityId, occurrenceId],
  );
  return rows[0]!;
}

/** Promotes the first `places` of the waitlist (all of it when null), in order. */
export async function promoteWaitlisted(db: Queryable, activityId: number, places: number | null, now: string, occurrenceId: number | null = null): Promise<{ id: number; email: string; round: number; sequenceOffset: number }[]> {
  const { rows } = await db.query<{ id: number; email: string; round: number; sequenceOffset: number }>(
    `WITH head AS (
       SELECT id FROM registrations WHERE activity_id = $1::bigint AND status = 'waitlisted'
          AND ($4::bigint IS NULL OR occurrence_id = $4::bigint)
        ORDER BY waitlisted_at, id LIMIT $2::int FOR UPDATE)
     UPDATE registrations r SET status = 'confirmed', confirmed_at = $3::timestamptz, updated_at = $3::timestamptz
       FROM head WHERE r.id = head.id
     RETURNING r.id, r.email, r.round, r.sequence_offset AS "sequenceOffset"`,
    [activityId, places, now, occurrenceId],
  );
  return rows;
}

/** The participant leaves. Their CANCEL must outrank the invitation they hold: offset + 1. */
export async function cancelRegistration(db: Queryable, id: number, now: string): Promise<void> {
  await db.query(
    `UPDATE registrations SET status = 'cancelled', cancelled_at = $2::timestamptz, updated_at = $2::timestamptz,
            sequence_offset = sequence_offset + CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END
      WHERE id = $1::bigint AND status <> 'cancelled'`,
    [id, now],
  );
}

export async function setRemindersEnabled(db: Queryable, id: number, enabled: boolean, now: string): Promise<void> {
  await db.query(
    'UPDATE registrations SET reminders_enabled = $2::boolean, updated_at = $3::timestamptz WHERE id = $1::bigint',
    [id, enabled, now],
  );
}

export async function selectRegistrations(
  db: Queryable,
  f: { activityId: number; status?: string | undefined; search?: string | undefined; cursor?: number | undefined; limit: number },
): Promise<RegistrationRow[]> {
  // The search matches part of the name or the email, case-insensitively (LIKE's wildcards escaped).
  const pattern = f.search ? `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await db.query<RegistrationRow>(
    `SELECT ${COLUMNS} FROM registrations r
      WHERE r.activity_id = $1::bigint AND ($2::text IS NULL OR r.status = $2::text) AND ($3::bigint IS NULL OR r.id > $3::bigint)
        AND ($5::text IS NULL OR r.name ILIKE $5::text OR r.email ILIKE $5::text)
      ORDER BY r.id LIMIT $4::int`,
    [f.activityId, f.status ?? null, f.cursor ?? null, f.limit + 1, pattern],
  );
  return rows;
}
