import { API, type Mounting } from '../http/mount.ts';
import { schedulingRoutes } from './scheduling.routes.ts';
import { schedulingService } from './scheduling.service.ts';

/** Free-slot search (/scheduling). */
export function mountScheduling(ctx: Mounting): void {
  ctx.api.use(schedulingRoutes(ctx.registry, API, schedulingService(ctx.pool)));
}
