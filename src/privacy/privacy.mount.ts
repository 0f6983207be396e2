import { API, type Mounting } from '../http/mount.ts';
import type { LinkSigner } from '../auth/signed-links.ts';
import type { PlanningSettings } from '../registrations/reminders.ts';
import { rightsService } from './rights.service.ts';
import { rightsRoutes } from './rights.routes.ts';
import { rightsPages } from './rights.pages.ts';
import { personLinks } from './person-link.ts';

/** A family's rights over one person's data (/privacy…): the signed link, corrections, erasure. Its retention job: src/background.ts. */
export function mountPrivacy(ctx: Mounting, deps: { secret: string; signer: LinkSigner; settings: PlanningSettings & { linkHours: number; publicBaseUrl: string } }): void {
  const rights = rightsService({ pool: ctx.pool, clock: ctx.clock, links: personLinks(deps.secret), signer: deps.signer, settings: deps.settings });
  ctx.api.use(rightsRoutes(ctx.registry, API, rights));
  ctx.pages.use(rightsPages(rights));
}
