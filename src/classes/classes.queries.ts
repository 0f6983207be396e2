import type { Queryable } from '../db/pool.ts';
import type { ClassCalendarEntry, ClassListQuery, SchoolClass } from './classes.schema.ts';

const COLUMNS = `id, unit_id AS "unitId", kind, code, json_build_object('zh-CN', name_zh, 'en', name_en) AS name,
  grade::int, number::int, size, to_json(created_at)#>>'{}' AS "createdAt", to_json(updated_at)#>>'{}' AS "updatedAt"`;

export interface ClassValues {
  unitId: number;
  kind: string;
  code: string;
  name: { 'zh-CN': string; en: string };
  grade: number | null;
  number: number | null;
  size: number;
}

export async function selectClass(db: Queryable, classId: number): Promise<SchoolClass | undefined> {
  const { rows } = await db.query<SchoolClass>(`SELECT ${COLUMNS} FROM classes WHERE id = $1::bigint`, [classId]);
  return rows[0];
}

export async function selectClassesByIds(db: Queryable, ids: number[]): Promise<SchoolClass[]> {
  const { rows } = await db.query<SchoolClass>(`SELECT ${COLUMNS} FROM classes WHERE id = ANY ($1::bigint[]) ORDER BY id`, [ids]);
  return rows;
}

export async function selectClasses(db: Queryable, q: ClassListQuery): Promise<SchoolClass[]> {
  const { rows } = await db.query<SchoolClass>(
    `SELECT ${COLUMNS} FROM classes
      WHERE ($1::bigint IS NULL OR unit_id = $1::bigint) AND ($2::text IS NULL OR kind = $2::text)
        AND ($3::int IS NULL OR grade = $3::int) AND ($4::bigint IS NULL OR id > $4::bigint)
      ORDER BY id LIMIT $5::int`,
    [q.unitId ?? null, q.kind ?? null, q.grade ?? null, q.cursor ?? null, q.limit + 1],
  );
  return rows;
}

/** Inserts or, for an existing (unit, code), updates the class; `inserted` tells which. */
export async function upsertClass(db: Queryable, v: ClassValues): Promise<SchoolClass & { inserted: boolean }> {
  const { rows } = await db.query<SchoolClass & { inserted: boolean }>(
    `INSERT INTO classes (unit_id, kind, code, name_zh, name_en, grade, number, size)
     VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text, $6::smallint, $7::smallint, $8::int)
     ON CONFLICT (unit_id, code) DO UPDATE
        SET kind = EXCLUDED.kind, name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, grade = EXCLUDED.grade,
            number = EXCLUDED.number, size = EXCLUDED.size, updated_at = now()
     RETURNING ${COLUMNS}, (xmax = 0) AS inserted`,
    [v.unitId, v.kind, v.code, v.name['zh-CN'], v.name.en, v.grade, v.number, v.size],
  );
  return rows[0]!;
}

export async function insertClass(db: Queryable, v: ClassValues): Promise<SchoolClass> {
  const { rows } = await db.query<SchoolClass>(
    `INSERT INTO classes (unit_id, kind, code, name_zh, name_en, grade, number, size)
     VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text, $6::smallint, $7::smallint, $8::int) RETURNING ${COLUMNS}`,
    [v.unitId, v.kind, v.code, v.name['zh-CN'], v.name.en, v.grade, v.number, v.size],
  );
  return rows[0]!;
}

export async function updateClass(db: Queryable, classId: number, v: { name?: { 'zh-CN': string; en: string } | undefined; size?: number | undefined }): Promise<SchoolClass> {
  const { rows } = await db.query<SchoolClass>(
    `UPDATE classes SET name_zh = coalesce($2::text, name_zh), name_en = coalesce($3::text, name_en),
            size = coalesce($4::int, size), updated_at = now()
      WHERE id = $1::bigint RETURNING ${COLUMNS}`,
    [classId, v.name?.['zh-CN'] ?? null, v.name?.en ?? null, v.size ?? null],
  );
  return rows[0]!;
}

export async function deleteClass(db: Queryable, classId: number): Promise<void> {
  await db.query('DELETE FROM classes WHERE id = $1::bigint', [classId]);
}

