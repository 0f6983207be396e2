import { API, type Mounting } from '../http/mount.ts';
import { commitmentsRoutes } from './commitments.routes.ts';
import { commitmentsService } from './commitments.service.ts';

/** What the agreement promises for a term (/commitments). */
export function mountCommitments(ctx: Mounting): void {
  ctx.api.use(commitmentsRoutes(ctx.registry, API, commitmentsService(ctx.pool)));
}
