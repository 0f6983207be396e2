import { API, type Mounting } from '../http/mount.ts';
import type { RateLimitStores } from '../http/rate-limit.ts';
import type { LinkSigner } from '../auth/signed-links.ts';
import type { AttendanceService } from '../attendance/attendance.service.ts';
import type { PlanningSettings } from './reminders.ts';
import { registrationsService, type RegistrationHooks } from './registrations.service.ts';
import { registrationsRoutes } from './registrations.routes.ts';
import { registrationPages } from './registrations.pages.ts';
import { registrantsRoutes } from './registrants.routes.ts';
import { registrantsService } from './registrants.service.ts';
import { participantPortal } from './participant.ts';
import { participantsListener } from './activity-listener.ts';

export interface RegistrationsMountDeps {
  settings: PlanningSettings & { registrationRateLimit: number };
  signer: LinkSigner;
  secret: string;
  publicBaseUrl: string;
  rateLimits: RateLimitStores;
  attendance: AttendanceService;
  /** Hooks into registering (consent, readiness), combined: registrations/hooks.ts. */
  hooks: RegistrationHooks;
  /** The hooks the participants' listener asks when a split copies registrations (consent asks again). */
  listenerHooks: RegistrationHooks;
}

/**
 * Registrations, the waitlist and sessions: the API, the registrants' list, the participant pages,
 * and the listener that tells participants about activity changes. Its email kinds: src/emails.ts.
 */
export function mountRegistrations(ctx: Mounting, deps: RegistrationsMountDeps): void {
  const { pool, clock, api, registry } = ctx;
  ctx.events.on(participantsListener(deps.settings, clock, deps.listenerHooks));
  const registrations = registrationsService({ pool, clock, settings: deps.settings, signer: deps.signer, noShows: deps.attendance.noShowCounts, hooks: deps.hooks });
  api.use(registrationsRoutes(registry, API, registrations, { registrationRateLimit: deps.settings.registrationRateLimit, rateLimits: deps.rateLimits }), registrantsRoutes(registry, API, registrantsService({ pool, clock, registrations })));
  const portal = participantPortal({ pool, clock, signer: deps.signer, registrations, secret: deps.secret, publicBaseUrl: deps.publicBaseUrl, attendance: deps.attendance });
  ctx.pages.use(registrationPages(registrations, portal));
}
