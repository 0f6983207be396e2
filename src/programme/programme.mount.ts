import { API, type Mounting } from '../http/mount.ts';
import { programmeRoutes } from './programme.routes.ts';

/** GET /programme. */
export function mountProgramme(ctx: Mounting): void {
  ctx.api.use(programmeRoutes(ctx.registry, API, ctx.pool));
}
