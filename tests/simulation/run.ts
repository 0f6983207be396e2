import { DateTime } from 'luxon';
import * as act from './actions.ts';
import type { Sim } from './actions.ts';
import { applyHoldSweep, checkBookings, checkMail, checkSchedule, checkState, nextHoldExpiry } from './checks.ts';
import { InvariantError, tolerated } from './failure.ts';
import * as feeds from './feeds.ts';
import { bookIntoGap } from './gaps.ts';
import { CLIENTS, checkPublicList, poll, resetClients } from './feeds.ts';
import { Model, MINUTE } from './model.ts';
import { Rng } from './prng.ts';
import { startWorld, ZONE } from './world.ts';

export interface SimOptions { seed: number; weeks: number; rate: number; start?: string }
export interface SimSummary { phases: Record<string, number>; steps: number; actions: number; emails: number; reminders: number; activities: number; registrations: number; feedPolls: number; stateChecks: number; spurious200: number; seconds: number; cpuSeconds: number; tolerated: Record<string, number> }

const ACTIONS = {
  book: act.book, move: act.move, cancelOrRestore: act.cancelOrRestore, split: act.split, editClaim: act.editClaim,
  bookIntoGap, calendarEntry: act.calendarEntry, decide: act.decide, register: act.register, leave: act.leave, growCapacity: act.growCapacity,
};
/** Steps without any change still get the full state check this often. */
const FULL_CHECK_EVERY = 10;
const WEIGHTS: Record<keyof typeof ACTIONS, number> = { book: 4, move: 2, cancelOrRestore: 1, split: 0.5, editClaim: 1, bookIntoGap: 2, calendarEntry: 0.5, decide: 2, register: 7, leave: 2, growCapacity: 0.5 };

/**
 * The next step's end: 40–120 simulated minutes on during the school day (07:30–18:00 Beijing), jumping
 * over empty nights and weekends to the next school morning. Reminders and hold expiries due meanwhile
 * still stop the clock at their own instant (see runTerm), so nothing due is skipped.
 */
function nextStep(rng: Rng, now: number): number {
  let next = DateTime.fromMillis(now + rng.int(40, 120) * MINUTE, { zone: ZONE });
  if (next.weekday <= 5 && next.hour * 60 + next.minute >= 450 && next.hour < 18) return next.toMillis();
  if (next.hour >= 18) next = next.plus({ days: 1 });
  while (next.weekday > 5) next = next.plus({ days: 1 });
  return next.set({ hour: 7, minute: 30 + rng.int(0, 29), second: 0, millisecond: 0 }).toMillis();
}

