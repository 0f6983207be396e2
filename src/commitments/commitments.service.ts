import type { Pool, Queryable } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { found } from '../shared/errors.ts';
import { requireUnitWrite } from '../shared/policy.ts';
import { ValidationError, type FieldIssue } from '../shared/errors.ts';
import { selectUnit } from '../units/units.queries.ts';
import { selectClassesByIds } from '../classes/classes.queries.ts';
import * as q from './commitments.queries.ts';
import type { Commitment, CommitmentInput } from './commitments.schema.ts';

const entity = 'commitment';

/** The checks that need the database: the unit, the classes and the resources exist and fit. */
export async function checkReferences(db: Queryable, c: CommitmentInput): Promise<void> {
  const issues: FieldIssue[] = [];
  if (!(await selectUnit(db, c.organizerUnitId))) issues.push({ path: 'body.organizerUnitId', message: `unit ${c.organizerUnitId} does not exist` });
  const classes = new Set((await selectClassesByIds(db, c.classIds)).map((k) => k.id));
  c.classIds.forEach((id, i) => { if (!classes.has(id)) issues.push({ path: `body.classIds.${i}`, message: `class ${id} does not exist` }); });
  const named = [...(c.venueId ? [c.venueId] : []), ...c.needs.flatMap((n) => n.anyOf ?? (n.resourceId !== undefined ? [n.resourceId] : []))];
  const resources = new Map((await q.selectResourceFacts(db, named)).map((r) => [r.id, r]));
  if (c.venueId) {
    const venue = resources.get(c.venueId);
    if (!venue) issues.push({ path: 'body.venueId', message: `resource ${c.venueId} does not exist` });
    else if (venue.kind !== 'venue') issues.push({ path: 'body.venueId', message: `resource ${c.venueId} is not a venue` });
  }
  for (const [i, n] of c.needs.entries()) {
    const ids = n.anyOf ?? (n.resourceId !== undefined ? [n.resourceId] : []);
    for (const [j, rid] of ids.entries()) {
      const path = n.resourceId !== undefined ? `body.needs.${i}.resourceId` : `body.needs.${i}.anyOf.${j}`;
      const r = resources.get(rid);
      if (!r) issues.push({ path, message: `resource ${rid} does not exist` });
      else if (n.quantity > r.quantity) issues.push({ path: `body.needs.${i}.quantity`, message: `the pool holds ${r.quantity}; ${n.quantity} needed` });
    }
    if (n.staffOfUnit !== undefined && (await q.selectUnitStaff(db, n.staffOfUnit, n.category ?? null)).length === 0) {
      issues.push({ path: `body.needs.${i}.staffOfUnit`, message: `unit ${n.staffOfUnit} has no staff${n.category ? ` of category ${n.category}` : ''}` });
    }
  }
  if (issues.length > 0) throw new ValidationError('Invalid commitment', issues);
}

export function commitmentsService(pool: Pool) {
  return {
    list: (term: string | undefined) => q.selectCommitments(pool, term ?? null),
    async get(commitmentId: number): Promise<Commitment> {
      return found(await q.selectCommitment(pool, commitmentId), entity, commitmentId);
    },
    async create(actor: Actor, input: CommitmentInput): Promise<Commitment> {
      requireUnitWrite(actor, input.organizerUnitId);
      const created = await audited(pool, actor, { entity, action: 'create' }, async (db) => {
        await checkReferences(db, input);
        const after = await q.insertCommitment(db, input);
        return { after, entityId: after.id };
      });
      return created!;
    },
    async replace(actor: Actor, commitmentId: number, input: CommitmentInput): Promise<Commitment> {
      const before = await this.get(commitmentId);
      requireUnitWrite(actor, before.organizerUnitId);
      requireUnitWrite(actor, input.organizerUnitId);
      const updated = await audited(pool, actor, { entity, action: 'update' }, async (db) => {
        await checkReferences(db, input);
        return { before, after: await q.replaceCommitment(db, commitmentId, input), entityId: commitmentId };
      });
      return updated!;
    },
    async remove(actor: Actor, commitmentId: number): Promise<void> {
      const before = await this.get(commitmentId);
      requireUnitWrite(actor, before.organizerUnitId);
      await audited(pool, actor, { entity, action: 'delete' }, async (db) => {
        await q.deleteCommitment(db, commitmentId);
        return { before, entityId: commitmentId };
      });
    },
  };
}
export type CommitmentsService = ReturnType<typeof commitmentsService>;
