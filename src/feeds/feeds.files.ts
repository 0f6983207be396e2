import { Router } from 'express';
import type { Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import { securityHeaders } from '../http/security-headers.ts';
import type { RateLimitStores } from '../http/rate-limit.ts';
import type { FeedChanges } from './changes.ts';
import { feedPublisher, type FeedPublisher } from './feeds.publish.ts';
import { feedFileRoutes } from './feeds.routes.ts';

export interface FeedFilesSettings {
  publicBaseUrl: string;
  feedPastDays: number;
  feedSchoolYearEnd: string;
  feedCancelledDays: number;
  feedTimeZone: string;
  feedRateLimitPerMinute: number;
}

/** Feeds are calendar data, never rendered as a page: only the headers that matter for them. */
function feedSecurityHeaders(https: boolean) {
  return securityHeaders({ contentSecurityPolicy: false, crossOriginOpenerPolicy: false, crossOriginResourcePolicy: false,
    originAgentCluster: false, xDnsPrefetchControl: false, xDownloadOptions: false, xFrameOptions: false, xPermittedCrossDomainPolicies: false,
    xXssProtection: false, hsts: https, referrerPolicy: { policy: 'no-referrer' } });
}

/**
 * The feed files calendar apps poll (`/feeds/…`), mounted before the app's compression and HTML
 * headers: no session, no JSON, their own per-token rate limit, the headers that matter for
 * calendar data (a fifth of a feed 304), and their own compression. Returns the publisher too,
 * whose `forget` the feeds API calls when a feed changes.
 */
export function feedFiles(settings: FeedFilesSettings, deps: { pool: Pool; clock: Clock; changes?: FeedChanges | undefined; readLimits: RateLimitStores }): { router: Router; publisher: FeedPublisher } {
  const publisher = feedPublisher(deps.pool, deps.clock, {
    publicBaseUrl: settings.publicBaseUrl,
    window: { pastDays: settings.feedPastDays, schoolYearEnd: settings.feedSchoolYearEnd, cancelledDays: settings.feedCancelledDays, timeZone: settings.feedTimeZone },
    // Rendered feeds kept in memory; ~0.5 MB per 1,000 events.
    cacheBytes: 64 * 1024 * 1024,
    changes: deps.changes,
  });
  const router = Router();
  router.use('/feeds', feedSecurityHeaders(settings.publicBaseUrl.startsWith('https:')));
  router.use(feedFileRoutes(publisher, { perMinute: settings.feedRateLimitPerMinute, rateLimits: deps.readLimits }));
  return { router, publisher };
}