/** Plays one term; throws an Error naming the seed, the step, the action and the recent log when an invariant breaks. */
export async function runTerm(options: SimOptions): Promise<SimSummary> {
  const began = Date.now();
  const cpu = process.cpuUsage();
  const rng = new Rng(options.seed);
  const w = await startWorld(options.start ?? '2027-02-21T00:00:00Z');
  const m = new Model();
  for (const r of w.resources) m.resources.set(r.id, { id: r.id, unitId: r.unitId, quantity: r.quantity, exclusive: r.kind !== 'equipment' });
  const recent: string[] = [];
  let step = 0;
  const checked = { writes: -1, mails: -1 };
  let current = 'start';
  const s: Sim = { w, m, rng, now: () => w.clock.now().toMillis(), log: (e) => void recent.push(e), emailSeq: 1 };
  const seen = { index: 0, sequences: new Map<string, number>(), ids: new Set<string>() };
  const summary: SimSummary = { phases: {}, steps: 0, actions: 0, emails: 0, reminders: 0, activities: 0, registrations: 0, feedPolls: 0, stateChecks: 0, spurious200: 0, seconds: 0, cpuSeconds: 0, tolerated };
  for (const k of Object.keys(tolerated)) tolerated[k as keyof typeof tolerated] = 0;
  resetClients();
  const end = s.now() + options.weeks * 7 * 1440 * MINUTE;
  const stamp = () => DateTime.fromMillis(s.now(), { zone: ZONE }).toFormat("yyyy-MM-dd ccc HH:mm");
  const note = (e: string) => {
    recent.push(`[${step} ${stamp()}] ${e}`);
    if (recent.length > 40) recent.shift();
  };
  let mark = Date.now();
  const phase = (name: string) => {
    const t = Date.now();
    summary.phases[name] = (summary.phases[name] ?? 0) + t - mark;
    mark = t;
  };
  // The worker runs when something may be due: after a writing request (confirmations, notices), when
  // the model has a reminder due, and every FULL_CHECK_EVERY steps (so anything the model does not
  // expect still shows up, in checkMail, within a few steps).
  let drained = -1;
  const sendDue = async () => {
    if (w.writes() !== drained || m.nextDue(-Infinity, s.now()) !== null || step % FULL_CHECK_EVERY === 0) {
      current = 'worker sends what is due';
      drained = w.writes();
      await w.sendDue();
    }
    checkMail(s, seen);
    phase('sweep+worker');
  };
  try {
    while (s.now() < end) {
      step++;
      const stepEnd = nextStep(rng, s.now());
      const interrupt = [m.nextDue(s.now(), stepEnd), nextHoldExpiry(s, s.now(), stepEnd)].filter((x): x is number => x !== null);
      const at = Math.min(stepEnd, ...interrupt);
      w.clock.set(DateTime.fromMillis(at, { zone: 'utc' }));
      current = 'hold sweep';
      const released = await w.sweepHolds();
      applyHoldSweep(s, released);
      phase('sweep+worker');
      if (at === stepEnd) {
        for (let i = 0; i < options.rate; i++) {
          const name = rng.weighted(WEIGHTS);
          current = name;
          note(`${name}: ${await ACTIONS[name](s)}`);
          summary.actions++;
        }
        phase('actions');
        await sendDue();
        current = 'feed clients poll';
        for (const feed of w.feeds) for (const client of CLIENTS) {
          if (rng.chance(0.04)) {
            await poll(s, feed, client);
            summary.feedPolls++;
          }
        }
        if (step % 25 === 0) await checkPublicList(s);
        if (rng.chance(0.2)) await checkSchedule(s);
        phase('feeds+api');
      } else await sendDue();
      // The stored state can only have changed through a writing request, a hold sweep that released
      // something or the worker sending (deliveries): check it then, and in full every FULL_CHECK_EVERY steps.
      const changed = w.writes() !== checked.writes || released.length > 0 || w.smtp.messages.length !== checked.mails;
      if (changed || step % FULL_CHECK_EVERY === 0) {
        current = 'state checks';
        await checkBookings(s);
        await checkState(s);
        checked.writes = w.writes();
        checked.mails = w.smtp.messages.length;
        summary.stateChecks++;
        phase('state');
      }
    }
    current = 'final feed polls';
    for (const feed of w.feeds) for (const client of CLIENTS) await poll(s, feed, client);
    await checkPublicList(s);
  } catch (error) {
    const invariant = error instanceof InvariantError ? error.message : `unexpected error: ${(error as Error).stack ?? String(error)}`;
    const report = [
      `term simulation failed: ORRERY_SIM_SEED=${options.seed} ORRERY_SIM_WEEKS=${options.weeks} ORRERY_SIM_RATE=${options.rate}`,
      `at step ${step} (${stamp()} Beijing, ${w.clock.now().toISO()}) during "${current}", after ${Math.round((Date.now() - began) / 1000)} s (${Math.round((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6)} s CPU)`,
      `broken: ${invariant}`,
      'recent actions:', ...recent.map((r) => `  ${r}`),
      `replay: ORRERY_SIM_SEED=${options.seed} ORRERY_SIM_WEEKS=${options.weeks} ORRERY_SIM_RATE=${options.rate} npm test -- tests/simulation/term.test.ts`,
    ].join('\n');
    await w.close().catch(() => undefined);
    throw new Error(report);
  }
  summary.steps = step;
  summary.spurious200 = feeds.spurious200;
  summary.emails = w.smtp.messages.length;
  summary.reminders = m.usedReminders.size;
  summary.activities = m.activities.size;
  summary.registrations = [...m.activities.values()].reduce((n, a) => n + a.regs.length, 0);
  summary.seconds = Math.round((Date.now() - began) / 100) / 10;
  const used = process.cpuUsage(cpu);
  summary.cpuSeconds = Math.round((used.user + used.system) / 1e5) / 10;
  await w.close();
  return summary;
}
export { Model };
