import express, { type Express } from 'express';
import { securityHeaders } from './http/security-headers.ts';
import type { Config } from './config.ts';
import type { Pool } from './db/pool.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';
import { RouteRegistry } from './http/route.ts';
import { apiDocs } from './http/api-docs.ts';
import { apiRouter } from './http/api-router.ts';
import { errorHandler } from './http/problem.ts';
import { databaseRateLimits, sharedRateLimits, type RateLimitStores } from './http/rate-limit.ts';
import { noStore, notFound, requestLogging } from './http/middleware.ts';
import { compressResponses } from './http/compression.ts';
import { healthRoutes } from './health/health.routes.ts';
import { unitsRoutes } from './units/units.routes.ts';
import { unitsService } from './units/units.service.ts';
import { resourcesRoutes } from './resources/resources.routes.ts';
import { resourcesService } from './resources/resources.service.ts';
import { activitiesRoutes } from './activities/activities.routes.ts';
import { activitiesService } from './activities/activities.service.ts';
import { ActivityEvents } from './shared/activity-events.ts';
import { occurrencesRoutes } from './activities/occurrences.routes.ts';
import { occurrencesService } from './activities/occurrences.service.ts';
import { approvalsService } from './booking/approvals.service.ts';
import { bookingCommands, type BookingCommands } from './booking/commands.ts';
import { approvalsRoutes } from './booking/approvals.routes.ts';
import { approvalQueueRoutes } from './booking/approvals.queue.routes.ts';
import { approvalQueueService } from './booking/approvals.queue.ts';
import { calendarsRoutes } from './calendars/calendars.routes.ts';
import { calendarsService } from './calendars/calendars.service.ts';
import { schedulingRoutes } from './scheduling/scheduling.routes.ts';
import { schedulingService } from './scheduling/scheduling.service.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { programmeRoutes } from './programme/programme.routes.ts';
import { version } from './version.ts';
import { webRoutes } from './web/web.routes.ts';
import { authService, type SignInMailer } from './auth/auth.service.ts';
import { authenticate } from './auth/auth.middleware.ts';
import { authApiRoutes, signInPageRoutes } from './auth/auth.routes.ts';
import { registrationsRoutes } from './registrations/registrations.routes.ts';
import { registrationPages } from './registrations/registrations.pages.ts';
import { participantPortal } from './registrations/participant.ts';
import { registrationsService } from './registrations/registrations.service.ts';
import { consentService, type ConsentService } from './consent/consent.service.ts';
import { consentRoutes } from './consent/consent.routes.ts';
import { consentPages } from './consent/consent.pages.ts';
import { activityFileRoutes } from './feeds/activity-file.ts';
import { consentFlags } from './consent/consent.flags.ts';
import { combineHooks } from './registrations/hooks.ts';
import { readinessService } from './readiness/readiness.service.ts';
import { readinessRoutes } from './readiness/readiness.routes.ts';
import { rosterService } from './roster/roster.service.ts';
import { rosterRoutes } from './roster/roster.routes.ts';
import { rosterSigner } from './roster/roster.sign.ts';
import { registrantsRoutes } from './registrations/registrants.routes.ts';
import { registrantsService } from './registrations/registrants.service.ts';
import { linkSigner, resolveSecret, type LinkSigner } from './auth/signed-links.ts';
import { participantsListener } from './registrations/activity-listener.ts';
import { deliveriesRoutes } from './notifications/deliveries.routes.ts';
import { deliveriesService } from './notifications/deliveries.service.ts';
import { emailKindsFor } from './emails.ts';
import { decisionNotifier, staffListener } from './booking/staff.emails.ts';
import { preferencesRoutes } from './booking/email-preferences.routes.ts';
import { preferencesService } from './booking/email-preferences.service.ts';
import { feedsRoutes } from './feeds/feeds.routes.ts';
import { feedsService } from './feeds/feeds.service.ts';
import { feedFiles as feedFilesOf } from './feeds/feeds.files.ts';
import type { FeedChanges } from './feeds/changes.ts';
import { documentFeedFile } from './feeds/feeds.openapi.ts';
import { importsRoutes } from './imports/imports.routes.ts';
import { importsService } from './imports/imports.service.ts';
import { exportService } from './imports/export.service.ts';
import { subscriptionsRoutes } from './imports/subscriptions.routes.ts';
import { subscriptionsService } from './imports/subscriptions.service.ts';
import { classesRoutes } from './classes/classes.routes.ts';
import { offersRoutes } from './allocation/offers.routes.ts';
import { offersService } from './allocation/offers.service.ts';
import { allocationService } from './allocation/allocation.service.ts';
import { classesService } from './classes/classes.service.ts';
import { commitmentsRoutes } from './commitments/commitments.routes.ts';
import { commitmentsService } from './commitments/commitments.service.ts';
import { plansRoutes } from './planner/plans.routes.ts';
import { plansService, type PlansService } from './planner/plans.service.ts';
import { reportsRoutes } from './reports/reports.routes.ts';
import { reportsService } from './reports/reports.service.ts';
import { highsSolver } from './planner/solver/highs.ts';
import { attendanceService } from './attendance/attendance.service.ts';
import { attendancePages, attendanceRoutes } from './attendance/attendance.routes.ts';
import { checkInSigner } from './attendance/code.ts';
import { certificatesService, type CertificatesService } from './certificates/certificates.service.ts';
import { certificatesRoutes } from './certificates/certificates.routes.ts';
import { creditsListener } from './certificates/split-listener.ts';
import { certificatePages } from './certificates/certificates.pages.ts';
import { loansRoutes } from './loans/loans.routes.ts';
import { itemsService } from './loans/items.service.ts';
import { loansService } from './loans/loans.service.ts';
import { homeRoutes } from './home/home.routes.ts';
import { homeService } from './home/home.service.ts';
import { webhooksRoutes } from './webhooks/webhooks.routes.ts';
import { webhooksService } from './webhooks/webhooks.service.ts';
import { webhookActivityListener } from './webhooks/activity.listener.ts';
import { rightsService } from './privacy/rights.service.ts';
import { rightsRoutes } from './privacy/rights.routes.ts';
import { rightsPages } from './privacy/rights.pages.ts';
import { personLinks } from './privacy/person-link.ts';
import { channelsRoutes } from './channels/channels.routes.ts';
import { channelsService } from './channels/channels.service.ts';

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

