import { API, type Mounting } from '../http/mount.ts';
import type { ActivityKind } from '../shared/types.ts';
import type { RegistrationHooks } from '../registrations/registrations.service.ts';
import { readinessService } from './readiness.service.ts';
import { readinessRoutes } from './readiness.routes.ts';

/** Readiness of visits leaving the school (/activities/{id}/readiness…). Answers its registration hooks: after the head count, only the organizer registers people. Its job: src/background.ts; its email kind: src/emails.ts. */
export function mountReadiness(ctx: Mounting, deps: { consentKinds: readonly ActivityKind[]; publicBaseUrl: string }): RegistrationHooks {
  const readiness = readinessService({ pool: ctx.pool, clock: ctx.clock, ...deps });
  ctx.api.use(readinessRoutes(ctx.registry, API, readiness));
  return readiness.hooks;
}
