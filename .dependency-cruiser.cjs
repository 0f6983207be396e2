/**
 * Architecture rules, checked by tests/unit/architecture.test.ts (so `npm test` fails on a violation).
 * Folder cycles are checked there too, on the folder graph this cruise yields. Parser: swc, because
 * dependency-cruiser cannot load TypeScript 7; type-only imports count like any other.
 */
const PURE = [
  '^src/scheduling/solver/',
  '^src/shared/ical/',
  '^src/feeds/ical[.]ts$',
  '^src/notifications/templates/',
  '^src/booking/status[.]ts$',
  '^src/shared/(types|time|paging|errors|actor|policy|reminder-rules)[.]ts$',
];
const EDGES = ['^src/db/', '^src/http/', '^src/shared/logger[.]ts$', '^src/config[.]ts$', '(^|/)node_modules/(pg|express|pino|pino-http|nodemailer)/'];

module.exports = {
  forbidden: [
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
