import { API, type Mounting } from '../http/mount.ts';
import type { BookingOptions } from '../booking/holds.ts';
import { classesService } from '../classes/classes.service.ts';
import { importsRoutes } from './imports.routes.ts';
import { importsService } from './imports.service.ts';
import { exportService } from './export.service.ts';
import { subscriptionsRoutes } from './subscriptions.routes.ts';
import { subscriptionsService } from './subscriptions.service.ts';

/** CSV imports, a unit's export and external calendar subscriptions (/imports, /units/{id}/export, /subscriptions); their refresh is a periodic job (src/background.ts). */
export function mountImports(ctx: Mounting, settings: { booking: BookingOptions; publicBaseUrl: string; calendarFetchAllowPrivate: boolean }): void {
  const { api, registry, pool, clock, events } = ctx;
  api.use(importsRoutes(registry, API, importsService(pool, { events, booking: settings.booking, classes: classesService(pool) }), exportService(pool, settings.publicBaseUrl)));
  api.use(subscriptionsRoutes(registry, API, subscriptionsService(pool, clock, { allowPrivate: settings.calendarFetchAllowPrivate })));
}
