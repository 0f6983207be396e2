import type { Queryable } from '../db/pool.ts';
import { prepared } from '../db/prepared.ts';
import type { ActivityKind, ActivityStatus } from '../shared/types.ts';
import type { Claim } from './claims.schema.ts';
import { claimsJsonOf, type LockedResource } from './claims.queries.ts';

/**
 * The activity aggregate's rows, read and written by booking/ alone (its commands: booking/commands.ts);
 * other features read an activity through activities/activities.queries.ts, which re-exports the reads.
 */

/** An activity as stored; instants are UTC ISO strings (sessions run in UTC). */
export interface ActivityRow {
  id: number;
  kind: ActivityKind;
  title: { 'zh-CN': string; en: string };
  description: { 'zh-CN': string; en: string };
  organizerUnitId: number;
  venueId: number | null;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
  status: 'draft' | 'requested' | 'confirmed' | 'cancelled';
  visibility: 'public' | 'internal';
  capacity: number | null;
  audienceGrades: number[];
  languages: ('zh-CN' | 'en')[];
  recurrenceRule: string | null;
  sequence: number;
  holdExpiresAt: string | null;
  cancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Was confirmed at some point (kept by a trigger, migration 0014): whether a cancelled one stays published. */
  everConfirmed: boolean;
  /** 'series': one enrolment for all occurrences; 'occurrence': a place at one occurrence (migration 0019). */
  registrationScope: 'series' | 'occurrence';
  /** Shown to guardians asked for consent: how pupils travel, whom to call. */
  transport: string;
  contact: string;
  /** Where an activity that leaves the school goes (migration 0033, docs/field-visits.md). */
  destination: string;
  meetingPoint: string;
  meetingAt: string | null;
  contactPhone: string;
  pupilsPerAdult: number | null;
  headCountDays: number;
}

const iso = (column: string) => `to_json(${column})#>>'{}'`;

/** SQL for the venue of activity `alias`: its venue claim's resource (migration 0023; activities/venue-claim.ts). */
export const venueOf = (alias: string) => `(SELECT v.venue_id FROM activity_venues v WHERE v.activity_id = ${alias}.id)`;

export const ACTIVITY_COLUMNS = `a.id, a.kind,
  json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS title,
  json_build_object('zh-CN', a.description_zh, 'en', a.description_en) AS description,
  a.organizer_unit_id AS "organizerUnitId", ${venueOf('a')} AS "venueId",
  ${iso('a.starts_at')} AS "startsAt", ${iso('a.ends_at')} AS "endsAt", a.time_zone AS "timeZone",
  a.all_day AS "allDay", a.status, a.visibility, a.capacity, a.audience_grades::int[] AS "audienceGrades",
  a.languages, a.recurrence_rule AS "recurrenceRule", a.sequence, ${iso('a.hold_expires_at')} AS "holdExpiresAt",
  ${iso('a.cancelled_at')} AS "cancelledAt", ${iso('a.created_at')} AS "createdAt", ${iso('a.updated_at')} AS "updatedAt",
  a.ever_confirmed AS "everConfirmed", a.registration_scope AS "registrationScope", a.transport, a.contact,
  a.destination, a.meeting_point AS "meetingPoint", ${iso('a.meeting_at')} AS "meetingAt", a.contact_phone AS "contactPhone",
  a.pupils_per_adult AS "pupilsPerAdult", a.head_count_days AS "headCountDays"`;

export async function selectActivity(db: Queryable, activityId: number, forUpdate = false): Promise<ActivityRow | undefined> {
  const { rows } = await db.query<ActivityRow>(
    `SELECT ${ACTIVITY_COLUMNS} FROM activities a WHERE a.id = $1::bigint ${forUpdate ? 'FOR UPDATE' : ''}`,
    [activityId],
  );
  return rows[0];
}

/** An activity with its claims, in one round trip (a checked booking's cost is its round trips: issue 23). */
export async function selectActivityWithClaims(db: Queryable, activityId: number): Promise<(ActivityRow & { claims: Claim[] }) | undefined> {
  const { rows } = await db.query<ActivityRow & { claims: Claim[] }>(
    prepared(`SELECT ${ACTIVITY_COLUMNS}, ${claimsJsonOf('a')} AS claims FROM activities a WHERE a.id = $1::bigint`, [activityId]));
  return rows[0];
}

