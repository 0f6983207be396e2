import { API, type Mounting } from '../http/mount.ts';
import { feedsRoutes } from './feeds.routes.ts';
import { feedsService } from './feeds.service.ts';
import { activityFileRoutes } from './activity-file.ts';

/**
 * Feed management (/feeds) and one activity's .ics (/activities/{id}/calendar.ics). The feed files
 * calendar apps poll are mounted by app.ts before compression (feeds.files.ts); `forget` drops a
 * changed feed from their cache.
 */
export function mountFeeds(ctx: Mounting, deps: { publicBaseUrl: string; secret: string; forget: (feedId: number) => void }): void {
  ctx.api.use(activityFileRoutes(ctx.registry, API, ctx.pool, deps.publicBaseUrl));
  ctx.api.use(feedsRoutes(ctx.registry, API, feedsService(ctx.pool, { publicBaseUrl: deps.publicBaseUrl, secret: deps.secret, onChange: deps.forget })));
}
