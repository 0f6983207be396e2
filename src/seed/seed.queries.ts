import type { Queryable } from '../db/pool.ts';

/** What the demo seed looks up so that running it twice adds nothing. */

export async function anyUnitExists(db: Queryable): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM units LIMIT 1');
  return rows.length > 0;
}

export async function selectResourceIdByName(db: Queryable, unitId: number, nameEn: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM resources WHERE unit_id = $1::bigint AND name_en = $2::text', [unitId, nameEn]);
  return rows[0]?.id;
}

export async function activityExists(db: Queryable, organizerUnitId: number, titleEn: string, startsAt: string): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM activities WHERE organizer_unit_id = $1::bigint AND title_en = $2::text AND starts_at = $3::timestamptz',
    [organizerUnitId, titleEn, startsAt],
  );
  return rows.length > 0;
}

export async function userExists(db: Queryable, email: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM users WHERE email = $1::text', [email]);
  return rows.length > 0;
}

export async function calendarEntryExists(db: Queryable, e: { kind: string; unitId: number; nameEn: string; startsAt: string | null }): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM calendar_entries WHERE kind = $1::text AND unit_id = $2::bigint AND name_en = $3::text AND lower(period) = $4::timestamptz`,
    [e.kind, e.unitId, e.nameEn, e.startsAt],
  );
  return rows.length > 0;
}

/** A demo activity of this school year by its English title (the living term finds what it registers for). */
export async function selectActivityByTitle(db: Queryable, titleEn: string, notBefore: string): Promise<{ id: number; startsAt: string } | undefined> {
  const { rows } = await db.query<{ id: number; startsAt: string }>(
    `SELECT id, to_json(starts_at)#>>'{}' AS "startsAt" FROM activities WHERE title_en = $1::text AND starts_at >= $2::timestamptz ORDER BY starts_at LIMIT 1`,
    [titleEn, notBefore],
  );
  return rows[0];
}

export async function selectOccurrenceTimes(db: Queryable, activityId: number): Promise<{ id: number; startsAt: string; endsAt: string; status: string }[]> {
  const { rows } = await db.query<{ id: number; startsAt: string; endsAt: string; status: string }>(
    `SELECT id, to_json(starts_at)#>>'{}' AS "startsAt", to_json(ends_at)#>>'{}' AS "endsAt", status FROM occurrences WHERE activity_id = $1::bigint ORDER BY starts_at`,
    [activityId],
  );
  return rows;
}

export async function loanExists(db: Queryable, holderEmail: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM loans WHERE holder_email = $1::text LIMIT 1', [holderEmail]);
  return rows.length > 0;
}

export async function activityTitled(db: Queryable, organizerUnitId: number, titleEn: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM activities WHERE organizer_unit_id = $1::bigint AND title_en = $2::text LIMIT 1', [organizerUnitId, titleEn]);
  return rows.length > 0;
}
