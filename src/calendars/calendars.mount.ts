import { API, type Mounting } from '../http/mount.ts';
import { calendarsRoutes } from './calendars.routes.ts';
import { calendarsService } from './calendars.service.ts';

/** Calendar entries: holidays, exam weeks, opening hours (/calendar-entries). */
export function mountCalendars(ctx: Mounting): void {
  ctx.api.use(calendarsRoutes(ctx.registry, API, calendarsService(ctx.pool)));
}
