import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { withTransaction, type PoolClient } from '../db/pool.ts';
import { inSavepoint } from '../db/savepoint.ts';
import { audited } from '../audit/audited.ts';
import { selectCommitments } from '../commitments/commitments.queries.ts';
import type { Commitment } from '../commitments/commitments.schema.ts';
import { selectClassesByIds } from '../classes/classes.queries.ts';
import type { PlansDeps } from './plans.deps.ts';
import * as q from './plans.queries.ts';
import { occurrenceTitle } from './titles.ts';
import type { Acceptance, Plan } from './plans.schema.ts';
import { itemActivity } from './recheck.ts';
import { publish } from '../webhooks/events.ts';

/**
 * Books every item of an accepted plan through booking's commands (booking/commands.ts `create`,
 * `edit`), each with its audit row (audit/audited.ts), one activity per item:
 * created as a draft with its claims (other units' resources wait for their approval), given its
 * classes, then moved to the commitment's status — which runs the booking engine's checks and the
 * class constraint. An item the world no longer has room for is refused and nothing of it is kept.
 *
 * Each item is ONE transaction (a unit of work): the plan's row locked, the item skipped when an
 * outcome for it is already recorded, its booking (activity, occurrences, claims, classes, status,
 * their audit rows, the plan_bookings row) under a savepoint, and its outcome appended to the plan's
 * `acceptance`. A crash between items leaves whole items booked and the plan `accepting`; accepting
 * it again books the rest. Two accepts at once take the items in turn and book each once.
 */
type Item = NonNullable<Plan['result']>['items'][number];
type ItemOutcome = Acceptance[number];

const refused = (key: string, code: string, message: string): ItemOutcome => ({ key, outcome: 'refused', activityId: null, status: null, code, message });

async function bookItem(deps: PlansDeps, tx: PoolClient, actor: Actor, plan: Plan, c: Commitment, item: Item): Promise<ItemOutcome> {
  const classes = await selectClassesByIds(tx, item.classIds);
  const grades = [...new Set(classes.map((k) => k.grade).filter((g): g is number => g !== null))];
  try {
    return await inSavepoint(tx, async () => {
      const input = itemActivity(c, item, {
        title: occurrenceTitle(c, classes.map((k) => k.name), item.index), description: { 'zh-CN': '', en: `Planned by plan ${plan.id} (${plan.term}), item ${item.key}` },
        status: 'draft', visibility: 'public', audienceGrades: grades,
      });
      const draft = (await audited(deps.pool, actor, { entity: 'activity', action: 'create' }, (db) => deps.booking.create(db, actor, input), tx))!;
      await deps.classes.setActivityClasses(actor, draft.id, item.classIds, tx);
      const booked = (await audited(deps.pool, actor, { entity: 'activity', action: 'update' }, (db) => deps.booking.edit(db, actor, draft.id, { status: c.status }), tx))!;
      await q.insertPlanBooking(tx, plan.id, item, draft.id);
      return { key: item.key, outcome: 'booked', activityId: draft.id, status: booked.status, code: null, message: null };
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const code = error.details?.constraint === 'class_bookings_overlap' ? 'class_conflict' : error.code;
    return refused(item.key, code, error.message);
  }
}

function decideItem(deps: PlansDeps, tx: PoolClient, actor: Actor, plan: Plan, c: Commitment | undefined, item: Item): Promise<ItemOutcome> | ItemOutcome {
  if (item.accepted) return { key: item.key, outcome: 'kept', activityId: null, status: null, code: null, message: 'booked by an earlier plan' };
  // A plan made before past weeks were left out, or accepted days later: a past time is never booked.
  if (Date.parse(item.start) < deps.clock.now().toMillis()) return refused(item.key, 'past', 'this time is already past');
  if (!c) return refused(item.key, 'not_found', `commitment ${item.commitmentId} no longer exists`);
  return bookItem(deps, tx, actor, plan, c, item);
}

/** Books the items of an `accepting` plan that have no outcome yet, then marks the plan accepted. */
export async function acceptPlan(deps: PlansDeps, actor: Actor, plan: Plan): Promise<void> {
  const commitments = new Map((await selectCommitments(deps.pool, plan.term)).map((c) => [c.id, c]));
  const items = plan.result!.items;
  for (const item of items) {
    await withTransaction(deps.pool, async (tx) => {
      const { status, acceptance } = await q.lockAcceptance(tx, plan.id);
      if (status !== 'accepting' || acceptance.some((a) => a.key === item.key)) return;
      await q.appendAcceptance(tx, plan.id, await decideItem(deps, tx, actor, plan, commitments.get(item.commitmentId), item));
    });
  }
  await withTransaction(deps.pool, async (tx) => {
    const { status, acceptance } = await q.lockAcceptance(tx, plan.id);
    const byKey = new Map(acceptance.map((a) => [a.key, a]));
    if (status === 'accepting' && items.every((i) => byKey.has(i.key))) {
      const outcomes = items.map((i) => byKey.get(i.key)!);
      await q.finishAcceptance(tx, plan.id, outcomes);
      await publish(tx, deps.clock.now().toUTC().toISO()!, { type: 'plan.accepted', data: { planId: plan.id, term: plan.term, items: outcomes.length }, scope: { unitIds: [], classIds: [] } });
    }
  });
}
