import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './shared/logger.ts';
import { logFormat } from './shared/log-format.ts';
import { createPool } from './db/pool.ts';
import { migrate } from './db/migrate.ts';
import { systemClock } from './shared/clock.ts';
import { seedDemo } from './seed/demo.ts';
import { seedDemoLife } from './seed/demo-life.ts';
import { openDatabase, serve } from './main.ts';
import { USERS_USAGE, usersCommand } from './auth/users.cli.ts';
import { runWorkerProcess } from './notifications/worker.main.ts';
import { webhookWorkerFor } from './webhooks/worker.main.ts';
import { endpointSenders } from './webhook-senders.ts';
import { emailKindsFor } from './emails.ts';
import { StartupError } from './shared/startup-error.ts';

const USAGE = `Usage: orrery <command>

Commands:
  serve     run the HTTP service (migrates, and loads demo data into an empty database)
  migrate   apply pending migrations and exit
  worker    run the email and webhook workers alone (needs DATABASE_URL; serve runs one too unless WORKER_IN_SERVER=false)
  seed      load the demo programme (idempotent) and exit
  users     manage users: ${USERS_USAGE}
  help      show this text
`;

async function withDatabase(config: Config, log: Logger, work: (url: string) => Promise<void>): Promise<void> {
  const db = await openDatabase(config, log);
  try {
    await work(db.url);
  } finally {
    await db.embedded?.stop();
  }
}

async function run(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv.slice(0, 1), allowPositionals: true, strict: false });
  const command = positionals[0] ?? 'help';
  if (command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = loadConfig();
  const log = createLogger(config.logLevel, undefined, logFormat(config.logFormat, config.env, process.stdout.isTTY === true));
  switch (command) {
    case 'serve':
      await serve(config, log);
      return -1;
    case 'worker':
      await runWorkerProcess(config, log, emailKindsFor(config), (pool) => webhookWorkerFor(config, pool, log, systemClock, endpointSenders()));
      return -1;
    case 'migrate':
      await withDatabase(config, log, async (url) => {
        const applied = await migrate(url, log);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      });
      return 0;
    case 'seed':
      await withDatabase(config, log, async (url) => {
        await migrate(url, log);
        const pool = createPool(url, 2);
        try {
          const programme = await seedDemo(pool, systemClock);
          const term = await seedDemoLife({ pool, clock: systemClock, config, log });
          process.stdout.write(`${JSON.stringify({ ...programme, term })}\n`);
        } finally {
          await pool.end();
        }
      });
      return 0;
    case 'users':
      await withDatabase(config, log, async (url) => {
        await migrate(url, log);
        const pool = createPool(url, 2);
        try {
          process.stdout.write(`${await usersCommand(argv.slice(1), config, pool)}\n`);
        } finally {
          await pool.end();
        }
      });
      return 0;
    default:
      process.stderr.write(`Unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof StartupError;
    process.stderr.write(known ? `${error.message}\n` : `${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
