import type { ErrorRequestHandler, Request, Response } from 'express';
import { ZodError } from 'zod';
import { AppError } from '../shared/errors.ts';
import { LocalizedError, PayloadTooLargeError } from '../shared/uploads.ts';
import type { Language } from '../shared/types.ts';
import type { Logger } from '../shared/logger.ts';

export const PROBLEM_TYPE = 'application/problem+json';

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
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
    requestId: String(req.id ?? ''),
    ...extra,
  };
  res.status(status).type(PROBLEM_TYPE).send(JSON.stringify(body));
}

type ClientProblem = [status: number, code: string, detail: string];

/** The caller's language for a problem's detail: Accept-Language, English when it names neither. */
function languageOf(req: Request): Language {
  const best = req.headers['accept-language'] ? req.acceptsLanguages('en', 'zh-CN', 'zh') : false;
  return best === 'zh-CN' || best === 'zh' ? 'zh-CN' : 'en';
}

/**
 * Errors Express and its parsers raise for what a client sent. Their messages can quote the
 * request (the router's "Failed to decode param '…'" names the raw path segment), so none is
 * passed on: each becomes a fixed detail with a stable code.
 */
function clientProblem(error: { type?: unknown; status?: unknown; code?: unknown; name?: unknown; message?: unknown }): ClientProblem | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return [400, 'malformed_json', 'The request body is not valid JSON'];
    case 'encoding.unsupported':
      return [415, 'unsupported_media_type', 'Unsupported Content-Encoding; send identity, gzip, deflate or br'];
    case 'charset.unsupported':
      return [415, 'unsupported_media_type', 'Unsupported body charset; send UTF-8'];
    default:
  }
  if (error instanceof ZodError) return [400, 'invalid_request', 'The request path or query is not valid here'];
  if (typeof error.status !== 'number' || error.status < 400 || error.status >= 500) return undefined;
  if (error instanceof URIError || error.name === 'URIError') return [400, 'malformed_path', 'The path is not valid percent-encoded UTF-8'];
  // raw-body passes decompression failures on with the zlib code (Z_DATA_ERROR, Z_BUF_ERROR, …).
  if (typeof error.code === 'string' && error.code.startsWith('Z_')) {
    return [400, 'malformed_body', 'The request body does not match its Content-Encoding'];
  }
  if (error.type === 'request.aborted' || error.type === 'request.size.invalid') return [400, 'malformed_body', 'The request body ended early or had the wrong length'];
  // Any other client error Express or a parser raises (their 4xx carry no code of ours).
  return [400, 'bad_request', 'The request is malformed'];
}

/**
 * The one error mapper. Known errors become their problem; anything else is logged in full and
 * answered with a plain 500 that reveals no stack trace, SQL or internal message.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (raised: unknown, req, res, _next) => {
    let error = raised;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // A JSON body over BODY_LIMIT (upload routes raise their own PayloadTooLargeError, uploads.ts).
    if (typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'entity.too.large') {
      const limit = (error as { limit?: unknown }).limit;
      error = new PayloadTooLargeError(typeof limit === 'number' ? limit : 0, 'body');
    }
    if (error instanceof LocalizedError) {
      const language = languageOf(req);
      res.setHeader('Content-Language', language);
      sendProblem(req, res, error.status, error.code, error.texts[language], error.details ?? {});
      return;
    }
    if (error instanceof AppError) {
      if (error.log) log.warn({ err: error, requestId: req.id }, error.message);
      sendProblem(req, res, error.status, error.code, error.message, error.details ?? {});
      return;
    }
    const client = typeof error === 'object' && error !== null ? clientProblem(error) : undefined;
    if (client) {
      sendProblem(req, res, client[0], client[1], client[2]);
      return;
    }
    log.error({ err: error, requestId: req.id }, 'unhandled error');
    sendProblem(req, res, 500, 'internal_error', 'Something went wrong on our side');
  };
}
