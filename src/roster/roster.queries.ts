import type { Queryable } from '../db/pool.ts';
import { activityStatusSql } from '../booking/status.queries.ts';
import type { HeadCountStep, KeptMark, Step } from './roster.rules.ts';

const iso = (column: string) => `to_json(${column})#>>'{}'`;

/** One visit on the day: an occurrence, on that date in its activity's zone, of an activity of the unit that leaves the school. */
export interface RosterVisitRow {
  activityId: number;
  occurrenceId: number;
  title: { 'zh-CN': string; en: string };
  startsAt: string;
  endsAt: string;
  timeZone: string;
  destination: string;
  meetingPoint: string;
  meetingAt: string | null;
  contact: string;
  contactPhone: string;
  transport: string;
}

export async function selectVisitsOfDay(db: Queryable, unitId: number, date: string, kinds: readonly string[]): Promise<RosterVisitRow[]> {
  const { rows } = await db.query<RosterVisitRow>(
    `SELECT a.id AS "activityId", o.id AS "occurrenceId", json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS title,
            ${iso('o.starts_at')} AS "startsAt", ${iso('o.ends_at')} AS "endsAt", a.time_zone AS "timeZone", a.destination,
            a.meeting_point AS "meetingPoint", ${iso('a.meeting_at')} AS "meetingAt", a.contact, a.contact_phone AS "contactPhone", a.transport
       FROM occurrences o JOIN activities a ON a.id = o.activity_id
      WHERE a.organizer_unit_id = $1::bigint AND o.status = 'scheduled' AND ${activityStatusSql.confirmed('a')}
        AND (o.starts_at AT TIME ZONE a.time_zone)::date = $2::date
        AND (a.kind = ANY($3::text[]) OR a.destination <> '')
      ORDER BY o.starts_at, o.id LIMIT 50`,
    [unitId, date, kinds],
  );
  return rows;
}

/** A person on the roster: confirmed, not taken off the visit; the consent flag as the door needs it. */
export interface RosterPersonRow {
  registrationId: number;
  activityId: number;
  name: string;
  role: 'student' | 'teacher' | 'guardian' | 'staff';
  grade: number | null;
  class: string | null;
  /** given: consented; missing: asked and not (yet) given; none: no consent asked. */
  consent: 'given' | 'missing' | 'none';
  shortCode: string;
  /** Per-session registrations hold one occurrence. */
  occurrenceId: number | null;
}

export async function selectRosterPeople(db: Queryable, activityIds: number[]): Promise<RosterPersonRow[]> {
  const { rows } = await db.query<RosterPersonRow>(
    `SELECT r.id AS "registrationId", r.activity_id AS "activityId", r.name, r.role, r.grade::int AS grade, r.class_name AS class,
            CASE WHEN c.status IS NULL THEN 'none' WHEN c.status = 'given' THEN 'given' ELSE 'missing' END AS consent,
            r.check_in_code AS "shortCode", r.occurrence_id AS "occurrenceId"
       FROM registrations r LEFT JOIN consents c ON c.registration_id = r.id
      WHERE r.activity_id = ANY($1::bigint[]) AND r.status = 'confirmed'
        AND NOT EXISTS (SELECT 1 FROM visit_exclusions x WHERE x.registration_id = r.id)
      ORDER BY r.activity_id, r.role <> 'student', r.class_name NULLS LAST, r.name, r.id LIMIT 5000`,
    [activityIds],
  );
  return rows;
}

/** What a synced mark is checked against: the registration a code or id names, with its consent. */
export interface MarkTarget {
  registrationId: number;
  activityId: number;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  checkInCode: string;
  consent: 'given' | 'missing' | 'none';
  excluded: boolean;
}

export async function selectMarkTargets(db: Queryable, ids: number[], codes: string[]): Promise<MarkTarget[]> {
  const { rows } = await db.query<MarkTarget>(
    `SELECT r.id AS "registrationId", r.activity_id AS "activityId", r.status, r.check_in_code AS "checkInCode",
            CASE WHEN c.status IS NULL THEN 'none' WHEN c.status = 'given' THEN 'given' ELSE 'missing' END AS consent,
            EXISTS (SELECT 1 FROM visit_exclusions x WHERE x.registration_id = r.id) AS excluded
       FROM registrations r LEFT JOIN consents c ON c.registration_id = r.id
      WHERE r.id = ANY($1::bigint[]) OR r.check_in_code = ANY($2::text[])`,
    [ids, codes],
  );
  return rows;
}

