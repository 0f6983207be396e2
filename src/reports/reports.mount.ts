import { API, type Mounting } from '../http/mount.ts';
import { reportsRoutes } from './reports.routes.ts';
import { reportsService } from './reports.service.ts';
import type { EmailKindWords } from './reports.words.ts';

/** Programme reports and their exports (/reports); `feedTimeZone` is the zone they count days in, `emailKinds` the email kinds' names (src/emails.ts). */
export function mountReports(ctx: Mounting, settings: { feedTimeZone: string; emailKinds: EmailKindWords }): void {
  ctx.api.use(reportsRoutes(ctx.registry, API, reportsService(ctx.pool, ctx.clock, settings.feedTimeZone), settings.emailKinds));
}
