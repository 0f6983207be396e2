import type { Pool, PoolClient } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { ConflictError, ValidationError, found } from '../shared/errors.ts';
import { requireUnitRead, requireUnitWrite } from '../shared/policy.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { selectUnit } from '../units/units.queries.ts';
import * as items from './items.queries.ts';
import * as q from './loans.queries.ts';
import { bookableItems, lockPool, settlePool } from './pool-units.ts';
import type { CheckIn, CheckOut, Custody, Item, Loan } from './loans.schema.ts';

const entity = 'loan';

/** The claim a loan fulfils must be booked: its activity confirmed, its approval settled, its pool these items'. */
async function claimToFulfil(db: PoolClient, claimId: number, resourceId: number, wanted: number) {
  const claim = await q.selectClaimFacts(db, claimId);
  if (!claim) throw new ValidationError('Unknown claim', [{ path: 'body.claimId', message: `claim ${claimId} does not exist` }]);
  if (claim.resourceId !== resourceId) throw new ValidationError('The items are not of the claimed pool', [{ path: 'body.itemIds', message: `claim ${claimId} claims resource ${claim.resourceId}` }]);
  if (claim.activityStatus !== 'confirmed' || !['not_needed', 'approved'].includes(claim.approval)) {
    throw new ConflictError('claim_not_booked', 'Only a claim of a confirmed activity (approved where needed) can be checked out');
  }
  if (claim.out + wanted > claim.quantity) {
    throw new ConflictError('claim_quantity_exceeded', `The claim is for ${claim.quantity}; ${claim.out} already out, ${wanted} more asked`, {
      quantity: claim.quantity, out: claim.out, requested: wanted,
    });
  }
  return claim;
}

/** Every item is of one pool, in service and not on loan (read under the pool lock). */
function checkFree(found: Item[], wanted: number[], resourceId: number): void {
  const byId = new Map(found.map((i) => [i.id, i]));
  const missing = wanted.filter((id) => byId.get(id)?.resourceId !== resourceId);
  if (missing.length > 0) throw new ValidationError('Unknown items', missing.map((id) => ({ path: 'body.itemIds', message: `item ${id} is not an item of resource ${resourceId}` })));
  const outOfService = found.filter((i) => i.status !== 'in_service');
  if (outOfService.length > 0) throw new ConflictError('item_out_of_service', `Out of service: ${outOfService.map((i) => i.label).join(', ')}`, { itemIds: outOfService.map((i) => i.id) });
  const lent = found.filter((i) => i.onLoan);
  if (lent.length > 0) throw new ConflictError('item_on_loan', `Already on loan: ${lent.map((i) => i.label).join(', ')}`, { itemIds: lent.map((i) => i.id) });
}

export function loansService(pool: Pool, clock: Clock = systemClock) {
  const now = () => clock.now().toUTC().toISO()!;
  const read = async (db: Pool | PoolClient, id: number) => found(await q.selectLoan(db, id, now()), entity, id);

  async function checkOutIn(db: PoolClient, actor: Actor, input: CheckOut): Promise<number> {
    const first = found(await items.selectItemResource(db, input.itemIds[0]!), 'item', input.itemIds[0]!);
    const locked = await lockPool(db, first, 'body.itemIds');
    requireUnitWrite(actor, locked.unitId);
    const claim = input.claimId === undefined ? null : await claimToFulfil(db, input.claimId, first, input.itemIds.length);
    checkFree(await items.selectItems(db, input.itemIds, now()), input.itemIds, first);
    const outSince = input.outSince ?? now();
    if (new Date(input.dueBack) <= new Date(outSince)) throw new ValidationError('Due back before it went out', [{ path: 'body.dueBack', message: 'must be after outSince' }]);
    const bookable = await bookableItems(db, first);
    const id = await q.insertLoan(db, {
      resourceId: first, standalone: claim === null, claimId: claim?.claimId ?? null, activityId: claim?.activityId ?? null,
      holderName: input.holderName, holderEmail: input.holderEmail, outSince, dueBack: input.dueBack, note: input.note,
    }, input.itemIds);
    // A standalone loan takes its items out of the pool quantity while out (a claim's loan is booked already).
    await settlePool(db, first, bookable, now());
    return id;
  }

  return {
    async get(actor: Actor, id: number): Promise<Loan> {
      const loan = await read(pool, id);
      requireUnitRead(actor, found(await items.selectResourceOwner(pool, loan.resourceId), 'resource', loan.resourceId));
      return loan;
    },
    async checkOut(actor: Actor, input: CheckOut): Promise<Loan> {
      try {
        const loan = await audited(pool, actor, { entity, action: 'check_out' }, async (db) => {
          const id = await checkOutIn(db, actor, input);
          return { after: await read(db, id), entityId: id };
        });
        return loan!;
      } catch (error) {
        // The backstop index: only reachable if a path forgot the pool lock.
        if (error instanceof ConflictError && error.details?.['constraint'] === 'loan_items_out_key') throw new ConflictError('item_on_loan', 'An item is already on loan');
        throw error;
      }
    },
    async checkIn(actor: Actor, id: number, input: CheckIn): Promise<Loan> {
      const loan = await audited(pool, actor, { entity, action: 'check_in' }, async (db) => {
        const resourceId = found(await q.selectLoanResource(db, id), entity, id);
        const locked = await lockPool(db, resourceId);
        requireUnitWrite(actor, locked.unitId);
        const before = await read(db, id);
        const out = new Set(before.items.filter((i) => i.returnedAt === null).map((i) => i.itemId));
        const notOut = input.itemIds.filter((itemId) => !out.has(itemId));
        if (notOut.length > 0) throw new ValidationError('Not out on this loan', notOut.map((itemId) => ({ path: 'body.itemIds', message: `item ${itemId} is not out on loan ${id}` })));
        const bookable = await bookableItems(db, resourceId);
        const returned = await q.returnLines(db, id, input.itemIds, input.note, now());
        if (input.note.trim() !== '') await items.setItemsCondition(db, returned, input.note);
        await settlePool(db, resourceId, bookable, now());
        return { before, after: await read(db, id), entityId: id };
      });
      return loan!;
    },
    /** "Where is everything now": the unit's pools with their items and holders, and its open loans. */
    async custody(actor: Actor, unitId: number): Promise<Custody> {
      requireUnitRead(actor, unitId);
      found(await selectUnit(pool, unitId), 'unit', unitId);
      const pools = await q.selectUnitPools(pool, unitId);
      const ids = pools.map((p) => p.resourceId);
      const all = await items.selectItemsOfResources(pool, ids, now());
      const openLoans = await q.selectOpenLoansOfResources(pool, ids, now());
      return { unitId, pools: pools.map((p) => ({ ...p, items: all.filter((i) => i.resourceId === p.resourceId) })), openLoans };
    },
  };
}
export type LoansService = ReturnType<typeof loansService>;
