import type { Queryable } from '../db/pool.ts';
import { placeForms } from '../shared/place.ts';
import type { Resource, ResourceCreate, ResourceListQuery, ResourceUpdate } from './resources.schema.ts';

const COLUMNS = `id, unit_id AS "unitId", kind, category,
  json_build_object('zh-CN', name_zh, 'en', name_en) AS name, description,
  CASE WHEN location_zh <> '' THEN location_zh ELSE location_en END AS location,
  json_build_object('zh-CN', location_zh, 'en', location_en) AS place, quantity,
  opening_hours AS "openingHours",
  to_json(created_at)#>>'{}' AS "createdAt", to_json(updated_at)#>>'{}' AS "updatedAt"`;

export async function selectResource(db: Queryable, resourceId: number, forUpdate = false): Promise<Resource | undefined> {
  const { rows } = await db.query<Resource>(
    `SELECT ${COLUMNS} FROM resources WHERE id = $1::bigint ${forUpdate ? 'FOR UPDATE' : ''}`,
    [resourceId],
  );
  return rows[0];
}

export async function selectResources(db: Queryable, q: ResourceListQuery): Promise<Resource[]> {
  const { rows } = await db.query<Resource>(
    `SELECT ${COLUMNS} FROM resources
      WHERE ($1::text IS NULL OR kind = $1::text)
        AND ($2::bigint IS NULL OR unit_id = $2::bigint)
        AND ($3::text IS NULL OR category = $3::text)
        AND ($4::bigint IS NULL OR id > $4::bigint)
      ORDER BY id LIMIT $5::int`,
    [q.kind ?? null, q.unitId ?? null, q.category ?? null, q.cursor ?? null, q.limit + 1],
  );
  return rows;
}

export async function insertResource(db: Queryable, r: ResourceCreate): Promise<Resource> {
  const { rows } = await db.query<Resource>(
    `INSERT INTO resources (unit_id, kind, category, name_zh, name_en, description, location_zh, location_en, quantity, opening_hours)
     VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::int, $10::jsonb)
     RETURNING ${COLUMNS}`,
    [r.unitId, r.kind, r.category ?? null, r.name['zh-CN'], r.name.en, r.description, ...placeColumns(r), r.quantity,
      r.openingHours ? JSON.stringify(r.openingHours) : null],
  );
  return rows[0]!;
}

export async function updateResource(db: Queryable, resourceId: number, r: ResourceUpdate): Promise<Resource | undefined> {
  const { rows } = await db.query<Resource>(
    `UPDATE resources SET
        name_zh = COALESCE($2::text, name_zh), name_en = COALESCE($3::text, name_en),
        category = CASE WHEN $4::boolean THEN $5::text ELSE category END,
        description = COALESCE($6::text, description),
        location_zh = COALESCE($7::text, location_zh), location_en = COALESCE($8::text, location_en),
        quantity = COALESCE($9::int, quantity),
        opening_hours = CASE WHEN $10::boolean THEN $11::jsonb ELSE opening_hours END,
        updated_at = now()
      WHERE id = $1::bigint
      RETURNING ${COLUMNS}`,
    [resourceId, r.name?.['zh-CN'] ?? null, r.name?.en ?? null, r.category !== undefined, r.category ?? null,
      r.description ?? null, ...placeColumns(r, null), r.quantity ?? null,
      r.openingHours !== undefined, r.openingHours ? JSON.stringify(r.openingHours) : null],
  );
  return rows[0];
}

/** The two location columns from `place` or the older `location` text (null: leave as they are). */
function placeColumns(r: { location?: string | undefined; place?: { 'zh-CN'?: string | undefined; en?: string | undefined } | undefined }, absent: string | null = ''): [string | null, string | null] {
  if (r.place) return [r.place['zh-CN'] ?? absent, r.place.en ?? absent];
  if (r.location !== undefined) {
    const forms = placeForms(r.location);
    return [forms['zh-CN'], forms.en];
  }
  return [absent, absent];
}

export async function deleteResource(db: Queryable, resourceId: number): Promise<void> {
  await db.query('DELETE FROM resources WHERE id = $1::bigint', [resourceId]);
}

/** The highest use of a resource at any moment after `from`, and when it first happens. */
export async function selectPeakUse(db: Queryable, resourceId: number, from: string): Promise<{ peak: number; at: string | null }> {
  const { rows } = await db.query<{ peak: number; at: string | null }>(
    `WITH b AS (
       SELECT quantity, period FROM bookings
        WHERE resource_id = $1::bigint AND active AND period && tstzrange($2::timestamptz, NULL)
     ), edges AS (
       SELECT lower(period) AS at, quantity AS delta FROM b
       UNION ALL
       SELECT upper(period), -quantity FROM b
     ), running AS (
       SELECT at, sum(delta) OVER (ORDER BY at, delta ROWS UNBOUNDED PRECEDING) AS in_use FROM edges
     )
     SELECT coalesce(max(in_use), 0)::int AS peak,
            (SELECT to_json(at)#>>'{}' FROM running ORDER BY in_use DESC, at LIMIT 1) AS at
       FROM running`,
    [resourceId, from],
  );
  return rows[0] ?? { peak: 0, at: null };
}