export const API = '/api/v1';

/** Classes, commitments and the term planner's plans (src/classes, src/commitments, src/planner). */
function plannerApi(registry: RouteRegistry, deps: AppDeps, activities: ReturnType<typeof activitiesService>, booking: BookingCommands) {
  const { pool, log } = deps;
  const api = express.Router();
  const classes = classesService(pool);
  api.use(classesRoutes(registry, API, classes));
  api.use(commitmentsRoutes(registry, API, commitmentsService(pool)));
  const plans = plansService({ pool, solver: highsSolver, log, clock: deps.clock, booking, classes, ...(deps.owner ? { owner: deps.owner } : {}) });
  deps.onPlans?.(plans);
  api.use(plansRoutes(registry, API, plans));
  const offers = offersService(pool, deps.clock);
  api.use(offersRoutes(registry, API, offers, allocationService({ pool, clock: deps.clock, activities, classes, offers })));
  return api;
}

/**
 * Registrations, guardian consent, attendance and teacher-training certificates (src/registrations,
 * src/consent, src/attendance, src/certificates): their API routes and their pages. Consent hooks into
 * registering; attendance changes reissue certificates in the same transaction and its list flags
 * students without consent; the participant page shows the check-in code.
 */
function participantParts(registry: RouteRegistry, deps: AppDeps, signer: LinkSigner, rateLimits: RateLimitStores, { consent, certificates }: { consent: ConsentService; certificates: CertificatesService }) {
  const { config, pool, clock } = deps;
  const attendance = attendanceService({ pool, clock, checkIn: checkInSigner(resolveSecret(config)), onChange: certificates.reissue, flagger: consentFlags });
  // Readiness of visits leaving the school (src/readiness/): after the head count, only the organizer registers people.
  const readiness = readinessService({ pool, clock, consentKinds: config.consentKinds, publicBaseUrl: config.publicBaseUrl });
  const hooks = combineHooks(readiness.hooks, consent.hooks);
  const registrations = registrationsService({ pool, clock, settings: config, signer, noShows: attendance.noShowCounts, hooks });
  const api = express.Router();
  api.use(registrationsRoutes(registry, API, registrations, { registrationRateLimit: config.registrationRateLimit, rateLimits }), registrantsRoutes(registry, API, registrantsService({ pool, clock, registrations })));
  api.use(consentRoutes(registry, API, consent), activityFileRoutes(registry, API, pool, config.publicBaseUrl));
  api.use(readinessRoutes(registry, API, readiness));
  api.use(attendanceRoutes(registry, API, attendance));
  // The field-visit day's offline roster (src/roster/): synced check-ins become attendance and reissue certificates.
  api.use(rosterRoutes(registry, API, rosterService({ pool, clock, signer: rosterSigner(resolveSecret(config)), checkIn: checkInSigner(resolveSecret(config)), consentKinds: config.consentKinds, onAttendance: certificates.reissue })));
  api.use(certificatesRoutes(registry, API, certificates));
  const pages = express.Router();
  pages.use(registrationPages(registrations, participantPortal({ pool, clock, signer, registrations, secret: resolveSecret(config), publicBaseUrl: config.publicBaseUrl, attendance })));
  pages.use(certificatePages(certificates, config.personalData));
  pages.use(attendancePages());
  pages.use(consentPages(consent, config.personalData));
  // A family's rights over one person's data (src/privacy/): the signed link, corrections, erasure.
  const rights = rightsService({ pool, clock, links: personLinks(resolveSecret(config)), signer, settings: { ...config, linkHours: config.personalData.linkHours } });
  api.use(rightsRoutes(registry, API, rights));
  pages.use(rightsPages(rights));
  return { api, pages };
}

