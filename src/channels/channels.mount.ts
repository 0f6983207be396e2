import { API, type Mounting } from '../http/mount.ts';
import { channelsRoutes } from './channels.routes.ts';
import { channelsService } from './channels.service.ts';

/** Group-robot channels of units and classes (/channels…); `allowPrivate` lets robots on private addresses (tests, intranets). */
export function mountChannels(ctx: Mounting, settings: { allowPrivate: boolean }): void {
  ctx.api.use(channelsRoutes(ctx.registry, API, channelsService(ctx.pool, ctx.clock, { allowPrivate: settings.allowPrivate })));
}
