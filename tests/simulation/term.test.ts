import { describe, expect, it } from 'vitest';
import { runTerm } from './run.ts';

/**
 * One school term in simulated time, with seeded random actions of every actor through HTTP and an
 * independent model checked after every step (see docs/testing.md). ORRERY_SIM_SEED picks one seed
 * (default: the three CI seeds), ORRERY_SIM_WEEKS the length (default 20), ORRERY_SIM_RATE the actions
 * per step (default 2). A failure prints the seed, the step, the action and the recent log.
 */
const seeds = process.env.ORRERY_SIM_SEED ? process.env.ORRERY_SIM_SEED.split(',').map((v) => Number(v.trim())) : [20270221, 7, 424242];
const weeks = Number(process.env.ORRERY_SIM_WEEKS ?? 20);
const rate = Number(process.env.ORRERY_SIM_RATE ?? 2);

describe('a term in simulated time', () => {
  for (const seed of seeds) {
    it(`seed ${seed}: ${weeks} weeks, ${rate} action(s) a step, every invariant after every step`, async () => {
      const summary = await runTerm({ seed, weeks, rate });
      console.log(`term simulation seed ${seed}: ${JSON.stringify(summary)}`);
      expect(summary.actions).toBeGreaterThan(0);
      expect(summary.reminders).toBeGreaterThan(0);
    }, 600_000);
  }
});
