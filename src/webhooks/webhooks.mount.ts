import { API, type Mounting } from '../http/mount.ts';
import { webhooksRoutes } from './webhooks.routes.ts';
import { webhooksService } from './webhooks.service.ts';
import { webhookActivityListener } from './activity.listener.ts';

/** Webhook endpoints and their delivery log (/webhooks…), and the listener that publishes activity events (after every other listener, as before). */
export function mountWebhooks(ctx: Mounting, settings: { allowPrivate: boolean }): void {
  ctx.events.after(webhookActivityListener(ctx.clock));
  ctx.api.use(webhooksRoutes(ctx.registry, API, webhooksService(ctx.pool, ctx.clock, { allowPrivate: settings.allowPrivate })));
}
