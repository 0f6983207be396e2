import type { Queryable } from '../db/pool.ts';
import { activityStatusSql as st } from './status.queries.ts';

/** One instance of an activity; instants are UTC ISO strings. */
export interface OccurrenceRow {
  id: number;
  activityId: number;
  originalStartsAt: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'cancelled';
}

/**
 * The one answer to "is this activity over?" (SQL on activity alias `a`): the end of its last
 * scheduled occurrence, so a series runs until its last session rather than its first. When none is
 * scheduled, a cancelled activity's own end counts (a cancelled one-off stays listed, marked
 * cancelled, until then); an activity still on with every session cancelled has nothing ahead (NULL:
 * over). Registration, the waitlist, the participant page and activity lists all ask this.
 */
export const seriesEndsAt = (a = 'a') =>
  `COALESCE((SELECT max(so.ends_at) FROM occurrences so WHERE so.activity_id = ${a}.id AND so.status = 'scheduled'),
            CASE WHEN ${st.cancelled(a)} THEN ${a}.ends_at END)`;

/** When the activity's last scheduled occurrence ends (see seriesEndsAt), as a UTC ISO string; null when nothing is ahead. */
export async function selectSeriesEnd(db: Queryable, activityId: number): Promise<string | null | undefined> {
  const { rows } = await db.query<{ endsAt: string }>(
    `SELECT to_json(${seriesEndsAt('a')})#>>'{}' AS "endsAt" FROM activities a WHERE a.id = $1::bigint`,
    [activityId],
  );
  return rows[0]?.endsAt;
}

/** PURE: over once the last scheduled occurrence has ended (periods are half-open), or when none is left (null). */
export const isOver = (seriesEnd: string | null | undefined, now: { toMillis(): number }): boolean => !(Date.parse(seriesEnd ?? '') > now.toMillis());

const COLUMNS = `id, activity_id AS "activityId", to_json(original_starts_at)#>>'{}' AS "originalStartsAt",
  to_json(starts_at)#>>'{}' AS "startsAt", to_json(ends_at)#>>'{}' AS "endsAt", status`;

export async function selectOccurrences(db: Queryable, activityId: number): Promise<OccurrenceRow[]> {
  const { rows } = await db.query<OccurrenceRow>(
    `SELECT ${COLUMNS} FROM occurrences WHERE activity_id = $1::bigint ORDER BY original_starts_at`,
    [activityId],
  );
  return rows;
}

export async function selectOccurrence(db: Queryable, activityId: number, occurrenceId: number): Promise<OccurrenceRow | undefined> {
  const { rows } = await db.query<OccurrenceRow>(
    `SELECT ${COLUMNS} FROM occurrences WHERE id = $1::bigint AND activity_id = $2::bigint`,
    [occurrenceId, activityId],
  );
  return rows[0];
}

/** An occurrence to write: new ones may already be exceptions (a split carries moved and cancelled ones over). */
export interface OccurrenceValues {
  originalStartsAt: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'cancelled';
}

/** Adds occurrences in one statement (a series of up to 500); ids in the order given. */
export async function insertOccurrences(db: Queryable, activityId: number, rows: OccurrenceValues[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const { rows: ids } = await db.query<{ id: number }>(
    `INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at, status)
     SELECT $1::bigint, o, s, e, st FROM unnest($2::timestamptz[], $3::timestamptz[], $4::timestamptz[], $5::text[])
            WITH ORDINALITY AS t (o, s, e, st, n) ORDER BY n
     RETURNING id`,
    [activityId, rows.map((r) => r.originalStartsAt), rows.map((r) => r.startsAt), rows.map((r) => r.endsAt), rows.map((r) => r.status)],
  );
  return ids.map((r) => r.id);
}

/**
 * Re-keys and re-times occurrences of one activity in one statement. A series moved by a day moves
 * every original start onto its neighbour's old one; the unique key (activity, original start) is
 * deferrable (migration 0008) so it is checked once the whole statement is done, not row by row.
 */
export async function reshapeOccurrences(db: Queryable, activityId: number, rows: (OccurrenceValues & { id: number })[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `UPDATE occurrences o SET original_starts_at = t.o, starts_at = t.s, ends_at = t.e, status = t.st, updated_at = now()
       FROM unnest($2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::text[]) AS t (id, o, s, e, st)
      WHERE o.id = t.id AND o.activity_id = $1::bigint`,
    [activityId, rows.map((r) => r.id), rows.map((r) => r.originalStartsAt), rows.map((r) => r.startsAt), rows.map((r) => r.endsAt), rows.map((r) => r.status)],
  );
}

export async function updateOccurrence(db: Queryable, occurrenceId: number, v: { startsAt: string; endsAt: string; status: string }): Promise<void> {
  await db.query(
    `UPDATE occurrences SET starts_at = $2::timestamptz, ends_at = $3::timestamptz, status = $4::text, updated_at = now()
      WHERE id = $1::bigint`,
    [occurrenceId, v.startsAt, v.endsAt, v.status],
  );
}

export async function deleteOccurrences(db: Queryable, occurrenceIds: number[]): Promise<void> {
  if (occurrenceIds.length === 0) return;
  await db.query('DELETE FROM occurrences WHERE id = ANY ($1::bigint[])', [occurrenceIds]);
}

/** Copies an activity's claims onto another (the "this and following" half of a split). */
export async function copyClaims(db: Queryable, fromActivityId: number, toActivityId: number): Promise<void> {
  await db.query(
    `INSERT INTO claims (activity_id, resource_id, quantity, setup_minutes, teardown_minutes, approval, is_venue)
     SELECT $2::bigint, resource_id, quantity, setup_minutes, teardown_minutes, approval, is_venue
       FROM claims WHERE activity_id = $1::bigint ORDER BY resource_id`,
    [fromActivityId, toActivityId],
  );
}

/**
 * Hands occurrences over to another activity (the following part of a split), keeping their ids, so
 * whatever hangs on an occurrence (a per-session registration, attendance, reminders, check-in codes)
 * stays attached to it. Bookings and class bookings are derived per (claim | class, occurrence) from
 * the owning activity: the old owner's are released here and the new owner's claims and classes derive
 * theirs when they are written. The rows take their reshaped times in the same statement.
 */
export async function moveOccurrences(db: Queryable, toActivityId: number, rows: (OccurrenceValues & { id: number })[]): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.id);
  await db.query('DELETE FROM bookings WHERE occurrence_id = ANY ($1::bigint[])', [ids]);
  await db.query('DELETE FROM class_bookings WHERE occurrence_id = ANY ($1::bigint[])', [ids]);
  await db.query(
    `UPDATE occurrences o SET activity_id = $1::bigint, original_starts_at = t.o, starts_at = t.s, ends_at = t.e, status = t.st, updated_at = now()
       FROM unnest($2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::text[]) AS t (id, o, s, e, st)
      WHERE o.id = t.id`,
    [toActivityId, ids, rows.map((r) => r.originalStartsAt), rows.map((r) => r.startsAt), rows.map((r) => r.endsAt), rows.map((r) => r.status)],
  );
}

/** Copies an activity's classes onto another (a split's following part): the class bookings follow by trigger. */
export async function copyClasses(db: Queryable, fromActivityId: number, toActivityId: number): Promise<void> {
  await db.query(
    `INSERT INTO activity_classes (activity_id, class_id)
     SELECT $2::bigint, class_id FROM activity_classes WHERE activity_id = $1::bigint ORDER BY class_id
     ON CONFLICT DO NOTHING`,
    [fromActivityId, toActivityId],
  );
}
