import type { Actor } from '../shared/actor.ts';
import { found } from '../shared/errors.ts';
import { requireUnitWrite, signedIn } from '../shared/policy.ts';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import { selectCommitments } from '../commitments/commitments.queries.ts';
import { acceptPlan } from './plans.accept.ts';
import * as q from './plans.queries.ts';
import { runPlan, type PlanJob } from './plans.run.ts';
import { randomBytes } from 'node:crypto';
import type { Plan, PlanCreate } from './plans.schema.ts';
import type { PlansDeps } from './plans.deps.ts';

export type { PlansDeps };


const entity = 'plan';

export function plansService(deps: PlansDeps) {
  const { pool } = deps;
  const jobs = new Map<number, Promise<void>>();
  const owner = { owner: deps.owner ?? `plans:${randomBytes(6).toString('hex')}`, clock: deps.clock };
  const present = ({ options: _o, ...plan }: Plan & { options?: unknown }): Plan => plan;

  async function requireTermWrite(actor: Actor, term: string): Promise<void> {
    signedIn(actor);
    const commitments = await selectCommitments(pool, term);
    if (commitments.length === 0) throw new ValidationError('Nothing to plan', [{ path: 'body.term', message: `term ${term} has no commitments` }]);
    for (const unitId of new Set(commitments.map((c) => c.organizerUnitId))) requireUnitWrite(actor, unitId);
  }

  function start(plan: PlanJob): void {
    const job = runPlan(pool, deps.solver, deps.log, plan, owner).finally(() => jobs.delete(plan.id));
    jobs.set(plan.id, job);
  }

  async function load(planId: number) {
    return found(await q.selectPlan(pool, planId), entity, planId);
  }

  return {
    /** Resolves when the plan's job (if any) has finished; for shutdown and tests. */
    settled: async (planId?: number) => { await Promise.all(planId === undefined ? [...jobs.values()] : [jobs.get(planId)]); },

    async create(actor: Actor, input: PlanCreate): Promise<Plan> {
      await requireTermWrite(actor, input.term);
      const options = { timeLimitSeconds: input.timeLimitSeconds, stepMinutes: input.stepMinutes };
      const plan = await q.insertPlan(pool, input.term, options, actor.label);
      start({ ...plan, options });
      return plan;
    },
    get: async (planId: number) => present(await load(planId)),
    list: async (term: string | undefined) => q.selectPlans(pool, term ?? null),

    async pin(actor: Actor, planId: number, key: string): Promise<Plan> {
      const plan = await load(planId);
      await requireTermWrite(actor, plan.term);
      if (plan.status !== 'done' || !plan.result) throw new ConflictError('plan_not_ready', 'Only a finished plan can be changed');
      const item = plan.result.items.find((i) => i.key === key);
      if (!item) throw new ValidationError('Unknown item', [{ path: 'body.key', message: `plan ${planId} places no item ${key}` }]);
      const pinned = [...plan.pinned.filter((p) => p.key !== key), { key, start: Date.parse(item.start), resourceIds: item.resourceIds, accepted: false }];
      await q.setPinned(pool, planId, pinned.sort((a, b) => a.key.localeCompare(b.key)));
      return present(await load(planId));
    },
    async unpin(actor: Actor, planId: number, key: string): Promise<Plan> {
      const plan = await load(planId);
      await requireTermWrite(actor, plan.term);
      await q.setPinned(pool, planId, plan.pinned.filter((p) => p.key !== key));
      return present(await load(planId));
    },
    /** Plans again with today's commitments, calendars and bookings, keeping pinned and accepted items. */
    async replan(actor: Actor, planId: number): Promise<Plan> {
      const plan = await load(planId);
      await requireTermWrite(actor, plan.term);
      const refuse = (status: Plan['status']) => {
        if (status === 'queued' || status === 'running') return new ConflictError('plan_not_ready', 'The plan is still being computed');
        return new ConflictError('plan_accepted', status === 'accepting' ? 'The plan is being accepted; accept it again to finish' : 'An accepted plan is booked; create a new plan for the term');
      };
      if (!['done', 'failed'].includes(plan.status)) throw refuse(plan.status);
      // Checked and changed in one statement: an accept that began meanwhile wins.
      if (!(await q.requeuePlan(pool, planId))) throw refuse((await load(planId)).status);
      start(plan);
      return present(await load(planId));
    },
    /**
     * Books the plan's items (plans.accept.ts). A plan left `accepting` (the process died part-way) is
     * accepted again by the same call: the items already booked are kept, the rest are booked.
     */
    async accept(actor: Actor, planId: number) {
      const plan = await load(planId);
      await requireTermWrite(actor, plan.term);
      const refuse = (status: Plan['status']) => (status === 'accepted'
        ? new ConflictError('plan_accepted', 'This plan was accepted already')
        : new ConflictError('plan_not_ready', 'Only a finished plan can be accepted'));
      if (!['done', 'accepting'].includes(plan.status) || !plan.result) throw refuse(plan.status);
      const accepting = await q.beginAcceptance(pool, planId);
      if (!accepting) throw refuse((await load(planId)).status);
      await acceptPlan(deps, actor, accepting);
      return present(await load(planId));
    },
  };
}
export type PlansService = ReturnType<typeof plansService>;
