import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { repeat } from '../shared/repeat.ts';
import { refreshCalendarSubscriptions } from './subscriptions.service.ts';

/**
 * Refreshes subscribed calendars every 10 minutes in the server process, each at most hourly: a
 * timetable changes a few times a term, and an unchanged one costs a 304. The round itself is
 * `refreshCalendarSubscriptions` (testable with an injected clock).
 */
export function startSubscriptionRefresher(pool: Pool, clock: Clock, log: Logger, intervalMs = 600_000): { stop(): Promise<void> } {
  return repeat(intervalMs, () => refreshCalendarSubscriptions(pool, clock), {
    done: (counts) => {
      if (counts.changed + counts.failed > 0) log.info({ module: 'subscriptions', ...counts }, 'calendar subscriptions refreshed');
    },
    failed: (error) => log.error({ module: 'subscriptions', err: error }, 'calendar subscription refresh failed'),
  });
}
