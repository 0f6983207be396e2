import express, { type Express } from 'express';
import { securityHeaders } from './http/security-headers.ts';
import { rateLimit } from 'express-rate-limit';
import swaggerUi from 'swagger-ui-express';
import type { Config } from './config.ts';
import type { Pool } from './db/pool.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';
import { RouteRegistry } from './http/route.ts';
import { buildOpenApi } from './http/openapi.ts';
import { errorHandler } from './http/problem.ts';
import { TooManyRequestsError } from './shared/errors.ts';
import { noStore, notFound, requestLogging } from './http/middleware.ts';
import { healthRoutes } from './health/health.routes.ts';
import { unitsRoutes } from './units/units.routes.ts';
import { unitsService } from './units/units.service.ts';
import { resourcesRoutes } from './resources/resources.routes.ts';
import { resourcesService } from './resources/resources.service.ts';
import { activitiesRoutes } from './activities/activities.routes.ts';
import { activitiesService, loadActivity } from './activities/activities.service.ts';
import { ActivityEvents } from './shared/activity-events.ts';
import { occurrencesRoutes } from './activities/occurrences.routes.ts';
import { occurrencesService } from './activities/occurrences.service.ts';
import { approvalsService } from './booking/approvals.service.ts';
import { approvalQueueRoutes } from './booking/approvals.queue.routes.ts';
import { approvalQueueService } from './booking/approvals.queue.ts';
import { calendarsRoutes } from './calendars/calendars.routes.ts';
import { calendarsService } from './calendars/calendars.service.ts';
import { schedulingRoutes } from './scheduling/scheduling.routes.ts';
import { schedulingService } from './scheduling/scheduling.service.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { programmeRoutes } from './programme/programme.routes.ts';
import { version } from './version.ts';
import cors from 'cors';
import { webRoutes } from './web/web.routes.ts';
import { authService, type AuthService, type SignInMailer } from './auth/auth.service.ts';
import { authenticate } from './auth/auth.middleware.ts';
import { authApiRoutes, signInPageRoutes } from './auth/auth.routes.ts';
import { idempotency } from './http/idempotency.ts';
import { registrationsRoutes } from './registrations/registrations.routes.ts';
import { registrationPages } from './registrations/registrations.pages.ts';
import { participantPortal } from './registrations/participant.ts';
import { registrationsService } from './registrations/registrations.service.ts';
import { linkSigner, resolveSecret } from './notifications/signing.ts';
import { participantsListener } from './registrations/activity-listener.ts';
import { deliveriesRoutes } from './notifications/deliveries.routes.ts';
import { deliveriesService } from './notifications/deliveries.service.ts';
import { feedFileRoutes, feedsRoutes } from './feeds/feeds.routes.ts';
import { feedsService } from './feeds/feeds.service.ts';
import { feedPublisher } from './feeds/feeds.publish.ts';
import type { FeedChanges } from './feeds/changes.ts';
import { documentFeedFile } from './feeds/feeds.openapi.ts';
import { importsRoutes } from './imports/imports.routes.ts';
import { importsService } from './imports/imports.service.ts';
import { exportService } from './imports/export.service.ts';
import { subscriptionsRoutes } from './imports/subscriptions.routes.ts';
import { subscriptionsService } from './imports/subscriptions.service.ts';
import { classesRoutes } from './classes/classes.routes.ts';
import { classesService } from './classes/classes.service.ts';
import { commitmentsRoutes } from './commitments/commitments.routes.ts';
import { commitmentsService } from './commitments/commitments.service.ts';
import { plansRoutes } from './planner/plans.routes.ts';
import { plansService, type PlansService } from './planner/plans.service.ts';
import { highsSolver } from './planner/solver/highs.ts';

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
  /** Receives the app's plans service (tests wait for plan jobs with it). */
  onPlans?: (plans: PlansService) => void;
}

export const API = '/api/v1';

/** Feeds are calendar data, never rendered as a page: only the headers that matter for them. */
function feedSecurityHeaders(https: boolean) {
  return securityHeaders({ contentSecurityPolicy: false, crossOriginOpenerPolicy: false, crossOriginResourcePolicy: false,
    originAgentCluster: false, xDnsPrefetchControl: false, xDownloadOptions: false, xFrameOptions: false, xPermittedCrossDomainPolicies: false,
    xXssProtection: false, hsts: https, referrerPolicy: { policy: 'no-referrer' } });
}

/** The API's own middleware, in order: no-store, rate limit, CORS, JSON body, who is calling, Idempotency-Key. */
function apiRouter(config: Config, pool: Pool, auth: AuthService, clock: Clock) {
  const api = express.Router();
  api.use(noStore);
  api.use(
    rateLimit({
      windowMs: 60_000,
      limit: config.rateLimitPerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new TooManyRequestsError('Too many requests; slow down')),
    }),
  );
  if (config.corsOrigins.length > 0) {
    api.use(cors({ origin: [...config.corsOrigins], credentials: true, allowedHeaders: ['Content-Type', 'Authorization', 'X-CSRF-Token', 'Idempotency-Key'] }));
  }
  api.use(express.json({ limit: config.bodyLimit, strict: true }));
  api.use(authenticate(auth));
  api.use(idempotency(pool, clock, config.retention));
  return api;
}

