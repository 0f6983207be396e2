import { existsSync } from 'node:fs';
import path from 'node:path';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { ACTIVITY_KINDS, type ActivityKind } from './shared/types.ts';
import { DEFAULT_QUIET_HOURS, DEFAULT_REMINDER_OFFSETS, parseQuietHours, parseReminderOffsets, type QuietHours, type ReminderRules } from './shared/reminder-rules.ts';

/**
 * Configuration is read from the environment (and `.env` when present) exactly once, here.
 * Nothing else in Orrery reads `process.env`. Every variable is documented in `.env.example`.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.join(' or ')}`);

const envSchema = z.object({
  /** Which kind of deployment: development prints readable logs, test keeps quiet. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Interface the HTTP server binds to. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** TCP port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public base URL used in feed links, emails and iCal UIDs (default http://localhost:PORT). */
  PUBLIC_BASE_URL: url(['http:', 'https:']).optional(),
  /** External PostgreSQL; when unset an embedded PostgreSQL is started in ORRERY_DATA_DIR. */
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  /** Maximum connections in the pool. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Folder for the embedded database, outgoing .eml files and other local state. */
  ORRERY_DATA_DIR: z.string().min(1).default('.orrery'),
  /** Port of the embedded PostgreSQL (only used without DATABASE_URL). */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** Demo data (with demo accounts): `auto` loads it into an empty database at start-up, `always` on every start, `never`. Default `auto`, but `never` in production: there only an explicit value loads it. */
  ORRERY_DEMO_DATA: z.enum(['auto', 'always', 'never']).optional(),
  /** Apply pending migrations at start-up. */
  MIGRATE_ON_START: bool.default(true),
  /** Log lines: `json`, `pretty` (for a person), or `auto`: pretty on a terminal outside production, else JSON. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted JSON body, e.g. `100kb`. */
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb').default('100kb'),
  /** How long a SIGTERM waits for in-flight requests before closing anyway, in milliseconds. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Express `trust proxy` setting: hops of reverse proxies in front of Orrery. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Requests per minute per client IP on the API. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Hours a requested activity holds another unit's resources before the hold lapses and frees them. */
  HOLD_EXPIRY_HOURS: z.coerce.number().int().min(1).max(8760).default(72),
  /** Activity kinds that leave the school: a student's registration needs a guardian's consent (comma-separated; `none` for no kind). */
  CONSENT_KINDS: z.string().default('field_visit,research_study,summer_camp').transform((v, ctx) => {
    const kinds = v === 'none' ? [] : v.split(',').map((k) => k.trim());
    const bad = kinds.filter((k) => !(ACTIVITY_KINDS as readonly string[]).includes(k));
    if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown activity kind ${bad.join(', ')} (one of ${ACTIVITY_KINDS.join(', ')}, or none)` });
    return kinds as ActivityKind[];
  }),
  /** Hours after a consent request until guardians who have not answered are reminded (once). */
  CONSENT_REMINDER_HOURS: z.coerce.number().int().min(1).max(720).default(48),
  /** Minutes an emailed sign-in link stays valid (single use). */
  SIGN_IN_LINK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Days a sign-in session lasts. */
  SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Hours a stored Idempotency-Key answer is replayed; the key is deleted after that (docs/retention.md). */
  IDEMPOTENCY_KEY_HOURS: z.coerce.number().int().min(1).max(8760).default(24),
  /** Seconds after which a key whose first request never finished (the process died) may be retried. */
  IDEMPOTENCY_LEASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(120),
  /** Days an expired or revoked session is kept before it is deleted. */
  SESSION_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** Days an expired or used sign-in link is kept before it is deleted. */
  SIGN_IN_LINK_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
  /** Days after an activity's last occurrence ended that its sent, failed and dropped emails are kept. */
  DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** Days after an activity's last occurrence ended that its registrations' personal data is kept, then anonymised (docs/privacy.md). */
  PERSONAL_DATA_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** Days a certificate (the name verification shows) is kept after it was issued. */
  CERTIFICATE_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(1825),
  /** Days the audit log (who changed and who read whose data) is kept; then its rows are deleted. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(36500).default(1095),
  /** Hours a family's signed link (see, correct and erase one person's data) stays valid. */
  PERSONAL_LINK_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  /** Sign-in requests per 15 minutes per client IP. */
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  /** Registrations per 15 minutes per client IP (a school's shared IP registers a class at once). */
  REGISTRATION_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
  /** Comma-separated origins allowed to call the API from a browser (CORS); empty = CORS off. */
  CORS_ORIGINS: z.string().regex(/^(https?:\/\/[^,\s]+)(,https?:\/\/[^,\s]+)*$/, 'comma-separated http(s) origins').optional(),
  /** Outgoing mail server, e.g. smtps://user:pass@mail.example.org:465; unset writes .eml files into ORRERY_DATA_DIR/outbox. */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  /** Verify the mail server's TLS certificate (turn off only for a private relay with a self-signed certificate). */
  SMTP_TLS_REJECT_UNAUTHORIZED: bool.default(true),
  /** Let subscribed calendar URLs (docs/imports.md) reach loopback, link-local and private addresses: only for an intranet timetable server, and tests. */
  CALENDAR_FETCH_ALLOW_PRIVATE: bool.default(false),
  /** Let webhook and group-robot URLs (docs/webhooks.md) reach loopback, link-local and private addresses: only for an intranet receiver, and tests. */
  WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  /** Sender of every email and ORGANIZER of invitations: `Name <address>` or an address. */
  MAIL_FROM: z.string().max(300).regex(/^([^<>\r\n]*<[^@\s<>]+@[^@\s<>]+>|[^@\s<>]+@[^@\s<>]+)$/, 'must be an address or Name <address>').default('Orrery <orrery@localhost>'),
  /** Key that signs participants' links (manage, unsubscribe); required in production, generated into ORRERY_DATA_DIR otherwise. */
  ORRERY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Local hours in the participant's zone when no reminder is sent (it goes out earlier instead), or `off`. */
  QUIET_HOURS: z.string().default(DEFAULT_QUIET_HOURS).transform(parsed(parseQuietHours)),
  /** Reminder offsets per activity kind, e.g. `default=7d,1d;field_visit=7d,1d,2h`. */
  REMINDER_OFFSETS: z.string().default(DEFAULT_REMINDER_OFFSETS).transform(parsed(parseReminderOffsets)),
  /** Run the email worker inside the server process (`orrery worker` runs it alone). */
  WORKER_IN_SERVER: bool.default(true),
  /** Emails one worker sends in parallel. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(5),
  /** Seconds a worker holds the emails it leased; a worker that dies leaves them to another worker after this long. */
  WORKER_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(120),
  /** How often an idle worker looks for due emails, in milliseconds. */
  WORKER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** Days of past activities a feed keeps showing. */
  FEED_PAST_DAYS: z.coerce.number().int().min(0).max(366).default(30),
  /** Last day of the school year, `MM-DD`: feeds reach to the end of the next such day. */
  FEED_SCHOOL_YEAR_END: z.string().regex(/^\d{2}-\d{2}$/, 'must look like 08-31')
    .refine((v) => DateTime.fromObject({ year: 2023, month: +v.slice(0, 2), day: +v.slice(3) }, { zone: 'utc' }).isValid, 'must be a day of every year (not 02-29)').default('08-31'),
  /** IANA zone of the programme: where feed windows start and end at midnight. */
  FEED_TIME_ZONE: z.string().refine((v) => IANAZone.isValidZone(v), 'must be an IANA time zone').default('Asia/Shanghai'),
  /** Days a cancelled activity stays in feeds (as cancelled) so calendars remove it, before it is dropped. */
  FEED_CANCELLED_DAYS: z.coerce.number().int().min(0).max(366).default(14),
  /** Requests per minute per feed token (calendar apps poll about hourly). */
  FEED_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Answer feed revalidations from memory, kept current by LISTEN/NOTIFY on one extra connection (off behind a transaction-mode pooler). */
  FEED_LISTEN: bool.default(true),
  /** Where the feed change listener connects, when DATABASE_URL goes through a transaction-mode pooler: a direct (or session-mode) connection. Default DATABASE_URL. */
  FEED_LISTEN_URL: url(['postgres:', 'postgresql:']).optional(),
  /** How old (ms) the listener's last confirmation that memory is current may be when a feed poll is answered from memory without waiting; 0: every poll waits for a fresh one (src/feeds/changes.ts). */
  FEED_FENCE_MAX_AGE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
});

/** Wraps a throwing parser as a zod transform that reports its message as the variable's issue. */
function parsed<T>(parse: (text: string) => T) {
  return (text: string, ctx: z.RefinementCtx): T => {
    try {
      return parse(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  };
}

function mailbox(text: string): { name: string; address: string } {
  const match = /^\s*([^<]*?)\s*<([^>]+)>\s*$/.exec(text);
  return match ? { name: match[1]!.replace(/^"|"$/g, ''), address: match[2]!.toLowerCase() } : { name: '', address: text.trim().toLowerCase() };
}

/** Names of every variable Orrery reads (the docs test checks .env.example lists them all). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicBaseUrl: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  dataDir: string;
  embeddedPgPort: number;
  demoData: 'auto' | 'always' | 'never';
  migrateOnStart: boolean;
  logLevel: string;
  logFormat: 'auto' | 'json' | 'pretty';
  bodyLimit: string;
  shutdownTimeoutMs: number;
  trustProxy: number;
  rateLimitPerMinute: number;
  holdExpiryHours: number;
  consentKinds: readonly ActivityKind[];
  consentReminderHours: number;
  signInLinkMinutes: number;
  sessionDays: number;
  signInRateLimit: number;
  retention: Readonly<{ idempotencyKeyHours: number; idempotencyLeaseSeconds: number; sessionDays: number; signInLinkDays: number; deliveryDays: number }>;
  /** Children's personal data (docs/privacy.md): days kept after an activity ended; days a certificate is kept. */
  personalData: Readonly<{ registrationDays: number; certificateDays: number; auditDays: number; linkHours: number }>;
  registrationRateLimit: number;
  corsOrigins: readonly string[];
  smtpUrl: string | undefined;
  smtpTlsRejectUnauthorized: boolean;
  calendarFetchAllowPrivate: boolean;
  webhookAllowPrivate: boolean;
  mailFrom: { name: string; address: string };
  secret: string | undefined;
  quietHours: QuietHours | null;
  reminderRules: ReminderRules;
  workerInServer: boolean;
  workerConcurrency: number;
  workerPollMs: number;
  workerLeaseMs: number;
  feedPastDays: number;
  feedSchoolYearEnd: string;
  feedTimeZone: string;
  feedCancelledDays: number;
  feedRateLimitPerMinute: number;
  feedListen: boolean;
  feedListenUrl: string | undefined;
  feedFenceMaxAgeMs: number;
}>;

export class ConfigError extends Error {}

/** Parses an environment object; throws ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = result.data;
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    dataDir: path.resolve(e.ORRERY_DATA_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    demoData: e.ORRERY_DEMO_DATA ?? (e.NODE_ENV === 'production' ? 'never' : 'auto'),
    migrateOnStart: e.MIGRATE_ON_START,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    bodyLimit: e.BODY_LIMIT,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    trustProxy: e.TRUST_PROXY,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    holdExpiryHours: e.HOLD_EXPIRY_HOURS,
    consentKinds: Object.freeze(e.CONSENT_KINDS),
    consentReminderHours: e.CONSENT_REMINDER_HOURS,
    signInLinkMinutes: e.SIGN_IN_LINK_MINUTES,
    sessionDays: e.SESSION_DAYS,
    signInRateLimit: e.SIGN_IN_RATE_LIMIT,
    retention: Object.freeze({
      idempotencyKeyHours: e.IDEMPOTENCY_KEY_HOURS,
      idempotencyLeaseSeconds: e.IDEMPOTENCY_LEASE_SECONDS,
      sessionDays: e.SESSION_RETENTION_DAYS,
      signInLinkDays: e.SIGN_IN_LINK_RETENTION_DAYS,
      deliveryDays: e.DELIVERY_RETENTION_DAYS,
    }),
    personalData: Object.freeze({ registrationDays: e.PERSONAL_DATA_RETENTION_DAYS, certificateDays: e.CERTIFICATE_RETENTION_DAYS, auditDays: e.AUDIT_RETENTION_DAYS, linkHours: e.PERSONAL_LINK_HOURS }),
    registrationRateLimit: e.REGISTRATION_RATE_LIMIT,
    corsOrigins: Object.freeze(e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',') : []),
    smtpUrl: e.SMTP_URL,
    smtpTlsRejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED,
    calendarFetchAllowPrivate: e.CALENDAR_FETCH_ALLOW_PRIVATE,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    mailFrom: mailbox(e.MAIL_FROM),
    secret: e.ORRERY_SECRET,
    quietHours: e.QUIET_HOURS,
    reminderRules: e.REMINDER_OFFSETS,
    workerInServer: e.WORKER_IN_SERVER,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerPollMs: e.WORKER_POLL_MS,
    workerLeaseMs: e.WORKER_LEASE_SECONDS * 1000,
    feedPastDays: e.FEED_PAST_DAYS,
    feedSchoolYearEnd: e.FEED_SCHOOL_YEAR_END,
    feedTimeZone: e.FEED_TIME_ZONE,
    feedCancelledDays: e.FEED_CANCELLED_DAYS,
    feedRateLimitPerMinute: e.FEED_RATE_LIMIT_PER_MINUTE,
    feedListen: e.FEED_LISTEN,
    feedListenUrl: e.FEED_LISTEN_URL,
    feedFenceMaxAgeMs: e.FEED_FENCE_MAX_AGE_MS,
  });
}

/** Reads `.env` (when present) into process.env without overriding what is already set, then parses. */
export function loadConfig(): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return parseConfig(process.env);
}
