import type { Queryable } from '../db/pool.ts';
import type { Commitment, CommitmentInput } from './commitments.schema.ts';

interface Row {
  id: number;
  spec: CommitmentInput;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, spec, to_json(created_at)#>>'{}' AS "createdAt", to_json(updated_at)#>>'{}' AS "updatedAt"`;
const present = (r: Row): Commitment => ({ id: r.id, ...r.spec, createdAt: r.createdAt, updatedAt: r.updatedAt });

export async function insertCommitment(db: Queryable, c: CommitmentInput): Promise<Commitment> {
  const { rows } = await db.query<Row>(
    `INSERT INTO commitments (term, organizer_unit_id, kind, title_zh, title_en, spec)
     VALUES ($1::text, $2::bigint, $3::text, $4::text, $5::text, $6::jsonb) RETURNING ${COLUMNS}`,
    [c.term, c.organizerUnitId, c.kind, c.title['zh-CN'], c.title.en, JSON.stringify(c)],
  );
  return present(rows[0]!);
}

export async function replaceCommitment(db: Queryable, commitmentId: number, c: CommitmentInput): Promise<Commitment> {
  const { rows } = await db.query<Row>(
    `UPDATE commitments SET term = $2::text, organizer_unit_id = $3::bigint, kind = $4::text, title_zh = $5::text, title_en = $6::text,
            spec = $7::jsonb, updated_at = now()
      WHERE id = $1::bigint RETURNING ${COLUMNS}`,
    [commitmentId, c.term, c.organizerUnitId, c.kind, c.title['zh-CN'], c.title.en, JSON.stringify(c)],
  );
  return present(rows[0]!);
}

export async function selectCommitment(db: Queryable, commitmentId: number): Promise<Commitment | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM commitments WHERE id = $1::bigint`, [commitmentId]);
  return rows[0] && present(rows[0]);
}

/** A term's commitments in id order (the planner's stable order). */
export async function selectCommitments(db: Queryable, term: string | null): Promise<Commitment[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM commitments WHERE ($1::text IS NULL OR term = $1::text) ORDER BY id`, [term]);
  return rows.map(present);
}

export async function deleteCommitment(db: Queryable, commitmentId: number): Promise<void> {
  await db.query('DELETE FROM commitments WHERE id = $1::bigint', [commitmentId]);
}

/** What the checks need of the resources a commitment names. */
export async function selectResourceFacts(db: Queryable, ids: number[]) {
  const { rows } = await db.query<{ id: number; unitId: number; kind: string; category: string | null; quantity: number }>(
    'SELECT id, unit_id AS "unitId", kind, category, quantity FROM resources WHERE id = ANY ($1::bigint[]) ORDER BY id', [ids]);
  return rows;
}

export async function selectUnitStaff(db: Queryable, unitId: number, category: string | null): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM resources WHERE unit_id = $1::bigint AND kind = 'staff' AND ($2::text IS NULL OR category = $2::text) ORDER BY id`,
    [unitId, category]);
  return rows.map((r) => r.id);
}
