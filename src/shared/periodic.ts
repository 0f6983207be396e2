/**
 * A periodic job: background work that runs every `everyMs` once across all Orrery processes, not
 * once per process (the runner in src/jobs/ claims each round in the database). A round must be
 * idempotent, since a process that dies mid-round leaves it to the next round, and should finish
 * well within `everyMs`: a round still running when the next is due may overlap it elsewhere.
 * Features export their jobs; src/background.ts lists them.
 */
export interface PeriodicJob<T = unknown> {
  /** Stable name: the row in periodic_jobs that records when the job runs next. */
  name: string;
  everyMs: number;
  run(): Promise<T>;
  /** Reports a round's result (log lines); failures are logged by the runner. */
  done?(result: T): void;
}

/** Keeps a job's result type while listing jobs of different result types together. */
export const periodicJob = <T>(job: PeriodicJob<T>): PeriodicJob => job as PeriodicJob;
