import type { Queryable } from '../db/pool.ts';
import type { Loan } from './loans.schema.ts';

/** Loans and their lines (one per item). `now` decides "overdue": open and past due. */
const iso = (column: string) => `to_json(${column})#>>'{}'`;
const LOAN_SELECT = `SELECT l.id, l.resource_id AS "resourceId", l.standalone, l.claim_id AS "claimId", l.activity_id AS "activityId",
    l.holder_name AS "holderName", l.holder_email AS "holderEmail", ${iso('l.out_since')} AS "outSince", ${iso('l.due_back')} AS "dueBack",
    l.note, ${iso('l.closed_at')} AS "closedAt", (l.closed_at IS NULL AND l.due_back < $1::timestamptz) AS overdue,
    (SELECT json_agg(json_build_object('itemId', i.id, 'label', i.label, 'labelEn', i.label_en, 'returnedAt', ${iso('li.returned_at')}, 'returnNote', li.return_note)
                     ORDER BY i.label, i.id)
       FROM loan_items li JOIN items i ON i.id = li.item_id WHERE li.loan_id = l.id) AS items
  FROM loans l`;

export async function selectLoan(db: Queryable, loanId: number, now: string): Promise<Loan | undefined> {
  const { rows } = await db.query<Loan>(`${LOAN_SELECT} WHERE l.id = $2::bigint`, [now, loanId]);
  return rows[0];
}

export async function selectOpenLoansOfResources(db: Queryable, resourceIds: number[], now: string): Promise<Loan[]> {
  const { rows } = await db.query<Loan>(
    `${LOAN_SELECT} WHERE l.resource_id = ANY ($2::bigint[]) AND l.closed_at IS NULL ORDER BY l.due_back, l.id`,
    [now, resourceIds],
  );
  return rows;
}

export async function selectLoanResource(db: Queryable, loanId: number): Promise<number | undefined> {
  const { rows } = await db.query<{ resourceId: number }>('SELECT resource_id AS "resourceId" FROM loans WHERE id = $1::bigint', [loanId]);
  return rows[0]?.resourceId;
}

export interface ClaimFacts {
  claimId: number;
  activityId: number;
  resourceId: number;
  quantity: number;
  approval: string;
  activityStatus: string;
  /** Items of this claim's loans not yet returned. */
  out: number;
}

export async function selectClaimFacts(db: Queryable, claimId: number): Promise<ClaimFacts | undefined> {
  const { rows } = await db.query<ClaimFacts>(
    `SELECT c.id AS "claimId", c.activity_id AS "activityId", c.resource_id AS "resourceId", c.quantity, c.approval,
            a.status AS "activityStatus",
            (SELECT count(*)::int FROM loan_items li JOIN loans l ON l.id = li.loan_id
              WHERE l.claim_id = c.id AND li.returned_at IS NULL) AS out
       FROM claims c JOIN activities a ON a.id = c.activity_id WHERE c.id = $1::bigint`,
    [claimId],
  );
  return rows[0];
}

export interface NewLoan {
  resourceId: number;
  standalone: boolean;
  claimId: number | null;
  activityId: number | null;
  holderName: string;
  holderEmail: string;
  outSince: string;
  dueBack: string;
  note: string;
}

/** The loan and its lines in one statement; a line of an item already out breaks loan_items_out_key (23505). */
export async function insertLoan(db: Queryable, l: NewLoan, itemIds: number[]): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `WITH loan AS (
       INSERT INTO loans (resource_id, standalone, claim_id, activity_id, holder_name, holder_email, out_since, due_back, note)
       VALUES ($1::bigint, $2::boolean, $3::bigint, $4::bigint, $5::text, $6::text, $7::timestamptz, $8::timestamptz, $9::text)
       RETURNING id
     ), lines AS (
       INSERT INTO loan_items (loan_id, item_id) SELECT loan.id, unnest($10::bigint[]) FROM loan
     )
     SELECT id FROM loan`,
    [l.resourceId, l.standalone, l.claimId, l.activityId, l.holderName, l.holderEmail, l.outSince, l.dueBack, l.note, itemIds],
  );
  return rows[0]!.id;
}

/** Returns the given unreturned lines; closes the loan when none is left. Returns the item ids returned. */
export async function returnLines(db: Queryable, loanId: number, itemIds: number[], note: string, now: string): Promise<number[]> {
  const { rows } = await db.query<{ itemId: number }>(
    `UPDATE loan_items SET returned_at = $4::timestamptz, return_note = $3::text
      WHERE loan_id = $1::bigint AND item_id = ANY ($2::bigint[]) AND returned_at IS NULL
      RETURNING item_id AS "itemId"`,
    [loanId, itemIds, note, now],
  );
  await db.query(
    `UPDATE loans SET closed_at = $2::timestamptz, updated_at = now()
      WHERE id = $1::bigint AND closed_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM loan_items WHERE loan_id = $1::bigint AND returned_at IS NULL)`,
    [loanId, now],
  );
  return rows.map((r) => r.itemId);
}

export interface OverdueLoan {
  id: number;
  holderName: string;
  holderEmail: string;
  dueBack: string;
  resourceId: number;
  poolZh: string;
  poolEn: string;
  unitZh: string;
  unitEn: string;
  /** The lending unit's zone: overdue days are counted there. */
  unitTimeZone: string;
  unitId: number;
  /** The items still out, each in both languages (the en form falls back to the zh-CN one). */
  labels: { 'zh-CN': string; en: string }[];
}

/** Open loans past due at `now` with items still out, oldest due first. */
export async function selectOverdueLoans(db: Queryable, now: string, limit = 500): Promise<OverdueLoan[]> {
  const { rows } = await db.query<OverdueLoan>(
    `SELECT l.id, l.holder_name AS "holderName", l.holder_email AS "holderEmail", ${iso('l.due_back')} AS "dueBack",
            l.resource_id AS "resourceId", r.name_zh AS "poolZh", r.name_en AS "poolEn", u.name_zh AS "unitZh", u.name_en AS "unitEn",
            u.time_zone AS "unitTimeZone", u.id AS "unitId", (SELECT json_agg(json_build_object('zh-CN', i.label, 'en', CASE WHEN i.label_en <> '' THEN i.label_en ELSE i.label END) ORDER BY i.label)
               FROM loan_items li JOIN items i ON i.id = li.item_id
              WHERE li.loan_id = l.id AND li.returned_at IS NULL) AS labels
       FROM loans l JOIN resources r ON r.id = l.resource_id JOIN units u ON u.id = r.unit_id
      WHERE l.closed_at IS NULL AND l.due_back < $1::timestamptz
      ORDER BY l.due_back, l.id LIMIT $2::int`,
    [now, limit],
  );
  return rows;
}

export async function selectUnitPools(db: Queryable, unitId: number): Promise<{ resourceId: number; name: { 'zh-CN': string; en: string }; poolQuantity: number }[]> {
  const { rows } = await db.query<{ resourceId: number; name: { 'zh-CN': string; en: string }; poolQuantity: number }>(
    `SELECT id AS "resourceId", json_build_object('zh-CN', name_zh, 'en', name_en) AS name, quantity AS "poolQuantity"
       FROM resources WHERE unit_id = $1::bigint AND kind = 'equipment' ORDER BY id`,
    [unitId],
  );
  return rows;
}
