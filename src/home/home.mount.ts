import { API, type Mounting } from '../http/mount.ts';
import { homeRoutes } from './home.routes.ts';
import { homeService } from './home.service.ts';

/** The organizer home (GET /home). */
export function mountHome(ctx: Mounting): void {
  ctx.api.use(homeRoutes(ctx.registry, API, homeService(ctx.pool, ctx.clock)));
}
