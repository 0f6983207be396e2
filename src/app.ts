import express, { type Express } from 'express';
import { securityHeaders } from './http/security-headers.ts';
import type { Config } from './config.ts';
import type { Pool } from './db/pool.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';
import { ActivityEvents } from './shared/activity-events.ts';
import { RouteRegistry } from './http/route.ts';
import { API, type Mounting } from './http/mount.ts';
import { apiDocs } from './http/api-docs.ts';
import { apiRouter } from './http/api-router.ts';
import { errorHandler } from './http/problem.ts';
import { databaseRateLimits, sharedRateLimits, type RateLimitStores } from './http/rate-limit.ts';
import { noStore, notFound, requestLogging } from './http/middleware.ts';
import { compressResponses } from './http/compression.ts';
import { version } from './version.ts';
import { healthRoutes } from './health/health.routes.ts';
import { webRoutes } from './web/web.routes.ts';
import { authService, type AuthService, type SignInMailer } from './auth/auth.service.ts';
import { authenticate } from './auth/auth.middleware.ts';
import { linkSigner, resolveSecret } from './auth/signed-links.ts';
import { mountAuth } from './auth/auth.mount.ts';
import { mountUnits } from './units/units.mount.ts';
import { mountResources } from './resources/resources.mount.ts';
import { mountLoans } from './loans/loans.mount.ts';
import { mountActivities } from './activities/activities.mount.ts';
import { mountBooking } from './booking/booking.mount.ts';
import { mountCalendars } from './calendars/calendars.mount.ts';
import { mountImports } from './imports/imports.mount.ts';
import { mountScheduling } from './scheduling/scheduling.mount.ts';
import { mountClasses } from './classes/classes.mount.ts';
import { mountCommitments } from './commitments/commitments.mount.ts';
import { mountPlanner } from './planner/plans.mount.ts';
import type { PlansService } from './planner/plans.service.ts';
import { mountAllocation } from './allocation/allocation.mount.ts';
import { mountAudit } from './audit/audit.mount.ts';
import { mountReports } from './reports/reports.mount.ts';
import { mountProgramme } from './programme/programme.mount.ts';
import { mountCertificates } from './certificates/certificates.mount.ts';
import { mountConsent } from './consent/consent.mount.ts';
import { consentFlags } from './consent/consent.flags.ts';
import { mountReadiness } from './readiness/readiness.mount.ts';
import { mountAttendance } from './attendance/attendance.mount.ts';
import { mountRoster } from './roster/roster.mount.ts';
import { mountRegistrations } from './registrations/registrations.mount.ts';
import { mountPrivacy } from './privacy/privacy.mount.ts';
import { combineHooks } from './registrations/hooks.ts';
import { mountNotifications } from './notifications/notifications.mount.ts';
import { emailKindsFor } from './emails.ts';
import { mountHome } from './home/home.mount.ts';
import { mountFeeds } from './feeds/feeds.mount.ts';
import { mountWebhooks } from './webhooks/webhooks.mount.ts';
import { mountChannels } from './channels/channels.mount.ts';
import { feedFiles as feedFilesOf } from './feeds/feeds.files.ts';
import type { FeedChanges } from './feeds/changes.ts';
import { documentFeedFile } from './feeds/feeds.openapi.ts';

export interface AppDeps {
  config: Config;
  pool: Pool;
  log: Logger;
  clock: Clock;
  /** Listeners to activity changes (reminders, notices); a fresh registry when not given. */
  events?: ActivityEvents;
  /** Sends emailed sign-in links. */
  signInMailer?: SignInMailer;
  /** Change notifications that let feed revalidations be answered from memory (src/feeds/changes.ts). */
  feedChanges?: FeedChanges;
  /** This process's name in plan leases (src/jobs/periodic.ts processOwner); random when not given. */
  owner?: string;
  /** The live serve processes (src/jobs/instances.ts), which split the read limits; 1 when not given. */
  instances?: () => number;
  /** Receives the app's plans service (tests wait for plan jobs with it). */
  onPlans?: (plans: PlansService) => void;
}

export { API };

/** What the features share beyond `Mounting`: made by buildApp before the API router exists. */
interface Shared {
  auth: AuthService;
  rateLimits: RateLimitStores;
  /** Drops a changed feed from the feed files' cache (feeds.files.ts). */
  forgetFeed: (feedId: number) => void;
}

/**
 * The table of contents: each feature's `mount()` (`src/<feature>/*.mount.ts`, given the shared
 * `Mounting` of http/mount.ts and what it needs of others), in the order its routes are matched and
 * documented. Periodic jobs are listed in background.ts, email kinds in emails.ts (other processes run them).
 */
