import express, { raw as rawBody, type RequestHandler } from 'express';
import { UnauthorizedError } from '../shared/errors.ts';
import { PayloadTooLargeError } from '../shared/uploads.ts';

/**
 * The body of an upload route, read with the file's own limit instead of BODY_LIMIT (which stays
 * small for every other JSON route). A route declares `upload` in its spec (route.ts); its parser
 * runs before the API's JSON parser, which then finds the body read and skips it.
 *
 * - `raw: true`: the body is the file's bytes (any Content-Type: curl's --data-binary labels a file
 *   form-urlencoded), at most `maxBytes`; the route decodes them itself.
 * - otherwise JSON carrying the file as a string. JSON escaping makes the body larger than the file
 *   (a line end is `\r\n`, a Chinese character `\uXXXX` from encoders that escape non-ASCII, i.e.
 *   twice its UTF-8 size), so the envelope may be twice the file plus 64 KB; the service then
 *   measures the file itself in UTF-8 bytes against `maxBytes` (shared/uploads.ts uploadedText).
 *
 * Either way a body over the limit is a 413 `payload_too_large` stating the file's limit.
 *
 * These parsers run before the caller is authenticated (as every body parser here does), so a
 * request with no credentials at all is answered 401 before its large body is read: every upload
 * route is for signed-in users, and an anonymous caller should not make the server read megabytes.
 */
export interface UploadSpec {
  /** The largest file this route takes, in bytes (shared/uploads.ts). */
  maxBytes: number;
  /** The body is the file itself rather than JSON. */
  raw?: boolean;
}

const ENVELOPE_SLACK = 64 * 1024;

export const envelopeBytes = (maxBytes: number) => 2 * maxBytes + ENVELOPE_SLACK;

export function uploadBody(spec: UploadSpec): RequestHandler {
  const parse = spec.raw
    ? rawBody({ limit: spec.maxBytes, type: () => true })
    : express.json({ limit: envelopeBytes(spec.maxBytes), strict: true });
  return (req, res, next) => {
    if (req.headers.authorization === undefined && req.headers.cookie === undefined) {
      next(new UnauthorizedError());
      return;
    }
    parse(req, res, (error?: unknown) => {
      const tooLarge = typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'entity.too.large';
      next(tooLarge ? new PayloadTooLargeError(spec.maxBytes) : error);
    });
  };
}
