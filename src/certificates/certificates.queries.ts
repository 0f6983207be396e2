import type { Queryable } from '../db/pool.ts';

const iso = (column: string) => `to_json(${column})#>>'{}'`;

export interface ActivityBrief {
  id: number;
  kind: string;
  organizerUnitId: number;
  hoursPerOccurrence: number | null;
  /** Scheduled occurrences: what a teacher attending every session earns. */
  sessions: number;
}

export async function selectTrainingActivity(db: Queryable, activityId: number, forUpdate = false): Promise<ActivityBrief | undefined> {
  const { rows } = await db.query<ActivityBrief>(
    `SELECT a.id, a.kind, a.organizer_unit_id AS "organizerUnitId", c.hours_per_occurrence::float8 AS "hoursPerOccurrence",
            (SELECT count(*)::int FROM occurrences o WHERE o.activity_id = a.id AND o.status = 'scheduled') AS sessions
       FROM activities a LEFT JOIN training_credits c ON c.activity_id = a.id
      WHERE a.id = $1::bigint ${forUpdate ? 'FOR UPDATE OF a' : ''}`,
    [activityId],
  );
  return rows[0];
}

export async function upsertCredits(db: Queryable, activityId: number, hours: number, at: string): Promise<void> {
  await db.query(
    `INSERT INTO training_credits (activity_id, hours_per_occurrence, updated_at) VALUES ($1::bigint, $2::numeric, $3::timestamptz)
     ON CONFLICT (activity_id) DO UPDATE SET hours_per_occurrence = EXCLUDED.hours_per_occurrence, updated_at = EXCLUDED.updated_at`,
    [activityId, hours, at],
  );
}