const ENTRY_COLUMNS = `id, unit_id AS "unitId", kind, class_id AS "classId", grade::int,
  json_build_object('zh-CN', name_zh, 'en', name_en) AS name,
  to_json(lower(period))#>>'{}' AS "startsAt", to_json(upper(period))#>>'{}' AS "endsAt",
  weekday, from_time AS "from", to_time AS "to", time_zone AS "timeZone"`;

export interface ClassEntryValues {
  unitId: number;
  kind: string;
  classId: number | null;
  grade: number | null;
  name: { 'zh-CN': string; en: string };
  startsAt: string | null;
  endsAt: string | null;
  weekday: string | null;
  from: string | null;
  to: string | null;
  timeZone: string;
}

export async function insertClassEntry(db: Queryable, v: ClassEntryValues): Promise<ClassCalendarEntry> {
  const { rows } = await db.query<ClassCalendarEntry>(
    `INSERT INTO class_calendar_entries (unit_id, kind, class_id, grade, name_zh, name_en, period, weekday, from_time, to_time, time_zone)
     VALUES ($1::bigint, $2::text, $3::bigint, $4::smallint, $5::text, $6::text,
             CASE WHEN $7::timestamptz IS NULL THEN NULL ELSE tstzrange($7::timestamptz, $8::timestamptz, '[)') END,
             $9::text, $10::text, $11::text, $12::text)
     RETURNING ${ENTRY_COLUMNS}`,
    [v.unitId, v.kind, v.classId, v.grade, v.name['zh-CN'], v.name.en, v.startsAt, v.endsAt, v.weekday, v.from, v.to, v.timeZone],
  );
  return rows[0]!;
}

export async function selectClassEntries(db: Queryable, unitIds: number[] | null): Promise<ClassCalendarEntry[]> {
  const { rows } = await db.query<ClassCalendarEntry>(
    `SELECT ${ENTRY_COLUMNS} FROM class_calendar_entries WHERE ($1::bigint[] IS NULL OR unit_id = ANY ($1::bigint[])) ORDER BY id`,
    [unitIds],
  );
  return rows;
}

export async function deleteClassEntry(db: Queryable, entryId: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM class_calendar_entries WHERE id = $1::bigint', [entryId]);
  return (rowCount ?? 0) > 0;
}

export async function selectActivityClassIds(db: Queryable, activityId: number): Promise<number[]> {
  const { rows } = await db.query<{ classId: number }>(
    'SELECT class_id AS "classId" FROM activity_classes WHERE activity_id = $1::bigint ORDER BY class_id', [activityId]);
  return rows.map((r) => r.classId);
}

/** Replaces the classes of an activity; the class_bookings triggers follow. */
export async function replaceActivityClasses(db: Queryable, activityId: number, classIds: number[]): Promise<void> {
  await db.query('DELETE FROM activity_classes WHERE activity_id = $1::bigint AND NOT (class_id = ANY ($2::bigint[]))', [activityId, classIds]);
  await db.query(
    `INSERT INTO activity_classes (activity_id, class_id) SELECT $1::bigint, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
    [activityId, classIds],
  );
}

/** Active class bookings over [from, to) for the planner: which class is busy when. */
export async function selectClassBusy(db: Queryable, classIds: number[], from: string, to: string) {
  const { rows } = await db.query<{ classId: number; activityId: number; startsAt: string; endsAt: string }>(
    `SELECT class_id AS "classId", activity_id AS "activityId", to_json(lower(period))#>>'{}' AS "startsAt", to_json(upper(period))#>>'{}' AS "endsAt"
       FROM class_bookings WHERE active AND class_id = ANY ($1::bigint[]) AND period && tstzrange($2::timestamptz, $3::timestamptz)
      ORDER BY class_id, lower(period)`,
    [classIds, from, to],
  );
  return rows;
}

/** What deciding access to an activity's classes needs: its unit, visibility and status. */
export async function selectActivityAccess(db: Queryable, activityId: number) {
  const { rows } = await db.query<{ organizerUnitId: number; visibility: string; status: string; everConfirmed: boolean }>(
    `SELECT organizer_unit_id AS "organizerUnitId", visibility, status, ever_confirmed AS "everConfirmed" FROM activities WHERE id = $1::bigint`, [activityId]);
  return rows[0];
}
