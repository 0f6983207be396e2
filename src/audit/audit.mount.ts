import { API, type Mounting } from '../http/mount.ts';
import { auditRoutes } from './audit.routes.ts';

/** The audit log API (/audit). */
export function mountAudit(ctx: Mounting): void {
  ctx.api.use(auditRoutes(ctx.registry, API, ctx.pool));
}
