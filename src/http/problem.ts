import type { ErrorRequestHandler, Request, Response } from 'express';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { redactUrl } from './redact.ts';

export const PROBLEM_TYPE = 'application/problem+json';

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  [extra: string]: unknown;
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(req: Request, res: Response, status: number, code: string, detail?: string, extra: Record<string, unknown> = {}): void {
  const body: Problem = {
    type: `about:blank#${code}`,
    title: titles[status] ?? 'Error',
    status,
    code,
    ...(detail ? { detail } : {}),
    instance: redactUrl(req.originalUrl),
    requestId: String(req.id ?? ''),
    ...extra,
  };
  res.status(status).type(PROBLEM_TYPE).send(JSON.stringify(body));
}

/** Errors thrown by body-parser carry a `type`; map the ones a client can cause. */
function bodyParserProblem(error: { type?: string; status?: number }): [number, string, string] | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return [400, 'malformed_json', 'The request body is not valid JSON'];
    case 'entity.too.large':
      return [413, 'payload_too_large', 'The request body is too large'];
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return [415, 'unsupported_media_type', 'Unsupported body encoding'];
    default:
      return undefined;
  }
}

/**
 * The one error mapper. Known errors become their problem; anything else is logged in full and
 * answered with a plain 500 that reveals no stack trace, SQL or internal message.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof AppError) {
      if (error.log) log.warn({ err: error, requestId: req.id }, error.message);
      sendProblem(req, res, error.status, error.code, error.message, error.details ?? {});
      return;
    }
    const parser = typeof error === 'object' && error !== null ? bodyParserProblem(error as { type?: string }) : undefined;
    if (parser) {
      sendProblem(req, res, parser[0], parser[1], parser[2]);
      return;
    }
    log.error({ err: error, requestId: req.id }, 'unhandled error');
    sendProblem(req, res, 500, 'internal_error', 'Something went wrong on our side');
  };
}