/** Column values for insert/update, in the order both statements use. */
export interface ActivityValues {
  kind: string;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  organizerUnitId: number;
  /** Not a column: the venue is the venue claim, placed by activities/venue-claim.ts (migration 0023). */
  venueId: number | null;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
  status: ActivityStatus;
  visibility: string;
  capacity: number | null;
  audienceGrades: number[];
  languages: string[];
  sequence: number;
  recurrenceRule: string | null;
  /** Set while the activity is `requested`: when its hold on other units' resources lapses. */
  holdExpiresAt: string | null;
}

/**
 * The columns written with the activity's values: all but the venue (the venue claim) and the status
 * with its hold and cancellation time, which only booking/status.save.ts writes.
 */
export type ActivityColumns = Omit<ActivityValues, 'venueId' | 'status' | 'holdExpiresAt'>;

function valuesOf(v: ActivityColumns): unknown[] {
  return [v.kind, v.titleZh, v.titleEn, v.descriptionZh, v.descriptionEn, v.organizerUnitId,
    v.startsAt, v.endsAt, v.timeZone, v.allDay, v.visibility, v.capacity, v.audienceGrades, v.languages, v.sequence,
    v.recurrenceRule];
}

/**
 * Before a new activity's resources are locked: whether its organizer unit exists, and the claimed
 * resources as they are now (not locked), in one round trip. The activity and its occurrences are
 * written with the status these imply, and the resources locked only for the claims and their check,
 * so other bookings of the same resources wait two statements less (issue 23).
 */
export async function selectUnitAndResources(db: Queryable, unitId: number, resourceIds: number[]): Promise<{ unitExists: boolean; resources: LockedResource[] }> {
  const { rows } = await db.query<{ unitExists: boolean; resources: LockedResource[] }>(prepared(
    `SELECT EXISTS (SELECT 1 FROM units WHERE id = $1::bigint) AS "unitExists",
            coalesce((SELECT json_agg(json_build_object('id', r.id, 'kind', r.kind, 'quantity', r.quantity, 'unitId', r.unit_id))
                        FROM resources r WHERE r.id = ANY ($2::bigint[])), '[]') AS resources`,
    [unitId, resourceIds]));
  return rows[0]!;
}

/** A new activity, a draft until booking/status.save.ts writes the status its claims allow. */
export async function insertActivity(db: Queryable, v: ActivityColumns): Promise<number> {
  const { rows } = await db.query<{ id: number }>(prepared(`${ACTIVITY_INSERT} RETURNING id`, valuesOf(v)));
  return rows[0]!.id;
}

/**
 * The INSERT of a new activity (a draft): $1–$16 its values (valuesOf). Kept beside insertActivity
 * (after it), where tests/unit/architecture.booking.test.ts reads each function's writes.
 */
const ACTIVITY_INSERT = `INSERT INTO activities (kind, title_zh, title_en, description_zh, description_en, organizer_unit_id,
      starts_at, ends_at, time_zone, all_day, visibility, capacity, audience_grades, languages, sequence,
      recurrence_rule)
   VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::bigint, $7::timestamptz, $8::timestamptz,
      $9::text, $10::boolean, $11::text, $12::int, $13::smallint[], $14::text[], $15::int, $16::text)`;

/**
 * A new activity (a draft, like insertActivity) and its scheduled occurrences (starts and ends in the
 * order planned) in one statement, answering the stored row as selectActivity reads it and the
 * occurrences' ids in that order: a checked booking's cost is its round trips (issue 23,
 * docs/performance.md).
 */
export async function insertActivityWithOccurrences(db: Queryable, v: ActivityColumns, occurrences: { startsAt: string; endsAt: string }[]):
Promise<{ row: ActivityRow; occurrenceIds: number[] }> {
  const { rows } = await db.query<ActivityRow & { occurrenceIds: number[] }>(prepared(
    `WITH a AS (${ACTIVITY_INSERT} RETURNING *),
     o AS (
       INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at, status)
       SELECT a.id, t.s, t.s, t.e, 'scheduled' FROM a, unnest($17::timestamptz[], $18::timestamptz[]) WITH ORDINALITY AS t (s, e, n)
        ORDER BY t.n
       RETURNING id
     )
     SELECT ${ACTIVITY_COLUMNS}, coalesce((SELECT json_agg(o.id ORDER BY o.id) FROM o), '[]') AS "occurrenceIds" FROM a`,
    [...valuesOf(v), occurrences.map((o) => o.startsAt), occurrences.map((o) => o.endsAt)]));
  const { occurrenceIds, ...row } = rows[0]!;
  return { row, occurrenceIds };
}

