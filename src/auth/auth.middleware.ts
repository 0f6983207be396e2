import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { setPrincipal } from '../http/actor.ts';
import { ForbiddenError } from '../shared/errors.ts';
import type { AuthService, NewSession } from './auth.service.ts';

export const SESSION_COOKIE = 'orrery_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function bearerOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Identifies the caller by `Authorization: Bearer <API token>` or the session cookie. Requests
 * carried by the (ambient) cookie must also send the session's CSRF token on state changes;
 * bearer tokens are not sent automatically by browsers, so they need none.
 */
export function authenticate(auth: AuthService): RequestHandler {
  return async (req, _res, next) => {
    const bearer = bearerOf(req);
    const session = bearer === undefined ? readCookie(req, SESSION_COOKIE) : undefined;
    const principal = await auth.authenticate({ bearer, session });
    if (principal) {
      if (principal.via.kind === 'session' && !SAFE_METHODS.has(req.method)) {
        const sent = req.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !principal.csrfToken || !sameText(sent, principal.csrfToken)) {
          throw new ForbiddenError('Missing or wrong CSRF token (send the X-CSRF-Token header from /api/v1/auth/me)');
        }
      }
      const { csrfToken, ...rest } = principal;
      setPrincipal(req, rest);
      if (csrfToken) (req as Request & { csrfToken?: string }).csrfToken = csrfToken;
    }
    next();
  };
}

export function csrfTokenOf(req: Request): string | null {
  return (req as Request & { csrfToken?: string }).csrfToken ?? null;
}

export function setSessionCookie(res: Response, session: NewSession, secure: boolean): void {
  res.cookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    // Max-Age, not an Expires date from the server's clock: a browser whose clock differs (a demo
    // running on its own date) would drop a cookie whose date is already past by its clock.
    maxAge: session.maxAgeMs,
  });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure, sameSite: 'lax', path: '/' });
}
