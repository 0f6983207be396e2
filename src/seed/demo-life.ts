import { DateTime } from 'luxon';
import { systemActor } from '../shared/actor.ts';
import { loadActivity } from '../booking/activity.present.ts';
import { demoTerm, schoolYearStart, type DemoTerm } from './demo-terms.ts';
import { servicesAt, stopped, type DemoLifeDeps } from './demo-life-services.ts';
import { seedDemoPeople } from './demo-life-people.ts';
import { seedDemoDesk } from './demo-life-desk.ts';

/*
 * The living demo term (issue 25): what a school's autumn looks like by today. The term's commitments
 * (demo-term.ts) are planned and accepted through the planner at the start of term and their claims
 * approved by the lending units; people register, sessions that are over have their attendance
 * marked and teacher training its certificates; equipment is out on loan (one loan overdue); a
 * request waits for its approval and a hold is about to lapse.
 *
 * Every step is a use case of the services the API uses, each in its own transaction, run with a
 * clock set to the moment it happened in the story (a `FixedClock`): the planner plans from the
 * start of term, a teacher registers a week before the session, attendance is marked after it. Story
 * moments are offsets from the school year (like the rest of the demo) or from `now`, so the demo is
 * never stale. Idempotent: a step finds what it made on an earlier run and leaves it.
 */
/** Plans the demo term at the start of term, accepts it, and has the lending units approve its claims. */
async function planTerm(deps: DemoLifeDeps, demo: DemoTerm): Promise<number> {
  const term = demo.code;
  const now = deps.clock.now();
  // The coordinator plans a week into the term, before the first commitment's window opens (the
  // coming term: now, and the planner leaves out what is already past).
  const planned = DateTime.min(now, demo.start.plus({ days: 7 }).set({ hour: 9 }));
  const { plans } = servicesAt(deps, planned);
  const earlier = await plans.list(term);
  if (earlier.some((p) => p.status === 'accepted')) return 0;
  let plan = earlier.find((p) => p.status === 'accepting') ?? (await plans.create(systemActor, { term, timeLimitSeconds: 10, stepMinutes: 60 }));
  await plans.settled(plan.id);
  plan = await plans.get(plan.id);
  if (plan.status !== 'done' && plan.status !== 'accepting') {
    deps.log.warn({ module: 'seed', planId: plan.id, status: plan.status, error: plan.error }, 'demo term: the plan did not finish; the term stays unplanned');
    return 0;
  }
  if (stopped(deps)) return 0;
  const accepted = await plans.accept(systemActor, plan.id);
  // The lending units agree within the hour (each decision its own use case, as on the approvals page).
  const { approvals } = servicesAt(deps, planned.plus({ hours: 2 }));
  let booked = 0;
  for (const outcome of accepted.acceptance ?? []) {
    if (outcome.activityId === null || stopped(deps)) continue;
    booked++;
    const activity = await loadActivity(deps.pool, outcome.activityId);
    for (const claim of activity.claims.filter((c) => c.approval === 'pending')) {
      await approvals.approve(systemActor, activity.id, claim.id, 'agreed in the cooperation agreement');
    }
  }
  return booked;
}

/** Tells the demo term up to today. Returns what each step made (0 when it was there already). */
export async function seedDemoLife(deps: DemoLifeDeps): Promise<{ planned: number; registrations: number; marked: number; loans: number; requests: number }> {
  const yearStart = schoolYearStart(deps.clock.now());
  const planned = await planTerm(deps, demoTerm(deps.clock.now()));
  const people = stopped(deps) ? { registrations: 0, marked: 0 } : await seedDemoPeople(deps, yearStart);
  const desk = stopped(deps) ? { loans: 0, requests: 0 } : await seedDemoDesk(deps);
  return { planned, ...people, ...desk };
}