/** /openapi.json and the Swagger UI at /docs, from the routes registered so far. */
function apiDocs(registry: RouteRegistry, config: Config) {
  const openapi = buildOpenApi(registry, { version, serverUrl: config.publicBaseUrl });
  const docs = express.Router();
  docs.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  docs.use('/docs', swaggerUi.serve, swaggerUi.setup(openapi, { customSiteTitle: 'Orrery API' }));
  return docs;
}

/** Classes, commitments and the term planner's plans (src/classes, src/commitments, src/planner). */
function plannerApi(registry: RouteRegistry, deps: AppDeps, activities: ReturnType<typeof activitiesService>) {
  const { pool, log } = deps;
  const api = express.Router();
  const classes = classesService(pool);
  api.use(classesRoutes(registry, API, classes));
  api.use(commitmentsRoutes(registry, API, commitmentsService(pool)));
  const plans = plansService({ pool, solver: highsSolver, log, activities, classes });
  deps.onPlans?.(plans);
  api.use(plansRoutes(registry, API, plans));
  return api;
}

/** Builds the Express app without listening; tests and main.ts both use this. */
export function buildApp(deps: AppDeps): Express {
  const { config, pool, log } = deps;
  const events = deps.events ?? new ActivityEvents();
  // Reminders and notices are derived inside each activity change's own transaction.
  events.on(participantsListener(config, deps.clock));
  const signer = linkSigner(resolveSecret(config));
  const registrations = registrationsService({ pool, clock: deps.clock, settings: config, signer });
  const secureCookies = config.publicBaseUrl.startsWith('https:');
  const auth = authService(pool, deps.clock, config, deps.signInMailer ?? (async () => log.warn({ module: 'auth' }, 'no mailer configured: sign-in link not sent')));
  const authOptions = { secureCookies, signInRateLimit: config.signInRateLimit };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');

  app.use(requestLogging(log));
  // Upgrading subresources to https would break a plain-http install (localhost, intranet).
  const https = config.publicBaseUrl.startsWith('https:');
  // Calendar apps fetch feeds outside the API: no session, no JSON, their own per-token rate limit.
  const feedFiles = feedPublisher(pool, deps.clock, {
    publicBaseUrl: config.publicBaseUrl,
    window: { pastDays: config.feedPastDays, schoolYearEnd: config.feedSchoolYearEnd, cancelledDays: config.feedCancelledDays, timeZone: config.feedTimeZone },
    // Rendered feeds kept in memory; ~0.5 MB per 1,000 events.
    cacheBytes: 64 * 1024 * 1024,
    changes: deps.feedChanges,
  });
  // Feeds are calendar data, never rendered as a page: they get the headers that matter for
  // them (nosniff, no referrer, HSTS over https) instead of the HTML-oriented set below, which
  // would cost a fifth of a feed 304 (bench/feeds.bench.ts).
  app.use('/feeds', feedSecurityHeaders(https));
  app.use(feedFileRoutes(feedFiles, { perMinute: config.feedRateLimitPerMinute }));
  app.use(securityHeaders({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: https ? [] : null } }, hsts: https }));
  app.use(healthRoutes(pool));

  const registry = new RouteRegistry();
  documentFeedFile(registry);
  const api = apiRouter(config, pool, auth, deps.clock);
  api.use(authApiRoutes(registry, API, auth, authOptions));
  api.use(unitsRoutes(registry, API, unitsService(pool)));
  api.use(resourcesRoutes(registry, API, resourcesService(pool, deps.clock)));
  const booking = { clock: deps.clock, holdExpiryHours: config.holdExpiryHours };
  const activities = activitiesService(pool, events, booking);
  api.use(activitiesRoutes(registry, API, activities));
  api.use(occurrencesRoutes(registry, API, occurrencesService(pool, events, booking), approvalsService(pool, events, booking, loadActivity)));
  api.use(approvalQueueRoutes(registry, API, approvalQueueService(pool)));
  api.use(calendarsRoutes(registry, API, calendarsService(pool)), importsRoutes(registry, API, importsService(pool, { events, booking, classes: classesService(pool) }), exportService(pool, config.publicBaseUrl)), subscriptionsRoutes(registry, API, subscriptionsService(pool, deps.clock)));
  api.use(schedulingRoutes(registry, API, schedulingService(pool)));
  api.use(plannerApi(registry, deps, activities));
  api.use(auditRoutes(registry, API, pool));
  api.use(programmeRoutes(registry, API, pool));
  api.use(registrationsRoutes(registry, API, registrations, config));
  api.use(deliveriesRoutes(registry, API, deliveriesService(pool, deps.clock)));
  api.use(feedsRoutes(registry, API, feedsService(pool, { publicBaseUrl: config.publicBaseUrl, secret: resolveSecret(config), onChange: feedFiles.forget })));
  app.use(API, api);
  // Sign-in links and participants' signed links open pages with personal data and secrets.
  app.use(['/auth', '/registrations'], noStore);
  app.use(signInPageRoutes(auth, authOptions));
  app.use(registrationPages(registrations, participantPortal({ pool, clock: deps.clock, signer, registrations, secret: resolveSecret(config), publicBaseUrl: config.publicBaseUrl })));

  app.use(apiDocs(registry, config));
  app.use(webRoutes());

  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
