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
import { rightsService } from './privacy/rights.service.ts';
import { personLinks } from './privacy/person-link.ts';
import { linkSigner, resolveSecret } from './auth/signed-links.ts';
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
    // Erasures a crash interrupted are carried out first, then the retention's anonymisation.
    personalDataJob(pool, clock, config.personalData, log, undefined, erasures(deps).resume),
    planRecoveryJob(pool, highsSolver, log, { owner: deps.owner, clock }),
    overdueLoansJob({ pool, clock }, log),
    subscriptionRefreshJob(pool, clock, { allowPrivate: config.calendarFetchAllowPrivate }, log),
    readinessJob(readinessService({ pool, clock, consentKinds: config.consentKinds, publicBaseUrl: config.publicBaseUrl }), log),
  ];
}

/** The family's erasure requests (src/privacy/rights.service.ts), for resuming the pending ones. */
function erasures({ config, pool, clock }: BackgroundDeps) {
  const secret = resolveSecret(config);
  return rightsService({ pool, clock, links: personLinks(secret), signer: linkSigner(secret), settings: { ...config, linkHours: config.personalData.linkHours } });
}

export function startBackground(deps: BackgroundDeps): PeriodicRunner {
  return startPeriodicJobs(deps.pool, periodicJobs(deps), deps.log, { owner: deps.owner });
}
