import { API, type Mounting } from '../http/mount.ts';
import { deliveriesRoutes } from './deliveries.routes.ts';
import { deliveriesService } from './deliveries.service.ts';

/** The outbox as organizers see it (/deliveries); `listed`: the kinds its list filters by (EmailKinds.listed, src/emails.ts). */
export function mountNotifications(ctx: Mounting, listed: readonly string[]): void {
  ctx.api.use(deliveriesRoutes(ctx.registry, API, deliveriesService(ctx.pool, ctx.clock), listed));
}
