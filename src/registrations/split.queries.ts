import type { Queryable } from '../db/pool.ts';

/** Statements of a split's registrations (split.ts); every one runs under both activities' row locks. */

/** A registration that follows its session or its series onto the following part. */
export interface Follower {
  /** The registration on the original part (the same id as `id` for a per-session one that moved). */
  fromId: number;
  id: number;
  email: string;
  /** Status before and after: a confirmed series place may only fit the waitlist of the new part. */
  was: 'confirmed' | 'waitlisted';
  status: 'confirmed' | 'waitlisted';
  sequenceOffset: number;
  /** The SEQUENCE offset of the registration on the original part (what its invitation there was sent with). */
  fromOffset: number;
}

/**
 * Per-session registrations holding a moved occurrence move with it: same registration, same
 * occurrence, now of the following part. Their place, waitlist rank and check-in code stay.
 */
export async function moveHolders(db: Queryable, fromActivityId: number, toActivityId: number, occurrenceIds: number[], now: string): Promise<Follower[]> {
  if (occurrenceIds.length === 0) return [];
  const { rows } = await db.query<Follower>(
    `UPDATE registrations SET activity_id = $2::bigint, updated_at = $4::timestamptz
      WHERE activity_id = $1::bigint AND occurrence_id = ANY ($3::bigint[])
     RETURNING id AS "fromId", id, email, status AS was, status, sequence_offset AS "sequenceOffset", sequence_offset AS "fromOffset"`,
    [fromActivityId, toActivityId, occurrenceIds, now],
  );
  return rows.filter((r) => r.status !== ('cancelled' as string));
}

/**
 * Series registrations (confirmed, then waitlisted, each in their order) are copied onto the
 * following part: confirmed while its capacity lasts, waitlisted after, the waitlist keeping the
 * same order (one microsecond apart from `now`). Reminder choices and the person's details carry
 * over. The original registrations stay: they hold the sessions before the split.
 */
export async function copySeriesRegistrations(db: Queryable, fromActivityId: number, toActivityId: number, capacity: number | null, now: string): Promise<Follower[]> {
  const { rows } = await db.query<Follower>(
    `WITH src AS (
       SELECT r.*, row_number() OVER (ORDER BY r.status = 'confirmed' DESC,
                CASE WHEN r.status = 'confirmed' THEN r.confirmed_at ELSE r.waitlisted_at END, r.id) AS n
         FROM registrations r
        WHERE r.activity_id = $1::bigint AND r.occurrence_id IS NULL AND r.status IN ('confirmed', 'waitlisted')
     ), placed AS (
       SELECT src.*, CASE WHEN src.status = 'confirmed' AND ($3::int IS NULL OR src.n <= $3::int) THEN 'confirmed' ELSE 'waitlisted' END AS placed
         FROM src
     ), ins AS (
       INSERT INTO registrations (activity_id, email, name, role, grade, class_name, language, time_zone, status,
           waitlisted_at, confirmed_at, created_at, updated_at, reminders_enabled)
       SELECT $2::bigint, p.email, p.name, p.role, p.grade, p.class_name, p.language, p.time_zone, p.placed,
              CASE WHEN p.placed = 'waitlisted' THEN $4::timestamptz + p.n * interval '1 microsecond' END,
              CASE WHEN p.placed = 'confirmed' THEN $4::timestamptz END, $4::timestamptz, $4::timestamptz, p.reminders_enabled
         FROM placed p ORDER BY p.n
       ON CONFLICT (activity_id, email) DO NOTHING
       RETURNING id, email, status, sequence_offset
     )
     SELECT p.id AS "fromId", ins.id, ins.email, p.status AS was, ins.status, ins.sequence_offset AS "sequenceOffset", p.sequence_offset AS "fromOffset"
       FROM ins JOIN placed p ON p.email = ins.email ORDER BY p.n`,
    [fromActivityId, toActivityId, capacity, now],
  );
  return rows;
}

/** Attendance already taken at a moved session belongs to the registration that now holds it. */
export async function moveAttendance(db: Queryable, followers: { fromId: number; id: number }[], occurrenceIds: number[]): Promise<void> {
  const pairs = followers.filter((f) => f.fromId !== f.id);
  if (pairs.length === 0 || occurrenceIds.length === 0) return;
  await db.query(
    `UPDATE attendance a SET registration_id = p.to_id
       FROM unnest($1::bigint[], $2::bigint[]) AS p (from_id, to_id)
      WHERE a.registration_id = p.from_id AND a.occurrence_id = ANY ($3::bigint[])`,
    [pairs.map((p) => p.fromId), pairs.map((p) => p.id), occurrenceIds],
  );
}