export async function selectRegistrationIds(db: Queryable, activityId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM registrations WHERE activity_id = $1::bigint ORDER BY id`, [activityId]);
  return rows.map((r) => r.id);
}

/** What a registration's certificate would say now: attended (present or late) scheduled occurrences and their days in the activity's zone. */
export interface EarnedRow {
  registrationId: number;
  activityId: number;
  role: string;
  kind: string;
  name: string;
  /** Where the certificate notice goes. */
  email: string;
  titleZh: string;
  titleEn: string;
  hoursPerOccurrence: number | null;
  sessions: number;
  firstDay: string | null;
  lastDay: string | null;
}

export async function selectEarned(db: Queryable, registrationIds: number[]): Promise<EarnedRow[]> {
  const { rows } = await db.query<EarnedRow>(
    `SELECT r.id AS "registrationId", a.id AS "activityId", r.role, a.kind, r.name, r.email, a.title_zh AS "titleZh", a.title_en AS "titleEn",
            c.hours_per_occurrence::float8 AS "hoursPerOccurrence", count(o.id)::int AS sessions,
            min((o.starts_at AT TIME ZONE a.time_zone)::date) AS "firstDay", max((o.starts_at AT TIME ZONE a.time_zone)::date) AS "lastDay"
       FROM registrations r JOIN activities a ON a.id = r.activity_id
       LEFT JOIN training_credits c ON c.activity_id = a.id
       LEFT JOIN attendance m ON m.registration_id = r.id AND m.status IN ('present', 'late')
       LEFT JOIN occurrences o ON o.id = m.occurrence_id AND o.status = 'scheduled'
      WHERE r.id = ANY($1::bigint[])
      GROUP BY r.id, a.id, c.hours_per_occurrence
      ORDER BY r.id`,
    [registrationIds],
  );
  return rows;
}

export interface CertificateRow {
  id: number;
  code: string;
  registrationId: number;
  activityId: number;
  name: string;
  titleZh: string;
  titleEn: string;
  firstDay: string;
  lastDay: string;
  sessions: number;
  hours: number;
  issuedAt: string;
  supersededAt: string | null;
}

const COLUMNS = `id, code, registration_id AS "registrationId", activity_id AS "activityId", name, title_zh AS "titleZh", title_en AS "titleEn",
  first_day AS "firstDay", last_day AS "lastDay", sessions, hours::float8 AS hours, ${iso('issued_at')} AS "issuedAt", ${iso('superseded_at')} AS "supersededAt"`;

/** The current (not superseded) certificates of these registrations, locked. */
export async function selectCurrent(db: Queryable, registrationIds: number[]): Promise<CertificateRow[]> {
  const { rows } = await db.query<CertificateRow>(
    `SELECT ${COLUMNS} FROM certificates WHERE registration_id = ANY($1::bigint[]) AND superseded_at IS NULL FOR UPDATE`,
    [registrationIds],
  );
  return rows;
}

export async function supersede(db: Queryable, id: number, at: string): Promise<void> {
  await db.query(`UPDATE certificates SET superseded_at = $2::timestamptz WHERE id = $1::bigint AND superseded_at IS NULL`, [id, at]);
}

export type CertificateValues = Omit<CertificateRow, 'id' | 'supersededAt'>;

export async function insertCertificate(db: Queryable, v: CertificateValues): Promise<CertificateRow> {
  const { rows } = await db.query<CertificateRow>(
    `INSERT INTO certificates (code, registration_id, activity_id, name, title_zh, title_en, first_day, last_day, sessions, hours, issued_at)
     VALUES ($1::text, $2::bigint, $3::bigint, $4::text, $5::text, $6::text, $7::date, $8::date, $9::int, $10::numeric, $11::timestamptz)
     RETURNING ${COLUMNS}`,
    [v.code, v.registrationId, v.activityId, v.name, v.titleZh, v.titleEn, v.firstDay, v.lastDay, v.sessions, v.hours, v.issuedAt],
  );
  return rows[0]!;
}

export async function selectByCode(db: Queryable, code: string): Promise<CertificateRow | undefined> {
  const { rows } = await db.query<CertificateRow>(`SELECT ${COLUMNS} FROM certificates WHERE code = $1::text`, [code]);
  return rows[0];
}

/** A teacher's training of a period (by their email): each registration, its hours so far and its current certificate's code. */
export interface TrainingLine {
  registrationId: number;
  titleZh: string;
  titleEn: string;
  startsAt: string;
  timeZone: string;
  code: string | null;
  hours: number;
  sessions: number;
}

export async function selectTraining(db: Queryable, email: string, from: string, to: string): Promise<TrainingLine[]> {
  const { rows } = await db.query<TrainingLine>(
    `SELECT r.id AS "registrationId", a.title_zh AS "titleZh", a.title_en AS "titleEn", ${iso('a.starts_at')} AS "startsAt", a.time_zone AS "timeZone",
            c.code, COALESCE(c.hours::float8, 0) AS hours, COALESCE(c.sessions, 0) AS sessions
       FROM registrations r JOIN activities a ON a.id = r.activity_id
       LEFT JOIN certificates c ON c.registration_id = r.id AND c.superseded_at IS NULL
      WHERE r.email = $1::text AND a.kind = 'teacher_training' AND a.starts_at >= $2::timestamptz AND a.starts_at < $3::timestamptz
      ORDER BY a.starts_at, r.id`,
    [email, from, to],
  );
  return rows;
}

export async function selectRegistrationEmail(db: Queryable, id: number): Promise<{ email: string; name: string; language: 'zh-CN' | 'en'; timeZone: string } | undefined> {
  const { rows } = await db.query<{ email: string; name: string; language: 'zh-CN' | 'en'; timeZone: string }>(
    `SELECT email, name, language, time_zone AS "timeZone" FROM registrations WHERE id = $1::bigint`,
    [id],
  );
  return rows[0];
}

/** A split's following part earns what the series earned per session (the teacher-training credit hours). */
export async function copyCredits(db: Queryable, fromActivityId: number, toActivityId: number): Promise<void> {
  await db.query(
    `INSERT INTO training_credits (activity_id, hours_per_occurrence, updated_at)
     SELECT $2::bigint, hours_per_occurrence, updated_at FROM training_credits WHERE activity_id = $1::bigint
     ON CONFLICT (activity_id) DO NOTHING`,
    [fromActivityId, toActivityId],
  );
}
