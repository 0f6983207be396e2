import { pino, type Logger, type LoggerOptions } from 'pino';
import { prettyDestination, type LogFormat } from './log-format.ts';

export type { Logger };

/**
 * One structured logger. Secrets never reach it: request headers that carry credentials and any
 * field named like a token are redacted here, once, for every module.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, format: LogFormat = 'json'): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'orrery' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.token',
        '*.password',
        '*.secret',
        'databaseUrl',
        'smtpUrl',
      ],
      censor: '[redacted]',
    },
  };
  if (format === 'pretty') return pino(options, prettyDestination(destination ?? process.stdout));
  return destination ? pino(options, destination) : pino(options);
}
