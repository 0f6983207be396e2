import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { allocate } from '../src/allocation/allocate.ts';
import { allocateFirstCome } from '../src/allocation/first-come.ts';
import type { Fairness } from '../src/allocation/allocation.model.ts';
import { generatedOffer } from './lib/city.ts';
import { scaled, summary } from './lib/summary.ts';

/**
 * The allocation core on one oversubscribed offer: 300 slots of 4 classes among 1,500 schools' 6,000
 * classes (bench/lib/city.ts, seeded), with a cap of 3 places a school, and first come, first served on
 * the same applications in the same run (the baseline: what booking at 09:00 gives). Figures: the
 * core's time (goal ≤ 5 s; this is the pure core only — booking each slot through the engine is not in
 * this figure yet), schools with ≥ 1 place and Jain's index for both.
 */
const schools = scaled(1500, 300);
const { slots, applications } = generatedOffer({ slots: scaled(300, 60), schools, classes: scaled(6000, 1200), capacity: 4, seed: 2026 });
const rules = { perSchoolCap: 3, districtQuotas: {}, termPriority: false, termPlaces: {}, seed: 20260901 };

const t0 = performance.now();
const fair = allocate(slots, applications, rules);
const fairSeconds = (performance.now() - t0) / 1000;
const t1 = performance.now();
const fcfs = allocateFirstCome(slots, applications);
const fcfsSeconds = (performance.now() - t1) / 1000;

const line = (name: string, f: Fairness, s: number) =>
  `${name.padEnd(24)} ${s.toFixed(3)} s  schools with ≥ 1 place ${f.schoolsWithPlace}/${f.applyingSchools} (${(f.shareWithPlace * 100).toFixed(1)} %)  Jain ${f.jain.toFixed(3)}  by rank ${f.metByRank.join('/')}  unplaced ${f.unplaced}`;
process.stdout.write(`${slots.length} slots × 4 classes, ${schools} schools, ${applications.length} classes; load ${os.loadavg()[0]!.toFixed(2)}\n`);
process.stdout.write(`${line('fair allocation', fair.fairness, fairSeconds)}\n${line('first come, first served', fcfs.fairness, fcfsSeconds)}\n`);
summary([
  { figure: 'allocate one offer (core only)', value: fairSeconds, unit: 's', goal: { op: '<=', value: 5 }, note: `${applications.length} classes, ${slots.length} slots` },
  { figure: 'schools with ≥ 1 place (fair)', value: fair.fairness.schoolsWithPlace, goal: { op: '>=', value: fcfs.fairness.schoolsWithPlace }, note: `first come: ${fcfs.fairness.schoolsWithPlace}` },
  { figure: "Jain's index (fair)", value: Number(fair.fairness.jain.toFixed(3)), goal: { op: '>=', value: Number(fcfs.fairness.jain.toFixed(3)) }, note: `first come: ${fcfs.fairness.jain.toFixed(3)}` },
]);