function mountFeatures(ctx: Mounting, deps: AppDeps, { auth, rateLimits, forgetFeed }: Shared): void {
  const { config } = deps;
  const { publicBaseUrl, consentKinds } = config;
  const secret = resolveSecret(config);
  const signer = linkSigner(secret);
  const booking = { clock: deps.clock, holdExpiryHours: config.holdExpiryHours };
  const emailKinds = emailKindsFor(config);

  mountAuth(ctx, auth, { secureCookies: publicBaseUrl.startsWith('https:'), signInRateLimit: config.signInRateLimit, rateLimits });
  mountUnits(ctx);
  mountResources(ctx);
  mountLoans(ctx);
  const activities = mountActivities(ctx, booking);
  const commands = mountBooking(ctx, booking);
  mountCalendars(ctx);
  mountImports(ctx, { booking, publicBaseUrl, calendarFetchAllowPrivate: config.calendarFetchAllowPrivate });
  mountScheduling(ctx);
  const classes = mountClasses(ctx);
  mountCommitments(ctx);
  mountPlanner(ctx, { booking: commands, classes, owner: deps.owner, onPlans: deps.onPlans });
  mountAllocation(ctx, { activities, classes });
  mountAudit(ctx);
  mountReports(ctx, { feedTimeZone: config.feedTimeZone, emailKinds: emailKinds.words });
  mountProgramme(ctx);
  // Participants: certificates and consent first (attendance reissues certificates; registering asks for consent and readiness).
  const certificates = mountCertificates(ctx, { signer, publicBaseUrl, personalData: config.personalData });
  const consent = mountConsent(ctx, { settings: config, signer, kinds: consentKinds, reminderHours: config.consentReminderHours, personalData: config.personalData });
  const readinessHooks = mountReadiness(ctx, { consentKinds, publicBaseUrl });
  const attendance = mountAttendance(ctx, { secret, onChange: certificates.reissue, flagger: consentFlags });
  mountRoster(ctx, { secret, consentKinds, onAttendance: certificates.reissue });
  mountRegistrations(ctx, { settings: config, signer, secret, publicBaseUrl, rateLimits, attendance, hooks: combineHooks(readinessHooks, consent.hooks), listenerHooks: consent.hooks });
  mountPrivacy(ctx, { secret, signer, settings: { ...config, linkHours: config.personalData.linkHours } });
  mountNotifications(ctx, emailKinds.listed);
  mountHome(ctx);
  mountFeeds(ctx, { publicBaseUrl, secret, forget: forgetFeed });
  mountWebhooks(ctx, { allowPrivate: config.webhookAllowPrivate });
  mountChannels(ctx, { allowPrivate: config.webhookAllowPrivate });
}

/**
 * Builds the Express app without listening; tests and main.ts both use this: HTTP plumbing, the
 * features (mountFeatures), then pages, API docs and the web app.
 */
export function buildApp(deps: AppDeps): Express {
  const { config, pool, log, clock } = deps;
  const events = deps.events ?? new ActivityEvents();
  // One limit for all instances: exact in the database (sign-in, registration); for reads (feeds, the API), without a write, each instance's share.
  const [rateLimits, readLimits] = [databaseRateLimits(pool), sharedRateLimits(deps.instances ?? (() => 1))];
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');

  app.use(requestLogging(log));
  // Calendar apps poll feeds outside the API, before compression and the HTML headers (src/feeds/feeds.files.ts).
  const feedFiles = feedFilesOf(config, { pool, clock, changes: deps.feedChanges, readLimits });
  app.use(feedFiles.router);
  // Upgrading subresources to https would break a plain-http install (localhost, intranet).
  const https = config.publicBaseUrl.startsWith('https:');
  app.use(compressResponses());
  app.use(securityHeaders({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: https ? [] : null } }, hsts: https }));
  app.use(healthRoutes(pool));

  const registry = new RouteRegistry();
  documentFeedFile(registry);
  const auth = authService(pool, clock, config, deps.signInMailer ?? (async () => log.warn({ module: 'auth' }, 'no mailer configured: sign-in link not sent')));
  const api = apiRouter(config, { pool, clock, readLimits, registry, authenticate: authenticate(auth) });
  const ctx: Mounting = { pool, clock, log, events, registry, api, pages: express.Router() };
  mountFeatures(ctx, deps, { auth, rateLimits, forgetFeed: feedFiles.publisher.forget });
  app.use(API, api);

  // Sign-in links and participants' signed links open pages with personal data and secrets.
  app.use(['/auth', '/registrations', '/teachers', '/organizer/attendance', '/consent', '/privacy'], noStore);
  app.use(ctx.pages);
  app.use(apiDocs(app, registry, { version, serverUrl: config.publicBaseUrl }));
  app.use(webRoutes());

  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
