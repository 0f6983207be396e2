import { API, type Mounting } from '../http/mount.ts';
import type { BookingOptions } from '../booking/holds.ts';
import { activitiesRoutes } from './activities.routes.ts';
import { activitiesService, type ActivitiesService } from './activities.service.ts';
import { occurrencesRoutes } from './occurrences.routes.ts';
import { occurrencesService } from './occurrences.service.ts';

/** Activities and their occurrences through the API (/activities…); answers the service (allocation books with it). */
export function mountActivities(ctx: Mounting, booking: BookingOptions): ActivitiesService {
  const activities = activitiesService(ctx.pool, ctx.events, booking);
  ctx.api.use(activitiesRoutes(ctx.registry, API, activities));
  ctx.api.use(occurrencesRoutes(ctx.registry, API, occurrencesService(ctx.pool, ctx.events, booking)));
  return activities;
}
