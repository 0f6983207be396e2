import { API, type Mounting } from '../http/mount.ts';
import { reportsRoutes } from './reports.routes.ts';
import { reportsService } from './reports.service.ts';

/** Programme reports and their exports (/reports); `feedTimeZone` is the zone they count days in. */
export function mountReports(ctx: Mounting, settings: { feedTimeZone: string }): void {
  ctx.api.use(reportsRoutes(ctx.registry, API, reportsService(ctx.pool, ctx.clock, settings.feedTimeZone)));
}
