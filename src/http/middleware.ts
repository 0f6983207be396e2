import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../shared/logger.ts';
import { AppError } from '../shared/errors.ts';
import { redactUrl } from './redact.ts';


const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;


/** Request ids: honour a sane incoming X-Request-Id, else mint one; echo it back; log with it. */
export function requestLogging(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Successful requests log at debug; with debug off, 'silent' up front lets pino-http skip
    // building the line (the feed 304 path is measured in µs: bench/feeds.bench.ts).
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : log.isLevelEnabled('debug') ? 'debug' : 'silent',
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
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
