import type { Queryable } from '../db/pool.ts';

/** Per-occurrence registration (migration 0019): the occurrences a participant may pick and their places. */
export interface OccurrencePlaces {
  id: number;
  startsAt: string;
  endsAt: string;
  confirmed: number;
  waitlisted: number;
}

const iso = (column: string) => `to_json(${column})#>>'{}'`;

/** Scheduled occurrences of the activity that have not begun, with places taken and waiting. */
export async function selectOpenOccurrences(db: Queryable, activityId: number, now: string): Promise<OccurrencePlaces[]> {
  const { rows } = await db.query<OccurrencePlaces>(
    `SELECT o.id, ${iso('o.starts_at')} AS "startsAt", ${iso('o.ends_at')} AS "endsAt",
            count(r.id) FILTER (WHERE r.status = 'confirmed')::int AS confirmed,
            count(r.id) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted
       FROM occurrences o LEFT JOIN registrations r ON r.occurrence_id = o.id
      WHERE o.activity_id = $1::bigint AND o.status = 'scheduled' AND o.starts_at > $2::timestamptz
      GROUP BY o.id ORDER BY o.starts_at, o.id LIMIT 500`,
    [activityId, now],
  );
  return rows;
}

/** Occurrences of the activity with someone waiting: the ones a freed place may go to. */
export async function selectWaitingOccurrences(db: Queryable, activityId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT DISTINCT occurrence_id AS id FROM registrations
      WHERE activity_id = $1::bigint AND status = 'waitlisted' AND occurrence_id IS NOT NULL ORDER BY 1`,
    [activityId],
  );
  return rows.map((r) => r.id);
}

/**
 * Moves a registration to another occurrence. Its invitation is updated in place (same UID, a
 * higher SEQUENCE: offset + 1), so a move is one updated REQUEST rather than CANCEL + REQUEST.
 */
export async function moveRegistration(db: Queryable, id: number, occurrenceId: number, status: 'confirmed' | 'waitlisted', now: string): Promise<void> {
  await db.query(
    `UPDATE registrations SET occurrence_id = $2::bigint, status = $3::text, sequence_offset = sequence_offset + 1,
            confirmed_at = CASE WHEN $3::text = 'confirmed' THEN $4::timestamptz ELSE confirmed_at END,
            waitlisted_at = CASE WHEN $3::text = 'waitlisted' THEN $4::timestamptz ELSE waitlisted_at END,
            updated_at = $4::timestamptz
      WHERE id = $1::bigint`,
    [id, occurrenceId, status, now],
  );
}