/** The activity's values; its status is booking/status.save.ts's. */
export async function updateActivity(db: Queryable, activityId: number, v: ActivityColumns): Promise<void> {
  await db.query(
    `UPDATE activities SET kind = $1::text, title_zh = $2::text, title_en = $3::text, description_zh = $4::text,
        description_en = $5::text, organizer_unit_id = $6::bigint, starts_at = $7::timestamptz,
        ends_at = $8::timestamptz, time_zone = $9::text, all_day = $10::boolean,
        visibility = $11::text, capacity = $12::int, audience_grades = $13::smallint[], languages = $14::text[],
        sequence = $15::int, recurrence_rule = $16::text, updated_at = now()
      WHERE id = $17::bigint`,
    [...valuesOf(v), activityId],
  );
}

/** Registration and trip settings, kept apart from the positional values above (migrations 0019, 0033); undefined keeps a value. */
export interface Participation {
  registrationScope?: string | undefined;
  transport?: string | undefined;
  contact?: string | undefined;
  destination?: string | undefined;
  meetingPoint?: string | undefined;
  meetingAt?: string | null | undefined;
  contactPhone?: string | undefined;
  pupilsPerAdult?: number | null | undefined;
  headCountDays?: number | undefined;
}

/** Answers whether it wrote anything (nothing when `p` names none of these values). */
export async function updateParticipation(db: Queryable, activityId: number, p: Participation): Promise<boolean> {
  const keys = ['registrationScope', 'transport', 'contact', 'destination', 'meetingPoint', 'meetingAt', 'contactPhone', 'pupilsPerAdult', 'headCountDays'] as const;
  if (keys.every((k) => p[k] === undefined)) return false;
  await db.query(
    `UPDATE activities SET registration_scope = COALESCE($2::text, registration_scope), transport = COALESCE($3::text, transport),
        contact = COALESCE($4::text, contact), destination = COALESCE($5::text, destination),
        meeting_point = COALESCE($6::text, meeting_point),
        meeting_at = CASE WHEN $7::boolean THEN $8::timestamptz ELSE meeting_at END,
        contact_phone = COALESCE($9::text, contact_phone),
        pupils_per_adult = CASE WHEN $10::boolean THEN $11::smallint ELSE pupils_per_adult END,
        head_count_days = COALESCE($12::smallint, head_count_days)
      WHERE id = $1::bigint`,
    [activityId, p.registrationScope ?? null, p.transport ?? null, p.contact ?? null, p.destination ?? null, p.meetingPoint ?? null,
      p.meetingAt !== undefined, p.meetingAt ?? null, p.contactPhone ?? null, p.pupilsPerAdult !== undefined, p.pupilsPerAdult ?? null, p.headCountDays ?? null],
  );
  return true;
}

export async function deleteActivity(db: Queryable, activityId: number): Promise<void> {
  await db.query('DELETE FROM activities WHERE id = $1::bigint', [activityId]);
}

/** A one-off activity has exactly one occurrence that mirrors its times. */
export async function upsertSingleOccurrence(db: Queryable, activityId: number, startsAt: string, endsAt: string, cancelled: boolean): Promise<void> {
  await db.query(
    `WITH moved AS (
       UPDATE occurrences SET starts_at = $2::timestamptz, ends_at = $3::timestamptz,
              status = CASE WHEN $4::boolean THEN 'cancelled' ELSE 'scheduled' END, updated_at = now()
        WHERE activity_id = $1::bigint
       RETURNING id)
     INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at, status)
     SELECT $1::bigint, $2::timestamptz, $2::timestamptz, $3::timestamptz, CASE WHEN $4::boolean THEN 'cancelled' ELSE 'scheduled' END
      WHERE NOT EXISTS (SELECT 1 FROM moved)`,
    [activityId, startsAt, endsAt, cancelled],
  );
}

export async function bumpSequence(db: Queryable, activityId: number): Promise<void> {
  await db.query('UPDATE activities SET sequence = sequence + 1, updated_at = now() WHERE id = $1::bigint', [activityId]);
}

/** A trial item's classes (booking/trial.ts), so the class constraint checks it; real activities get theirs from classes/. */
export async function insertTrialClasses(db: Queryable, activityId: number, classIds: number[]): Promise<void> {
  await db.query('INSERT INTO activity_classes (activity_id, class_id) SELECT $1::bigint, unnest($2::bigint[])', [activityId, classIds]);
}

/** Checks the deferred booking and class constraints now (a trial item's own refusal), then defers them again. */
export async function checkDeferredNow(db: Queryable): Promise<void> {
  await db.query('SET CONSTRAINTS bookings_exclusive_overlap, class_bookings_overlap IMMEDIATE');
  await db.query('SET CONSTRAINTS bookings_exclusive_overlap, class_bookings_overlap DEFERRED');
}

