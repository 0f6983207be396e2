import type { DateTime } from 'luxon';
import type { Pool } from '../db/pool.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../shared/logger.ts';
import { FixedClock, type Clock } from '../shared/clock.ts';
import { ActivityEvents } from '../shared/activity-events.ts';
import { activitiesService } from '../activities/activities.service.ts';
import { approvalsService } from '../booking/approvals.service.ts';
import { bookingCommands } from '../booking/commands.ts';
import { classesService } from '../classes/classes.service.ts';
import { plansService } from '../planner/plans.service.ts';
import { highsSolver } from '../planner/solver/highs.ts';
import { linkSigner, resolveSecret } from '../auth/signed-links.ts';
import { checkInSigner } from '../attendance/code.ts';
import { registrationsService } from '../registrations/registrations.service.ts';
import { consentService } from '../consent/consent.service.ts';
import { attendanceService } from '../attendance/attendance.service.ts';
import { certificatesService } from '../certificates/certificates.service.ts';

/**
 * The services of the living demo term (demo-life.ts), composed as app.ts composes them, with a clock
 * standing at the moment a step of the story happens.
 */
export interface DemoLifeDeps {
  pool: Pool;
  /** Today: the demo is told up to this moment. */
  clock: Clock;
  config: Config;
  log: Logger;
  /** Aborted when the server stops: the story ends after its current step. */
  signal?: AbortSignal;
}

/** Whether the server is stopping: the story ends after its current step. */
export const stopped = (deps: DemoLifeDeps): boolean => deps.signal?.aborted === true;

/** A set of services whose clock stands at `at` (the moment a step of the story happens). */
export function servicesAt(deps: DemoLifeDeps, at: DateTime) {
  const clock = new FixedClock(at);
  const booking = { clock, holdExpiryHours: deps.config.holdExpiryHours };
  const events = new ActivityEvents();
  const activities = activitiesService(deps.pool, events, booking);
  return {
    clock,
    activities,
    approvals: approvalsService(deps.pool, events, booking),
    plans: plansService({ pool: deps.pool, solver: highsSolver, log: deps.log, clock, booking: bookingCommands(events, booking), classes: classesService(deps.pool) }),
  };
}

export function peopleAt(deps: DemoLifeDeps, at: DateTime) {
  const { pool, config } = deps;
  const clock = new FixedClock(at);
  const signer = linkSigner(resolveSecret(config));
  const consent = consentService({ pool, clock, settings: config, signer, kinds: config.consentKinds, reminderHours: config.consentReminderHours });
  const certificates = certificatesService({ pool, clock, signer, publicBaseUrl: config.publicBaseUrl });
  const attendance = attendanceService({ pool, clock, checkIn: checkInSigner(resolveSecret(config)), onChange: certificates.reissue });
  const registrations = registrationsService({ pool, clock, settings: config, signer, noShows: attendance.noShowCounts, hooks: consent.hooks });
  return { registrations, attendance, certificates };
}

