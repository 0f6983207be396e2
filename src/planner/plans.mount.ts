import { API, type Mounting } from '../http/mount.ts';
import type { BookingCommands } from '../booking/commands.ts';
import type { ClassesService } from '../classes/classes.service.ts';
import { plansRoutes } from './plans.routes.ts';
import { plansService, type PlansService } from './plans.service.ts';
import { highsSolver } from './solver/highs.ts';

/** The term planner's plans (/plans): solved by HiGHS, accepted with booking's commands; recovery of a dead process's plan is a periodic job (src/background.ts). */
export function mountPlanner(ctx: Mounting, deps: { booking: BookingCommands; classes: ClassesService; owner?: string | undefined; onPlans?: ((plans: PlansService) => void) | undefined }): void {
  const plans = plansService({ pool: ctx.pool, solver: highsSolver, log: ctx.log, clock: ctx.clock, booking: deps.booking, classes: deps.classes, ...(deps.owner ? { owner: deps.owner } : {}) });
  deps.onPlans?.(plans);
  ctx.api.use(plansRoutes(ctx.registry, API, plans));
}
