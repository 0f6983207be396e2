import type { RegistrationHooks } from './registrations.service.ts';

/**
 * Several features extend registering (consent asks a guardian, readiness closes registering after
 * the head count): their hooks run in the order given, each in the registration's transaction; the
 * activity asks for a guardian's email if any of them says so.
 */
export function combineHooks(...all: RegistrationHooks[]): RegistrationHooks {
  return {
    requiresConsent: (activity) => all.some((h) => h.requiresConsent?.(activity) ?? false),
    async registered(db, e) {
      for (const h of all) await h.registered?.(db, e);
    },
    async followed(db, e) {
      for (const h of all) await h.followed?.(db, e);
    },
  };
}