/** The outbox as organizers see it, and their own choice of staff emails (src/notifications). */
function emailApi(registry: RouteRegistry, deps: AppDeps) {
  const api = express.Router();
  api.use(deliveriesRoutes(registry, API, deliveriesService(deps.pool, deps.clock), emailKindsFor(deps.config).listed));
  api.use(preferencesRoutes(registry, API, preferencesService(deps.pool, deps.clock)));
  return api;
}

/** The services that also hook into activity changes (a split's copies ask for consent again and reissue certificates). */
function hookedServices({ config, pool, clock }: AppDeps, signer: LinkSigner) {
  const consent = consentService({ pool, clock, settings: config, signer, kinds: config.consentKinds, reminderHours: config.consentReminderHours });
  return { consent, certificates: certificatesService({ pool, clock, signer, publicBaseUrl: config.publicBaseUrl }) };
}

/** Builds the Express app without listening; tests and main.ts both use this. */
export function buildApp(deps: AppDeps): Express {
  const { config, pool, log } = deps;
  const events = deps.events ?? new ActivityEvents();
  // Reminders, notices and approval emails (booking/staff.emails.ts) are derived inside each change's transaction.
  const signer = linkSigner(resolveSecret(config));
  const { consent, certificates } = hookedServices(deps, signer);
  for (const listener of [participantsListener(config, deps.clock, consent.hooks), staffListener(deps.clock), creditsListener(certificates.reissue, deps.clock), webhookActivityListener(deps.clock)]) events.on(listener);
  const auth = authService(pool, deps.clock, config, deps.signInMailer ?? (async () => log.warn({ module: 'auth' }, 'no mailer configured: sign-in link not sent')));
  // One limit for all instances: exact in the database (sign-in, registration); for reads (feeds, the API), without a write, each instance's share.
  const [rateLimits, readLimits] = [databaseRateLimits(pool), sharedRateLimits(deps.instances ?? (() => 1))];
  const authOptions = { secureCookies: config.publicBaseUrl.startsWith('https:'), signInRateLimit: config.signInRateLimit, rateLimits };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');

  app.use(requestLogging(log));
  // Calendar apps poll feeds outside the API, before compression and the HTML headers (src/feeds/feeds.files.ts).
  const feedFiles = feedFilesOf(config, { pool, clock: deps.clock, changes: deps.feedChanges, readLimits });
  app.use(feedFiles.router);
  // Upgrading subresources to https would break a plain-http install (localhost, intranet).
  const https = config.publicBaseUrl.startsWith('https:');
  app.use(compressResponses());
  app.use(securityHeaders({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: https ? [] : null } }, hsts: https }));
  app.use(healthRoutes(pool));

  const registry = new RouteRegistry();
  documentFeedFile(registry);
  const api = apiRouter(config, { pool, clock: deps.clock, readLimits, registry, authenticate: authenticate(auth) });
  api.use(authApiRoutes(registry, API, auth, authOptions));
  api.use(unitsRoutes(registry, API, unitsService(pool)));
  api.use(resourcesRoutes(registry, API, resourcesService(pool, deps.clock)), loansRoutes(registry, API, itemsService(pool, deps.clock), loansService(pool, deps.clock)));
  const booking = { clock: deps.clock, holdExpiryHours: config.holdExpiryHours };
  const activities = activitiesService(pool, events, booking);
  api.use(activitiesRoutes(registry, API, activities));
  api.use(occurrencesRoutes(registry, API, occurrencesService(pool, events, booking)), approvalsRoutes(registry, API, approvalsService(pool, events, booking, decisionNotifier(deps.clock))));
  api.use(approvalQueueRoutes(registry, API, approvalQueueService(pool)));
  api.use(calendarsRoutes(registry, API, calendarsService(pool)), importsRoutes(registry, API, importsService(pool, { events, booking, classes: classesService(pool) }), exportService(pool, config.publicBaseUrl)), subscriptionsRoutes(registry, API, subscriptionsService(pool, deps.clock, { allowPrivate: config.calendarFetchAllowPrivate })));
  api.use(schedulingRoutes(registry, API, schedulingService(pool)));
  api.use(plannerApi(registry, deps, activities, bookingCommands(events, booking)));
  api.use(auditRoutes(registry, API, pool), reportsRoutes(registry, API, reportsService(pool, deps.clock, config.feedTimeZone)));
  api.use(programmeRoutes(registry, API, pool));
  const participants = participantParts(registry, deps, signer, rateLimits, { consent, certificates });
  api.use(participants.api);
  api.use(emailApi(registry, deps), homeRoutes(registry, API, homeService(pool, deps.clock)));
  api.use(webhooksRoutes(registry, API, webhooksService(pool, deps.clock, { allowPrivate: config.webhookAllowPrivate })));
  api.use(channelsRoutes(registry, API, channelsService(pool, deps.clock, { allowPrivate: config.webhookAllowPrivate })));
  api.use(feedsRoutes(registry, API, feedsService(pool, { publicBaseUrl: config.publicBaseUrl, secret: resolveSecret(config), onChange: feedFiles.publisher.forget })));
  app.use(API, api);
  // Sign-in links and participants' signed links open pages with personal data and secrets.
  app.use(['/auth', '/registrations', '/teachers', '/organizer/attendance', '/consent', '/privacy'], noStore);
  app.use(signInPageRoutes(auth, authOptions));
  app.use(participants.pages);

  app.use(apiDocs(app, registry, { version, serverUrl: config.publicBaseUrl }));
  app.use(webRoutes());

  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
