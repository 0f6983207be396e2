import type { Queryable } from '../db/pool.ts';
import type { Application, Offer } from './offers.schema.ts';

const iso = (col: string) => `to_json(${col})#>>'{}'`;
const OFFER = `o.id, o.unit_id AS "unitId", o.term, o.kind, json_build_object('zh-CN', o.title_zh, 'en', o.title_en) AS title,
  o.grades::int[] AS grades, json_build_object('min', o.min_class_size, 'max', o.max_class_size) AS "classSize", o.claims,
  COALESCE((SELECT json_agg(json_build_object('id', s.id, 'startsAt', ${iso('s.starts_at')}, 'endsAt', ${iso('s.ends_at')}, 'capacity', s.capacity) ORDER BY s.starts_at, s.id)
     FROM offer_slots s WHERE s.offer_id = o.id), '[]') AS slots,
  ${iso('o.opens_at')} AS "opensAt", ${iso('o.closes_at')} AS "closesAt", o.rules, o.state, ${iso('o.allocated_at')} AS "allocatedAt"`;

const APPLICATION = `a.id, a.offer_id AS "offerId", a.school_unit_id AS "schoolUnitId", a.class_id AS "classId", a.class_size AS "classSize",
  a.preferences::float8[] AS preferences, a.state, a.slot_id AS "slotId", a.activity_id AS "activityId", a.explanation,
  ${iso('a.created_at')} AS "createdAt", ${iso('a.updated_at')} AS "updatedAt"`;

export interface OfferValues {
  unitId: number; term: string; kind: string; title: { 'zh-CN': string; en: string }; grades: number[];
  classSize: { min: number; max: number }; claims: { resourceId: number; quantity: number }[];
  opensAt: string; closesAt: string; rules: unknown;
}

export async function insertOffer(db: Queryable, v: OfferValues, slots: { startsAt: string; endsAt: string; capacity: number }[]): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `WITH o AS (
       INSERT INTO offers (unit_id, term, kind, title_zh, title_en, grades, min_class_size, max_class_size, claims, opens_at, closes_at, rules)
       VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text, $6::smallint[], $7::int, $8::int, $9::jsonb, $10::timestamptz, $11::timestamptz, $12::jsonb)
       RETURNING id
     ), s AS (
       INSERT INTO offer_slots (offer_id, starts_at, ends_at, capacity)
       SELECT o.id, x.starts_at, x.ends_at, x.capacity FROM o, jsonb_to_recordset($13::jsonb) AS x (starts_at timestamptz, ends_at timestamptz, capacity int)
     )
     SELECT id::float8 AS id FROM o`,
    [v.unitId, v.term, v.kind, v.title['zh-CN'], v.title.en, v.grades, v.classSize.min, v.classSize.max, JSON.stringify(v.claims),
      v.opensAt, v.closesAt, JSON.stringify(v.rules), JSON.stringify(slots.map((s) => ({ starts_at: s.startsAt, ends_at: s.endsAt, capacity: s.capacity })))],
  );
  return rows[0]!.id;
}

export async function selectOffer(db: Queryable, offerId: number): Promise<Offer | undefined> {
  const { rows } = await db.query<Offer>(`SELECT ${OFFER} FROM offers o WHERE o.id = $1::bigint`, [offerId]);
  return rows[0];
}

/** The offer's row locked for the allocation run: a second run waits here, then sees state = allocated. */
export async function lockOffer(db: Queryable, offerId: number): Promise<Offer | undefined> {
  const { rows } = await db.query<Offer>(`SELECT ${OFFER} FROM offers o WHERE o.id = $1::bigint FOR UPDATE`, [offerId]);
  return rows[0];
}

export async function selectOffers(db: Queryable, q: { term?: string | undefined; unitId?: number | undefined }): Promise<Offer[]> {
  const { rows } = await db.query<Offer>(
    `SELECT ${OFFER} FROM offers o WHERE ($1::text IS NULL OR o.term = $1::text) AND ($2::bigint IS NULL OR o.unit_id = $2::bigint) ORDER BY o.opens_at, o.id LIMIT 500`,
    [q.term ?? null, q.unitId ?? null],
  );
  return rows;
}

export async function insertApplication(db: Queryable, v: { offerId: number; schoolUnitId: number; classId: number; classSize: number; preferences: number[] }): Promise<Application> {
  const { rows } = await db.query<Application>(
    `INSERT INTO applications AS a (offer_id, school_unit_id, class_id, class_size, preferences)
     VALUES ($1::bigint, $2::bigint, $3::bigint, $4::int, $5::bigint[]) RETURNING ${APPLICATION}`,
    [v.offerId, v.schoolUnitId, v.classId, v.classSize, v.preferences],
  );
  return rows[0]!;
}

export async function updateApplication(db: Queryable, applicationId: number, v: { classSize: number; preferences: number[] }): Promise<Application> {
  const { rows } = await db.query<Application>(
    `UPDATE applications AS a SET class_size = $2::int, preferences = $3::bigint[], updated_at = now() WHERE a.id = $1::bigint RETURNING ${APPLICATION}`,
    [applicationId, v.classSize, v.preferences],
  );
  return rows[0]!;
}

export async function selectApplication(db: Queryable, applicationId: number): Promise<Application | undefined> {
  const { rows } = await db.query<Application>(`SELECT ${APPLICATION} FROM applications a WHERE a.id = $1::bigint`, [applicationId]);
  return rows[0];
}

export async function selectApplicationByClass(db: Queryable, offerId: number, classId: number): Promise<{ id: number } | undefined> {
  const { rows } = await db.query<{ id: number }>(`SELECT id::float8 AS id FROM applications WHERE offer_id = $1::bigint AND class_id = $2::bigint`, [offerId, classId]);
  return rows[0];
}

/** An offer's applications; `schoolUnitId` limits them to one school's. */
export async function selectApplications(db: Queryable, offerId: number, schoolUnitId: number | null): Promise<Application[]> {
  const { rows } = await db.query<Application>(
    `SELECT ${APPLICATION} FROM applications a WHERE a.offer_id = $1::bigint AND ($2::bigint IS NULL OR a.school_unit_id = $2::bigint) ORDER BY a.id`,
    [offerId, schoolUnitId],
  );
  return rows;
}

export async function selectUnitKindAndDistrict(db: Queryable, unitId: number): Promise<{ kind: string; district: string | null } | undefined> {
  const { rows } = await db.query<{ kind: string; district: string | null }>(`SELECT kind, district FROM units WHERE id = $1::bigint`, [unitId]);
  return rows[0];
}
