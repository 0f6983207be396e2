import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { selectCommitments } from '../commitments/commitments.queries.ts';
import type { Commitment } from '../commitments/commitments.schema.ts';
import { selectClassesByIds } from '../classes/classes.queries.ts';
import type { PlansDeps } from './plans.deps.ts';
import * as q from './plans.queries.ts';
import { occurrenceTitle } from './titles.ts';
import type { Acceptance, Plan } from './plans.schema.ts';
import { claimsOf } from './recheck.ts';

/**
 * Books every item of an accepted plan through the normal booking path, one activity per item:
 * created as a draft with its claims (other units' resources wait for their approval), given its
 * classes, then moved to the commitment's status — which runs the booking engine's checks and the
 * class constraint. An item the world no longer has room for is refused and its draft removed.
 */
type ItemOutcome = Acceptance[number];

async function bookItem(deps: PlansDeps, actor: Actor, plan: Plan, c: Commitment, item: NonNullable<Plan['result']>['items'][number], classes: { grade: number | null; name: { 'zh-CN': string; en: string } }[]): Promise<ItemOutcome> {
  const grades = [...new Set(classes.map((k) => k.grade).filter((g): g is number => g !== null))];
  const claims = claimsOf(c, item).filter((_claim, i) => !(c.venueId && i === 0));
  let activityId: number | null = null;
  try {
    const draft = await deps.activities.create(actor, {
      kind: c.kind, title: occurrenceTitle(c, classes.map((k) => k.name), item.index), description: { 'zh-CN': '', en: `Planned by plan ${plan.id} (${plan.term}), item ${item.key}` },
      organizerUnitId: c.organizerUnitId, venueId: c.venueId ?? null, startsAt: item.start, endsAt: item.end, timeZone: c.timeZone,
      allDay: c.allDayDays !== undefined, status: 'draft', visibility: 'public', capacity: null, audienceGrades: grades, languages: ['zh-CN'], claims,
    });
    activityId = draft.id;
    await deps.classes.setActivityClasses(actor, draft.id, item.classIds);
    const booked = await deps.activities.update(actor, draft.id, { status: c.status });
    await q.insertPlanBooking(deps.pool, plan.id, item, draft.id);
    return { key: item.key, outcome: 'booked', activityId: draft.id, status: booked.status, code: null, message: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (activityId !== null) await deps.activities.remove(actor, activityId).catch(() => undefined);
    const code = error.details?.constraint === 'class_bookings_overlap' ? 'class_conflict' : error.code;
    return { key: item.key, outcome: 'refused', activityId: null, status: null, code, message: error.message };
  }
}

export async function acceptPlan(deps: PlansDeps, actor: Actor, plan: Plan): Promise<Acceptance> {
  const commitments = new Map((await selectCommitments(deps.pool, plan.term)).map((c) => [c.id, c]));
  const out: Acceptance = [];
  for (const item of plan.result!.items) {
    const c = commitments.get(item.commitmentId);
    if (item.accepted) {
      out.push({ key: item.key, outcome: 'kept', activityId: null, status: null, code: null, message: 'booked by an earlier plan' });
      continue;
    }
    if (!c) {
      out.push({ key: item.key, outcome: 'refused', activityId: null, status: null, code: 'not_found', message: `commitment ${item.commitmentId} no longer exists` });
      continue;
    }
    out.push(await bookItem(deps, actor, plan, c, item, await selectClassesByIds(deps.pool, item.classIds)));
  }
  return out;
}
