import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Progress, SolveResult, Solver } from '../model/plan.ts';

const WORKER = new URL('./highs.worker.ts', import.meta.url);

let compiled: Promise<WebAssembly.Module> | null = null;
/** HiGHS compiled once per process (about a second); each worker instantiates the compiled module. */
function wasmModule(): Promise<WebAssembly.Module> {
  compiled ??= readFile(createRequire(import.meta.url).resolve('highs/runtime')).then((bytes) => WebAssembly.compile(bytes));
  return compiled;
}

/**
 * The planner's solver: HiGHS (WebAssembly) in a worker thread, so a solve never blocks the event loop.
 * The worker is ended when the time limit has passed by a margin without an answer (HiGHS stops itself
 * at the limit; the margin covers loading the model).
 */
export const highsSolver: Solver = async (lp, options, onProgress) => solveIn(await wasmModule(), lp, options, onProgress);

const solveIn = (module: WebAssembly.Module, lp: string, options: Parameters<Solver>[1], onProgress: Parameters<Solver>[2]) => new Promise<SolveResult>((resolve, reject) => {
  const worker = new Worker(WORKER, { workerData: { lp, module, ...options } });
  const guard = setTimeout(() => void worker.terminate().then(() => reject(new Error('the solver did not answer in time'))), (options.timeLimitSeconds + 30) * 1000);
  worker.on('message', (message: ({ type: 'progress' } & Progress) | ({ type: 'done' } & SolveResult)) => {
    if (message.type === 'progress') {
      onProgress?.(message);
      return;
    }
    clearTimeout(guard);
    const { type: _type, ...result } = message;
    resolve(result);
    void worker.terminate();
  });
  worker.once('error', (error) => {
    clearTimeout(guard);
    reject(error);
  });
  worker.once('exit', (code) => {
    clearTimeout(guard);
    if (code !== 0) reject(new Error(`the solver stopped with exit code ${code}`));
  });
});
