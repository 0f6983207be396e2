import { API, type Mounting } from '../http/mount.ts';
import { unitsRoutes } from './units.routes.ts';
import { unitsService } from './units.service.ts';

/** Units: the academy, its units and schools (GET/POST/PATCH /units). */
export function mountUnits(ctx: Mounting): void {
  ctx.api.use(unitsRoutes(ctx.registry, API, unitsService(ctx.pool)));
}
