/**
 * Architecture rules, checked by tests/unit/architecture.test.ts (so `npm test` fails on a violation).
 * Folder cycles are checked there too, on the folder graph this cruise yields. Parser: swc, because
 * dependency-cruiser cannot load TypeScript 7; type-only imports count like any other.
 */
/**
 * What each folder of src/ may import (besides itself and node_modules); its README.md says the same.
 * Read bottom-up: shared ← db ← http ← audit ← notifications (the outbox: it imports no feature) ←
 * auth, units ← resources ← calendars ← booking ← activities ← feeds ← attendance ← certificates;
 * attendance ← registrations ← consent. Files directly in src/ (app.ts, main.ts, cli.ts) compose them all;
 * config.ts imports only shared/.
 */
const LAYERS = {
  shared: [],
  db: ['shared'],
  http: ['db', 'shared'],
  audit: ['db', 'http', 'shared'],
  units: ['audit', 'db', 'http', 'shared'],
  auth: ['notifications', 'units', 'web', 'audit', 'db', 'http', 'shared', 'config.ts'],
  resources: ['units', 'audit', 'db', 'http', 'shared'],
  calendars: ['resources', 'units', 'audit', 'db', 'http', 'shared'],
  booking: ['webhooks', 'notifications', 'calendars', 'resources', 'units', 'audit', 'db', 'http', 'shared'],
  activities: ['booking', 'calendars', 'resources', 'units', 'audit', 'db', 'http', 'shared'],
  scheduling: ['calendars', 'resources', 'units', 'audit', 'db', 'http', 'shared'],
  programme: ['activities', 'booking', 'db', 'http', 'shared'],
  feeds: ['activities', 'booking', 'resources', 'units', 'audit', 'db', 'http', 'shared'],
  notifications: ['audit', 'db', 'http', 'shared', 'config.ts'],
  webhooks: ['audit', 'db', 'http', 'shared', 'config.ts'],
  channels: ['webhooks', 'audit', 'db', 'http', 'shared'],
  web: ['http', 'shared'],
  attendance: ['activities', 'web', 'audit', 'db', 'http', 'shared', 'config.ts'],
  certificates: ['attendance', 'notifications', 'activities', 'auth', 'web', 'audit', 'db', 'http', 'shared'],
  registrations: ['webhooks', 'attendance', 'notifications', 'feeds', 'activities', 'booking', 'auth', 'web', 'audit', 'db', 'http', 'shared'],
  consent: ['webhooks', 'registrations', 'notifications', 'activities', 'booking', 'auth', 'web', 'audit', 'db', 'http', 'shared'],
  readiness: ['registrations', 'notifications', 'booking', 'audit', 'db', 'http', 'shared'],
  roster: ['attendance', 'booking', 'audit', 'db', 'http', 'shared'],
  classes: ['units', 'audit', 'db', 'http', 'shared'],
  commitments: ['classes', 'units', 'audit', 'db', 'http', 'shared'],
  planner: ['webhooks', 'commitments', 'classes', 'booking', 'scheduling', 'calendars', 'resources', 'units', 'audit', 'db', 'http', 'shared'],
  loans: ['webhooks', 'notifications', 'booking', 'resources', 'units', 'audit', 'db', 'http', 'shared'],
  reports: ['activities', 'booking', 'db', 'http', 'shared'],
  imports: ['feeds', 'activities', 'classes', 'booking', 'calendars', 'resources', 'units', 'audit', 'db', 'http', 'shared'],
  health: ['db', 'http', 'shared'],
  allocation: ['webhooks', 'classes', 'activities', 'booking', 'units', 'audit', 'db', 'http', 'shared'],
  home: ['booking', 'db', 'http', 'shared'],
  retention: ['db', 'shared'],
  privacy: ['registrations', 'consent', 'certificates', 'notifications', 'feeds', 'booking', 'auth', 'web', 'audit', 'db', 'http', 'shared'],
  jobs: ['db', 'shared'],
  seed: ['config.ts', 'planner', 'registrations', 'consent', 'attendance', 'certificates', 'notifications', 'loans', 'commitments', 'classes', 'activities', 'booking', 'calendars', 'resources', 'units', 'auth', 'audit', 'db', 'shared'],
};

