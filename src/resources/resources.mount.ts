import { API, type Mounting } from '../http/mount.ts';
import { resourcesRoutes } from './resources.routes.ts';
import { resourcesService } from './resources.service.ts';

/** Venues, staff and equipment pools (/resources). */
export function mountResources(ctx: Mounting): void {
  ctx.api.use(resourcesRoutes(ctx.registry, API, resourcesService(ctx.pool, ctx.clock)));
}
