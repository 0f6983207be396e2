import { API, type Mounting } from '../http/mount.ts';
import { classesRoutes } from './classes.routes.ts';
import { classesService, type ClassesService } from './classes.service.ts';

/** Classes and groups (/classes); answers the service, which the planner and allocation link activities with. */
export function mountClasses(ctx: Mounting): ClassesService {
  const classes = classesService(ctx.pool);
  ctx.api.use(classesRoutes(ctx.registry, API, classes));
  return classes;
}
