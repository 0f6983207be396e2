import { parentPort, workerData } from 'node:worker_threads';
// The package's types describe its CommonJS build; its ES module build has the loader as `default` too.
import * as highsJs from 'highs';
import type { Highs } from 'highs';

/**
 * Runs one HiGHS solve off the main thread (HiGHS blocks the thread it runs on). Posts progress from
 * the MIP logging callback and then the result: status, objective, bound, gap and the value of every
 * column by name.
 */
interface Job {
  lp: string;
  timeLimitSeconds: number;
  relativeGap: number;
  module: WebAssembly.Module;
  start?: Record<string, number>;
}

const job = workerData as Job;
const highs = await (highsJs.default as unknown as (o: { wasmModule: WebAssembly.Module }) => Promise<Highs>)({ wasmModule: job.module });
const model = highs.createModel({ format: 'lp', data: job.lp });
const started = performance.now();
try {
  // A fixed random_seed (and this build's single thread) keep the same model solving to the same plan.
  model.options.set({ output_flag: false, time_limit: job.timeLimitSeconds, mip_rel_gap: job.relativeGap, random_seed: 1 });
  if (job.start && Object.keys(job.start).length > 0) {
    // A feasible start (the greedy plan): HiGHS keeps it as its first incumbent.
    const names = Object.keys(job.start).sort();
    try {
      model.setSolution({ indices: Int32Array.from(names.map((n) => model.getColByName(n))), values: Float64Array.from(names.map((n) => job.start![n]!)) });
    } catch {
      // Not a usable start (a column left out by presolve, say): solve from scratch.
    }
  }
  let lastPost = 0;
  model.run({
    [highs.constants.callbackType.mipLogging](event) {
      const now = performance.now();
      if (now - lastPost < 250) return;
      lastPost = now;
      parentPort!.postMessage({ type: 'progress', seconds: (now - started) / 1000, gap: event.data.mip_gap ?? null, objective: event.data.mip_primal_bound ?? null, bound: event.data.mip_dual_bound ?? null });
    },
  });
  const status = Object.entries(highs.constants.modelStatus).find(([, code]) => code === model.getModelStatus())?.[0] ?? 'unknown';
  const solution = model.getSolution();
  const values: Record<string, number> = {};
  for (let i = 0; i < solution.colValue.length; i++) if (solution.colValue[i]! > 0.5) values[model.getColName(i)] = solution.colValue[i]!;
  const info = (name: string) => Number(model.info.get(name));
  parentPort!.postMessage({
    type: 'done', status, objective: model.getObjectiveValue(), bound: info('mip_dual_bound'), gap: info('mip_gap'),
    seconds: (performance.now() - started) / 1000, values,
  });
} finally {
  model.dispose();
}
