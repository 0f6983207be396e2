import type { Queryable } from '../db/pool.ts';
import type { Item, ItemCreate, ItemUpdate } from './loans.schema.ts';

/** Items of equipment pools, each with the open loan holding it (if any), read at `now` for "overdue". */
const iso = (column: string) => `to_json(${column})#>>'{}'`;
const ITEM_SELECT = `SELECT i.id, i.resource_id AS "resourceId", i.label, i.label_en AS "labelEn", i.condition,
    i.home_location AS "homeLocation", i.home_location_en AS "homeLocationEn", i.status,
    (SELECT json_build_object('loanId', l.id, 'holderName', l.holder_name, 'holderEmail', l.holder_email,
              'outSince', ${iso('l.out_since')}, 'dueBack', ${iso('l.due_back')}, 'overdue', l.due_back < $1::timestamptz,
              'activityId', l.activity_id)
       FROM loan_items li JOIN loans l ON l.id = li.loan_id
      WHERE li.item_id = i.id AND li.returned_at IS NULL) AS "onLoan",
    ${iso('i.created_at')} AS "createdAt", ${iso('i.updated_at')} AS "updatedAt"
  FROM items i`;

export async function selectItemsOfResources(db: Queryable, resourceIds: number[], now: string): Promise<Item[]> {
  const { rows } = await db.query<Item>(`${ITEM_SELECT} WHERE i.resource_id = ANY ($2::bigint[]) ORDER BY i.resource_id, i.label, i.id`, [now, resourceIds]);
  return rows;
}

export async function selectItems(db: Queryable, itemIds: number[], now: string): Promise<Item[]> {
  const { rows } = await db.query<Item>(`${ITEM_SELECT} WHERE i.id = ANY ($2::bigint[]) ORDER BY i.id`, [now, itemIds]);
  return rows;
}

/** The pool an item belongs to, read without locks: the caller locks the resource next, then rereads. */
export async function selectItemResource(db: Queryable, itemId: number): Promise<number | undefined> {
  const { rows } = await db.query<{ resourceId: number }>('SELECT resource_id AS "resourceId" FROM items WHERE id = $1::bigint', [itemId]);
  return rows[0]?.resourceId;
}

export async function insertItem(db: Queryable, resourceId: number, item: ItemCreate): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO items (resource_id, label, label_en, condition, home_location, home_location_en, status)
     VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text) RETURNING id`,
    [resourceId, item.label, item.labelEn, item.condition, item.homeLocation, item.homeLocationEn, item.status],
  );
  return rows[0]!.id;
}

export async function updateItem(db: Queryable, itemId: number, item: ItemUpdate): Promise<void> {
  await db.query(
    `UPDATE items SET label = COALESCE($2::text, label), condition = COALESCE($3::text, condition),
            home_location = COALESCE($4::text, home_location), status = COALESCE($5::text, status),
            label_en = COALESCE($6::text, label_en), home_location_en = COALESCE($7::text, home_location_en), updated_at = now()
      WHERE id = $1::bigint`,
    [itemId, item.label ?? null, item.condition ?? null, item.homeLocation ?? null, item.status ?? null, item.labelEn ?? null, item.homeLocationEn ?? null],
  );
}

export async function setItemsCondition(db: Queryable, itemIds: number[], condition: string): Promise<void> {
  await db.query('UPDATE items SET condition = $2::text, updated_at = now() WHERE id = ANY ($1::bigint[])', [itemIds, condition]);
}

export async function deleteItem(db: Queryable, itemId: number): Promise<void> {
  await db.query('DELETE FROM items WHERE id = $1::bigint', [itemId]);
}

export async function countLoanLines(db: Queryable, itemId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM loan_items WHERE item_id = $1::bigint', [itemId]);
  return rows[0]!.n;
}

/**
 * Items of a pool that count towards its pool quantity: in service and not out on a standalone loan.
 * Read under the resource row lock, before and after a change, to learn by how much the pool moves.
 */
export async function countBookableItems(db: Queryable, resourceId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM items i
      WHERE i.resource_id = $1::bigint AND i.status = 'in_service'
        AND NOT EXISTS (SELECT 1 FROM loan_items li JOIN loans l ON l.id = li.loan_id
                         WHERE li.item_id = i.id AND li.returned_at IS NULL AND l.standalone)`,
    [resourceId],
  );
  return rows[0]!.n;
}

/** Moves the pool quantity by `delta` (never below 0) and returns the new quantity. */
export async function shiftPoolQuantity(db: Queryable, resourceId: number, delta: number): Promise<number> {
  const { rows } = await db.query<{ quantity: number }>(
    'UPDATE resources SET quantity = GREATEST(0, quantity + $2::int), updated_at = now() WHERE id = $1::bigint RETURNING quantity',
    [resourceId, delta],
  );
  return rows[0]!.quantity;
}

export async function raisePoolQuantityTo(db: Queryable, resourceId: number, atLeast: number): Promise<void> {
  await db.query('UPDATE resources SET quantity = GREATEST(quantity, $2::int), updated_at = now() WHERE id = $1::bigint', [resourceId, atLeast]);
}


/** The unit owning a resource, for read permission. */
export async function selectResourceOwner(db: Queryable, resourceId: number): Promise<number | undefined> {
  const { rows } = await db.query<{ unitId: number }>('SELECT unit_id AS "unitId" FROM resources WHERE id = $1::bigint', [resourceId]);
  return rows[0]?.unitId;
}