/** Whether the credential a roster was fetched with still lives (not signed out, revoked or expired). */
export async function deviceLives(db: Queryable, device: string, now: string): Promise<boolean> {
  const [kind, id] = device.split(':');
  const table = kind === 'session' ? 'sessions' : kind === 'token' ? 'api_tokens' : null;
  if (!table || !/^\d{1,15}$/.test(id ?? '')) return false;
  const { rows } = await db.query(
    `SELECT 1 FROM ${table} t JOIN users u ON u.id = t.user_id
      WHERE t.id = $1::bigint AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2::timestamptz) AND u.disabled_at IS NULL`,
    [id, now],
  );
  return rows.length > 0;
}

/** Serialises syncs of the same visits (two phones at once), in ascending order so two syncs never deadlock. */
export async function lockOccurrences(db: Queryable, occurrenceIds: number[]): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('roster:' || o, 0)) FROM unnest($1::bigint[]) o ORDER BY o`, [[...occurrenceIds].sort((a, b) => a - b)]);
}

/** Kept (counting) marks of the occurrences by `registration:occurrence:step`, and every mark id already stored. */
export async function selectKeptMarks(db: Queryable, occurrenceIds: number[], markIds: string[]): Promise<{ kept: Map<string, KeptMark>; seen: Set<string> }> {
  const { rows } = await db.query<KeptMark & { key: string | null }>(
    `SELECT CASE WHEN refused IS NULL AND occurrence_id = ANY($1::bigint[]) THEN registration_id || ':' || occurrence_id || ':' || step END AS key,
            mark_id AS "markId", device_id AS "device", ${iso('device_time')} AS "deviceTime"
       FROM roster_marks WHERE (refused IS NULL AND occurrence_id = ANY($1::bigint[])) OR mark_id = ANY($2::text[])`,
    [occurrenceIds, markIds],
  );
  const kept = new Map<string, KeptMark>();
  for (const r of rows) if (r.key) kept.set(r.key, { markId: r.markId, device: r.device, deviceTime: r.deviceTime });
  return { kept, seen: new Set(rows.filter((r) => markIds.includes(r.markId)).map((r) => r.markId)) };
}

export interface NewMark {
  markId: string;
  registrationId: number;
  occurrenceId: number;
  step: Step;
  method: 'scan' | 'tap';
  device: string;
  deviceTime: string;
  refused: 'superseded' | 'consent_missing' | 'device_session_revoked' | null;
}

export async function supersedeMarks(db: Queryable, markIds: string[]): Promise<void> {
  if (markIds.length > 0) await db.query(`UPDATE roster_marks SET refused = 'superseded' WHERE mark_id = ANY($1::text[]) AND refused IS NULL`, [markIds]);
}

/** All marks of one sync in one statement (200 marks: one round trip). */
export async function insertMarks(db: Queryable, marks: NewMark[], by: string, receivedAt: string): Promise<void> {
  if (marks.length === 0) return;
  const col = <K extends keyof NewMark>(k: K) => marks.map((m) => m[k]);
  await db.query(
    `INSERT INTO roster_marks (mark_id, registration_id, occurrence_id, step, method, device_id, device_time, received_at, marked_by, refused)
     SELECT m, r, o, s, me, d, t, $8::timestamptz, $9::text, f
       FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $10::text[]) AS u (m, r, o, s, me, d, t, f)`,
    [col('markId'), col('registrationId'), col('occurrenceId'), col('step'), col('method'), col('device'), col('deviceTime'), receivedAt, by, col('refused')],
  );
}

/** Kept head counts of the occurrences by `occurrence:step`, and the head count ids already stored. */
export async function selectKeptHeadCounts(db: Queryable, occurrenceIds: number[], ids: string[]): Promise<{ kept: Map<string, KeptMark>; seen: Set<string> }> {
  const { rows } = await db.query<KeptMark & { key: string | null }>(
    `SELECT CASE WHEN refused IS NULL AND occurrence_id = ANY($1::bigint[]) THEN occurrence_id || ':' || step END AS key,
            head_count_id AS "markId", device_id AS "device", ${iso('device_time')} AS "deviceTime"
       FROM roster_head_counts WHERE (refused IS NULL AND occurrence_id = ANY($1::bigint[])) OR head_count_id = ANY($2::text[])`,
    [occurrenceIds, ids],
  );
  const kept = new Map<string, KeptMark>();
  for (const r of rows) if (r.key) kept.set(r.key, { markId: r.markId, device: r.device, deviceTime: r.deviceTime });
  return { kept, seen: new Set(rows.filter((r) => ids.includes(r.markId)).map((r) => r.markId)) };
}

export interface NewHeadCount {
  headCountId: string;
  occurrenceId: number;
  step: HeadCountStep;
  counted: number;
  expected: number;
  missing: number[];
  device: string;
  deviceTime: string;
  refused: 'superseded' | 'device_session_revoked' | null;
}

export async function supersedeHeadCounts(db: Queryable, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.query(`UPDATE roster_head_counts SET refused = 'superseded' WHERE head_count_id = ANY($1::text[]) AND refused IS NULL`, [ids]);
}

export async function insertHeadCount(db: Queryable, h: NewHeadCount, by: string, receivedAt: string): Promise<void> {
  await db.query(
    `INSERT INTO roster_head_counts (head_count_id, occurrence_id, step, counted, expected, missing, device_id, device_time, received_at, counted_by, refused)
     VALUES ($1::text, $2::bigint, $3::text, $4::int, $5::int, $6::bigint[], $7::text, $8::timestamptz, $9::timestamptz, $10::text, $11::text)`,
    [h.headCountId, h.occurrenceId, h.step, h.counted, h.expected, h.missing, h.device, h.deviceTime, receivedAt, by, h.refused],
  );
}

/** The marks of the day's occurrences for the organizer's review: counting and refused alike. */
export interface StoredMark {
  markId: string;
  registrationId: number;
  name: string;
  occurrenceId: number;
  step: Step;
  method: 'scan' | 'tap';
  device: string;
  deviceTime: string;
  receivedAt: string;
  markedBy: string;
  refused: string | null;
}

export async function selectMarks(db: Queryable, occurrenceIds: number[]): Promise<StoredMark[]> {
  const { rows } = await db.query<StoredMark>(
    `SELECT m.mark_id AS "markId", m.registration_id AS "registrationId", r.name, m.occurrence_id AS "occurrenceId", m.step, m.method,
            m.device_id AS "device", ${iso('m.device_time')} AS "deviceTime", ${iso('m.received_at')} AS "receivedAt", m.marked_by AS "markedBy", m.refused
       FROM roster_marks m JOIN registrations r ON r.id = m.registration_id
      WHERE m.occurrence_id = ANY($1::bigint[]) ORDER BY m.occurrence_id, m.step, m.device_time, m.id LIMIT 20000`,
    [occurrenceIds],
  );
  return rows;
}

export interface StoredHeadCount {
  headCountId: string;
  occurrenceId: number;
  step: HeadCountStep;
  counted: number;
  expected: number;
  missing: number[];
  device: string;
  deviceTime: string;
  receivedAt: string;
  refused: string | null;
}

export async function selectHeadCounts(db: Queryable, occurrenceIds: number[]): Promise<StoredHeadCount[]> {
  const { rows } = await db.query<StoredHeadCount>(
    `SELECT head_count_id AS "headCountId", occurrence_id AS "occurrenceId", step, counted, expected, missing::int[] AS missing,
            device_id AS "device", ${iso('device_time')} AS "deviceTime", ${iso('received_at')} AS "receivedAt", refused
       FROM roster_head_counts WHERE occurrence_id = ANY($1::bigint[]) ORDER BY occurrence_id, device_time, id LIMIT 1000`,
    [occurrenceIds],
  );
  return rows;
}
