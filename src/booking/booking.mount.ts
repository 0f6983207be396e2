import { API, type Mounting } from '../http/mount.ts';
import type { BookingOptions } from './holds.ts';
import { bookingCommands, type BookingCommands } from './commands.ts';
import { approvalsService } from './approvals.service.ts';
import { approvalsRoutes } from './approvals.routes.ts';
import { approvalQueueRoutes } from './approvals.queue.routes.ts';
import { approvalQueueService } from './approvals.queue.ts';
import { preferencesRoutes } from './email-preferences.routes.ts';
import { preferencesService } from './email-preferences.service.ts';
import { decisionNotifier, staffListener } from './staff.emails.ts';

/**
 * The activity aggregate's own routes: approve / decline a claim, the approval queue, each user's
 * choice of staff emails; the staff emails about approvals follow activity changes (after the
 * participants' listener, as they always did). Answers the command API (commands.ts) for features
 * that book without the HTTP API (plan accept). Its email kinds: src/emails.ts; the hold sweep: src/background.ts.
 */
export function mountBooking(ctx: Mounting, booking: BookingOptions): BookingCommands {
  const { api, registry, pool, clock, events } = ctx;
  events.after(staffListener(clock));
  api.use(approvalsRoutes(registry, API, approvalsService(pool, events, booking, decisionNotifier(clock))));
  api.use(approvalQueueRoutes(registry, API, approvalQueueService(pool)));
  api.use(preferencesRoutes(registry, API, preferencesService(pool, clock)));
  return bookingCommands(events, booking);
}
