import type { Queryable } from '../db/pool.ts';
import type { Unit, UnitCreate, UnitListQuery, UnitUpdate } from './units.schema.ts';

const COLUMNS = `id, slug, kind, json_build_object('zh-CN', name_zh, 'en', name_en) AS name,
  parent_id AS "parentId", time_zone AS "timeZone", privacy_contact AS "privacyContact",
  pupils_per_adult_primary AS "pupilsPerAdultPrimary", pupils_per_adult_secondary AS "pupilsPerAdultSecondary",
  to_json(created_at)#>>'{}' AS "createdAt", to_json(updated_at)#>>'{}' AS "updatedAt"`;

export async function selectUnit(db: Queryable, unitId: number, forUpdate = false): Promise<Unit | undefined> {
  const { rows } = await db.query<Unit>(
    `SELECT ${COLUMNS} FROM units WHERE id = $1::bigint ${forUpdate ? 'FOR UPDATE' : ''}`,
    [unitId],
  );
  return rows[0];
}

export async function selectUnits(db: Queryable, q: UnitListQuery): Promise<Unit[]> {
  const { rows } = await db.query<Unit>(
    `SELECT ${COLUMNS} FROM units
      WHERE ($1::text IS NULL OR kind = $1::text) AND ($2::bigint IS NULL OR id > $2::bigint)
      ORDER BY id LIMIT $3::int`,
    [q.kind ?? null, q.cursor ?? null, q.limit + 1],
  );
  return rows;
}

export async function insertUnit(db: Queryable, u: UnitCreate): Promise<Unit> {
  const { rows } = await db.query<Unit>(
    `INSERT INTO units (slug, kind, name_zh, name_en, parent_id, time_zone, pupils_per_adult_primary, pupils_per_adult_secondary, privacy_contact)
     VALUES ($1::text, $2::text, $3::text, $4::text, $5::bigint, $6::text, $7::smallint, $8::smallint, $9::text)
     RETURNING ${COLUMNS}`,
    [u.slug, u.kind, u.name['zh-CN'], u.name.en, u.parentId ?? null, u.timeZone, u.pupilsPerAdultPrimary, u.pupilsPerAdultSecondary, u.privacyContact ?? null],
  );
  return rows[0]!;
}

export async function updateUnit(db: Queryable, unitId: number, u: UnitUpdate): Promise<Unit | undefined> {
  const { rows } = await db.query<Unit>(
    `UPDATE units SET
        slug = COALESCE($2::text, slug), kind = COALESCE($3::text, kind),
        name_zh = COALESCE($4::text, name_zh), name_en = COALESCE($5::text, name_en),
        parent_id = CASE WHEN $6::boolean THEN $7::bigint ELSE parent_id END,
        time_zone = COALESCE($8::text, time_zone),
        pupils_per_adult_primary = COALESCE($9::smallint, pupils_per_adult_primary),
        pupils_per_adult_secondary = COALESCE($10::smallint, pupils_per_adult_secondary),
        privacy_contact = CASE WHEN $11::boolean THEN $12::text ELSE privacy_contact END, updated_at = now()
      WHERE id = $1::bigint
      RETURNING ${COLUMNS}`,
    [unitId, u.slug ?? null, u.kind ?? null, u.name?.['zh-CN'] ?? null, u.name?.en ?? null,
      u.parentId !== undefined, u.parentId ?? null, u.timeZone ?? null, u.pupilsPerAdultPrimary ?? null, u.pupilsPerAdultSecondary ?? null,
      u.privacyContact !== undefined, u.privacyContact ?? null],
  );
  return rows[0];
}

/** The unit and every unit above it, nearest first (a cycle, which checkParent prevents, stops the walk). */
export async function selectAncestry(db: Queryable, unitId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `WITH RECURSIVE up (id, parent_id, depth) AS (
       SELECT id, parent_id, 0 FROM units WHERE id = $1::bigint
       UNION
       SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 100
     )
     SELECT id FROM up ORDER BY depth`,
    [unitId],
  );
  return rows.map((r) => r.id);
}

export async function deleteUnit(db: Queryable, unitId: number): Promise<void> {
  await db.query('DELETE FROM units WHERE id = $1::bigint', [unitId]);
}

export async function selectUnitIdBySlug(db: Queryable, slug: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM units WHERE slug = $1::text', [slug]);
  return rows[0]?.id;
}
