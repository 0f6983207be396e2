import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../shared/logger.ts';
import { AppError } from '../shared/errors.ts';
import { redactUrl } from './redact.ts';


declare module 'node:http' {
  interface IncomingMessage {
    /** The request id (requestLogging): in problem bodies, audit rows and log lines. */
    id?: string;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;


/**
 * Request ids: honour a sane incoming X-Request-Id, else mint one; echo it back; one line per
 * request when it is done (`request completed`, or `request aborted` when the client left first),
 * with the id, method, redacted URL, status and milliseconds: server errors at error, client errors
 * at info, the rest at debug. Our own rather than pino-http: it builds a child logger with the
 * serialized request for every request before knowing whether anything will be logged, a tenth of
 * the CPU of a feed 304 (bench/feeds.bench.ts, issue 23); here nothing is built unless the level
 * is enabled. Nothing reads `req.log`; errors are logged by the error handler (problem.ts).
 */
export function requestLogging(log: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    req.id = id;
    const started = performance.now();
    res.once('close', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
      if (!log.isLevelEnabled(level)) return;
      log[level]({ req: { id, method: req.method, url: redactUrl(req.originalUrl) }, res: { status }, responseTime: Math.round(performance.now() - started) },
        res.writableFinished ? 'request completed' : 'request aborted');
    });
    next();
  };
}

export const notFound: RequestHandler = (_req, _res, next) => {
  // The path is not echoed: it may hold a secret (a feed token under a mistyped prefix).
  next(new AppError(404, 'not_found', 'No such page or endpoint'));
};

/**
 * `Cache-Control: no-store` for everything under it: the API (personal data, new secrets, the
 * current user, CSV exports, problems) and the pages behind sign-in and participant links. A
 * route that serves public, cacheable data may set its own header after this.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
