import { API, type Mounting } from '../http/mount.ts';
import type { ActivitiesService } from '../activities/activities.service.ts';
import type { ClassesService } from '../classes/classes.service.ts';
import { offersRoutes } from './offers.routes.ts';
import { offersService } from './offers.service.ts';
import { allocationService } from './allocation.service.ts';

/** Offers, applications and their allocation (/offers, /applications). */
export function mountAllocation(ctx: Mounting, deps: { activities: ActivitiesService; classes: ClassesService }): void {
  const offers = offersService(ctx.pool, ctx.clock);
  ctx.api.use(offersRoutes(ctx.registry, API, offers, allocationService({ pool: ctx.pool, clock: ctx.clock, activities: deps.activities, classes: deps.classes, offers })));
}
