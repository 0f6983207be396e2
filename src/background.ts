import type { Config } from './config.ts';
import type { Pool } from './db/pool.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';
import type { ActivityEvents } from './shared/activity-events.ts';
import type { PeriodicJob } from './shared/periodic.ts';
import { startPeriodicJobs, type PeriodicRunner } from './jobs/periodic.ts';
import { approvalsService } from './booking/approvals.service.ts';
import { holdSweepJob } from './booking/holds.sweeper.ts';
import { retentionJob } from './retention/retention.ts';
import { personalDataJob } from './privacy/personal-data.ts';
import { planRecoveryJob } from './planner/plans.recover.ts';
import { highsSolver } from './planner/solver/highs.ts';
import { overdueLoansJob } from './loans/overdue.sweep.ts';
import { subscriptionRefreshJob } from './imports/subscriptions.refresher.ts';
import { readinessService } from './readiness/readiness.service.ts';
import { readinessJob } from './readiness/readiness.sweep.ts';

export interface BackgroundDeps {
  config: Config;
  pool: Pool;
  log: Logger;
  clock: Clock;
  /** The server's activity events, with the app's listeners (reminders, notices) registered. */
  events: ActivityEvents;
  /** This process, as recorded in periodic_jobs and plan leases. */
  owner: string;
}

/**
 * Every periodic job of Orrery: each runs once per interval across all `serve` processes
 * (src/jobs/periodic.ts). A new sweep is one more line here.
 */
export function periodicJobs(deps: BackgroundDeps): PeriodicJob[] {
  const { config, pool, log, clock, events } = deps;
  return [
    holdSweepJob(approvalsService(pool, events, { clock, holdExpiryHours: config.holdExpiryHours }), log),
    retentionJob(pool, clock, config.retention, log),
    personalDataJob(pool, clock, config.personalData, log),
    planRecoveryJob(pool, highsSolver, log, { owner: deps.owner, clock }),
    overdueLoansJob({ pool, clock }, log),
    subscriptionRefreshJob(pool, clock, { allowPrivate: config.calendarFetchAllowPrivate }, log),
    readinessJob(readinessService({ pool, clock, consentKinds: config.consentKinds, publicBaseUrl: config.publicBaseUrl }), log),
  ];
}

export function startBackground(deps: BackgroundDeps): PeriodicRunner {
  return startPeriodicJobs(deps.pool, periodicJobs(deps), deps.log, { owner: deps.owner });
}
