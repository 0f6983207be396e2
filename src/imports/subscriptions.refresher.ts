import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { periodicJob, type PeriodicJob } from '../shared/periodic.ts';
import { refreshCalendarSubscriptions } from './subscriptions.service.ts';
import type { FetchPolicy } from './subscriptions.fetch.ts';

/**
 * Refreshes subscribed calendars every 10 minutes, once across all serve processes (src/background.ts),
 * each subscription at most hourly: a timetable changes a few times a term, and an unchanged one costs
 * a 304. The round itself is `refreshCalendarSubscriptions` (testable with an injected clock).
 */
export function subscriptionRefreshJob(pool: Pool, clock: Clock, policy: FetchPolicy, log: Logger, everyMs = 600_000): PeriodicJob {
  return periodicJob({
    name: 'calendar-subscriptions',
    everyMs,
    run: () => refreshCalendarSubscriptions(pool, clock, policy),
    done: (counts) => {
      if (counts.changed + counts.failed > 0) log.info({ module: 'subscriptions', ...counts }, 'calendar subscriptions refreshed');
    },
  });
}