const layerRules = Object.entries(LAYERS).map(([folder, may]) => ({
  name: `layers-${folder}`,
  comment: `src/${folder}/ may import only ${may.join(', ') || 'nothing else'} (see src/${folder}/README.md)`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/', pathNot: [`^src/${folder}/`, ...may.map((m) => (m.endsWith('.ts') ? `^src/${m.replace('.', '[.]')}$` : `^src/${m}/`))] },
}));

const PURE = [
  '^src/scheduling/solver/',
  '^src/shared/ical/',
  '^src/feeds/ical[.]ts$',
  '[.]template[.]ts$',
  '^src/notifications/format[.]ts$',
  '^src/channels/messages[.]ts$',
  '^src/booking/status[.]ts$',
  '^src/loans/overdue[.]rules[.]ts$',
  '^src/consent/consent[.]rules[.]ts$',
  '^src/readiness/readiness[.]rules[.]ts$',
  '^src/roster/roster[.]rules[.]ts$',
  '^src/planner/model/',
  '^src/allocation/(allocate|first-come|fairness|lottery|slot-label|allocation[.]model|allocation[.]words)[.]ts$',
  '^src/reports/reports[.](period|tables|csv)[.]ts$',
  '^src/imports/(columns|csv|busy|decode)[.]ts$',
  '^src/shared/(types|time|paging|errors|actor|policy|reminder-rules|html|recurrence|uploads)[.]ts$',
];
const EDGES = ['^src/db/', '^src/http/', '^src/shared/logger[.]ts$', '^src/config[.]ts$', '(^|/)node_modules/(pg|express|pino|pino-http|nodemailer)/'];

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'config-imports-only-shared',
      severity: 'error',
      from: { path: '^src/config[.]ts$' },
      to: { path: '^src/', pathNot: ['^src/shared/', '^src/config[.]ts$'] },
    },
    {
      name: 'no-circular',
      comment: 'Modules import each other in a circle.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'pure-cores',
      comment: 'The solver, the iCalendar writers, the email templates and the status machine take data and return data: no database, HTTP, logger or config.',
      severity: 'error',
      from: { path: PURE },
      to: { path: EDGES },
    },
    {
      name: 'routes-import-no-queries',
      comment: 'Routes validate, call a service and present; SQL is reached through services.',
      severity: 'error',
      from: { path: '[.]routes[.]ts$' },
      to: { path: '[.]queries[.]ts$' },
    },
    {
      name: 'shared-is-the-bottom',
      comment: 'shared/ is imported by everything and imports no feature folder.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: ['^src/shared/'] },
    },
    {
      name: 'outbox-knows-no-feature',
      comment: 'notifications/ is the outbox, its worker and the registry of email kinds: features register their kinds with it (src/emails.ts), it never imports them.',
      severity: 'error',
      from: { path: '^src/notifications/' },
      to: { path: '^src/', pathNot: ['^src/(notifications|shared|db|http|audit)/', '^src/config[.]ts$'] },
    },
    {
      name: 'templates-stay-with-their-feature',
      comment: "An email template (*.template.ts) is used by its own feature only; another feature asks that feature, never renders its mail.",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '[.]template[.]ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'email-kinds-registered-once',
      comment: "A feature's email kinds (*.emails.ts) are registered by src/emails.ts alone; no other feature imports them.",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: ['^src/[^/]+/emails[.]ts$', '^src/.+[.]emails[.]ts$'], pathNot: '^src/$1/' },
    },
    {
      name: 'composition-root-holds-no-sql',
      comment: 'app.ts, main.ts, cli.ts and emails.ts wire features; SQL and rules stay in the feature that owns them.',
      severity: 'error',
      from: { path: '^src/[^/]+[.]ts$' },
      to: { path: '[.]queries[.]ts$' },
    },
    {
      name: 'not-to-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tests|bench)/' },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    moduleSystems: ['es6'],
  },
};
