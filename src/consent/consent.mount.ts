import { API, type Mounting } from '../http/mount.ts';
import type { LinkSigner } from '../auth/signed-links.ts';
import type { ActivityKind } from '../shared/types.ts';
import type { PlanningSettings } from '../registrations/reminders.ts';
import { consentService, type ConsentService } from './consent.service.ts';
import { consentRoutes } from './consent.routes.ts';
import { consentPages } from './consent.pages.ts';

/** Guardian consent: the API and the guardian's page. Answers the service, whose hooks registrations call. Its email kinds: src/emails.ts. */
export function mountConsent(ctx: Mounting, deps: { settings: PlanningSettings; signer: LinkSigner; kinds: readonly ActivityKind[]; reminderHours: number; personalData: { registrationDays: number } }): ConsentService {
  const { personalData, ...consentDeps } = deps;
  const consent = consentService({ pool: ctx.pool, clock: ctx.clock, ...consentDeps });
  ctx.api.use(consentRoutes(ctx.registry, API, consent));
  ctx.pages.use(consentPages(consent, personalData));
  return consent;
}
