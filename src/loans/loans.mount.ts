import { API, type Mounting } from '../http/mount.ts';
import { loansRoutes } from './loans.routes.ts';
import { itemsService } from './items.service.ts';
import { loansService } from './loans.service.ts';

/** Items of equipment pools and their loans (/items, /loans); the overdue sweep is a periodic job (src/background.ts). */
export function mountLoans(ctx: Mounting): void {
  ctx.api.use(loansRoutes(ctx.registry, API, itemsService(ctx.pool, ctx.clock), loansService(ctx.pool, ctx.clock)));
}
