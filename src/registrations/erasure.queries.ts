import type { Queryable } from '../db/pool.ts';

/** What the anonymisation of a registration replaces its address with: unique per registration, never deliverable. */
export const anonymisedEmail = (id: number) => `anonymised-${id}@erased.invalid`;
/** The name an anonymised registration shows in named lists (the pages word it: "已匿名" / "anonymised"). */
export const ANONYMISED_NAME = '—';

/**
 * Registrations whose activity ended (every occurrence) before the cutoff and that still hold
 * personal data, locked for this batch (SKIP LOCKED: two processes take different people).
 */
export async function lockDueForAnonymising(db: Queryable, cutoff: string, limit: number): Promise<{ id: number; email: string }[]> {
  const { rows } = await db.query<{ id: number; email: string }>(
    `SELECT r.id::int AS id, r.email FROM registrations r JOIN activities a ON a.id = r.activity_id
      WHERE r.anonymised_at IS NULL AND a.ends_at < $1::timestamptz
        AND NOT EXISTS (SELECT 1 FROM occurrences o WHERE o.activity_id = a.id AND o.ends_at >= $1::timestamptz)
      ORDER BY r.id LIMIT $2::int FOR UPDATE OF r SKIP LOCKED`,
    [cutoff, limit],
  );
  return rows;
}

/**
 * Replaces what names a person (name, address, the short check-in code read out at the door: a
 * fresh random one that was never theirs) and keeps what reports count (activity, role, grade,
 * class, status, times): the figures of every report stay the same.
 */
export async function anonymiseRegistrations(db: Queryable, ids: number[], now: string): Promise<void> {
  await db.query(
    `UPDATE registrations SET email = 'anonymised-' || id || '@erased.invalid', name = $2::text, check_in_code = new_check_in_code(),
            anonymised_at = $3::timestamptz, updated_at = $3::timestamptz
      WHERE id = ANY ($1::bigint[])`,
    [ids, ANONYMISED_NAME, now],
  );
}

/** Addresses among these that still have a registration holding personal data (their personal feed stays). */
export async function selectStillRegistered(db: Queryable, emails: string[]): Promise<string[]> {
  const { rows } = await db.query<{ email: string }>(
    `SELECT DISTINCT email FROM registrations WHERE email = ANY ($1::text[]) AND anonymised_at IS NULL`, [emails]);
  return rows.map((r) => r.email);
}

/**
 * A family corrects what a registration says about the person (their signed link, src/privacy/):
 * only what was sent changes. Returns the row before, or undefined when it is not there to correct.
 */
export async function correctRegistration(db: Queryable, id: number, c: { name?: string | undefined; grade?: number | null | undefined; class?: string | null | undefined }, now: string): Promise<{ name: string; grade: number | null; class: string | null } | undefined> {
  const { rows } = await db.query<{ name: string; grade: number | null; class: string | null }>(
    `WITH before AS (SELECT id, name, grade, class_name FROM registrations WHERE id = $1::bigint AND anonymised_at IS NULL FOR UPDATE)
     UPDATE registrations r SET name = CASE WHEN $2::boolean THEN $3::text ELSE r.name END,
            grade = CASE WHEN $4::boolean THEN $5::smallint ELSE r.grade END,
            class_name = CASE WHEN $6::boolean THEN $7::text ELSE r.class_name END, updated_at = $8::timestamptz
       FROM before b WHERE r.id = b.id
     RETURNING b.name, b.grade::int AS grade, b.class_name AS class`,
    [id, c.name !== undefined, c.name ?? null, c.grade !== undefined, c.grade ?? null, c.class !== undefined, c.class ?? null, now],
  );
  return rows[0];
}
