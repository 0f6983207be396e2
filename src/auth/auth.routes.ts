import express, { Router } from 'express';
import { perClientLimit, type RateLimitStores } from '../http/rate-limit.ts';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { signedIn } from '../shared/policy.ts';
import type { AuthService } from './auth.service.ts';
import { clearSessionCookie, csrfTokenOf, setSessionCookie } from './auth.middleware.ts';
import { signInPage } from './sign-in.page.ts';
import {
  meResponse, sessionResponse, signInParams, signInRequest, tokenCreate, tokenResponse, userCreate, userListQuery, userResponse, userUpdate,
} from './auth.schema.ts';

const tag = 'Authentication';

/** `name` keeps each sign-in step's count apart (request a link, use it), as before they were counted in the database. */
export const signInLimiter = (perWindow: number, name: string, stores?: RateLimitStores) => perClientLimit(stores, name, perWindow, 15, 'sign-in attempts');

/** JSON endpoints under /api/v1: sign-in requests, the current user, API tokens, users. */
export function authApiRoutes(registry: RouteRegistry, mount: string, auth: AuthService, opts: { secureCookies: boolean; signInRateLimit: number; rateLimits?: RateLimitStores }): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  r.post('/auth/sign-in', signInLimiter(opts.signInRateLimit, 'sign-in', opts.rateLimits));
  route({ method: 'post', access: 'public', path: '/auth/sign-in', tag, summary: 'Email a one-time sign-in link (always 202, whether or not the address has an account)', body: signInRequest, status: 202, errors: { 429: 'rate_limited' } },
    async ({ body }) => {
      await auth.requestSignIn(body.email);
      return { status: 'sent_if_known' };
    });
  route({ method: 'post', path: '/auth/sign-out', tag, summary: 'End the current session', status: 204, errors: { 401: 'unauthorized' } },
    async ({ req, res }) => {
      await auth.signOut(actorOf(req));
      clearSessionCookie(res, opts.secureCookies);
    });
  route({ method: 'get', access: 'signed-in', path: '/auth/me', tag, summary: 'The signed-in user and the CSRF token for cookie sessions', response: meResponse, errors: { 401: 'unauthorized' } },
    async ({ req }) => {
      const p = signedIn(actorOf(req));
      return { userId: p.userId, email: p.email, role: p.role, unitId: p.unitId, csrfToken: csrfTokenOf(req) };
    });
  // Pages ask this instead of /auth/me: being signed out is an answer, not an error (no 401 in the console).
  route({ method: 'get', access: 'public', path: '/auth/session', tag, summary: 'Whether the request is signed in: {signedIn:false}, or the /auth/me answer with signedIn:true (always 200)', response: sessionResponse },
    async ({ req }) => {
      const p = actorOf(req).principal;
      return p ? { signedIn: true, userId: p.userId, email: p.email, role: p.role, unitId: p.unitId, csrfToken: csrfTokenOf(req) } : { signedIn: false };
    });
  route({ method: 'get', access: 'signed-in', path: '/auth/tokens', tag, summary: 'My API tokens (never the secrets)', response: z.object({ items: z.array(tokenResponse) }), errors: { 401: 'unauthorized' } },
    ({ req }) => auth.listApiTokens(actorOf(req)));
  route({ method: 'post', path: '/auth/tokens', tag, summary: 'Create an API token; the secret is shown only in this response', body: tokenCreate, status: 201, response: tokenResponse.extend({ token: z.string() }), errors: { 401: 'unauthorized' } },
    ({ req, body }) => auth.createApiToken(actorOf(req), body));
  route({ method: 'delete', path: '/auth/tokens/:id', tag, summary: 'Revoke one of my API tokens', params: idParams, status: 204, errors: { 401: 'unauthorized' } },
    ({ req, params }) => auth.revokeApiToken(actorOf(req), params.id));

  const users = 'Users';
  route({ method: 'get', access: 'signed-in', path: '/users', tag: users, summary: 'List users (admin)', query: userListQuery, response: z.object({ items: z.array(userResponse), nextCursor: z.number().nullable() }), errors: { 401: 'unauthorized', 403: 'forbidden' } },
    ({ req, query }) => auth.listUsers(actorOf(req), query));
  route({ method: 'post', path: '/users', tag: users, summary: 'Create a user (admin)', body: userCreate, status: 201, response: userResponse, errors: { 401: 'unauthorized', 403: 'forbidden', 409: 'already_exists' } },
    ({ req, body }) => auth.createUser(actorOf(req), body));
  route({ method: 'patch', path: '/users/:id', tag: users, summary: 'Change a user\'s role, unit or status (admin)', params: idParams, body: userUpdate, response: userResponse, errors: { 401: 'unauthorized', 403: 'forbidden' } },
    ({ req, params, body }) => auth.updateUser(actorOf(req), params.id, body));
  return r;
}

/**
 * The emailed link opens a page with one button; only its POST signs in. Mail scanners that
 * prefetch links therefore cannot spend the single-use link.
 */
export function signInPageRoutes(auth: AuthService, opts: { secureCookies: boolean; signInRateLimit: number; rateLimits?: RateLimitStores }): Router {
  const r = Router();
  r.get('/auth/sign-in/:token', (req, res) => {
    const { token } = signInParams.parse(req.params);
    const asked = req.query.lang;
    const language = asked === 'en' || asked === 'zh-CN' ? asked
      : req.headers['accept-language'] && req.acceptsLanguages('zh-CN', 'zh', 'en') === 'en' ? 'en' : 'zh-CN';
    res.type('html').send(signInPage(`/auth/sign-in/${encodeURIComponent(token)}`, language));
  });
  r.post('/auth/sign-in/:token', signInLimiter(opts.signInRateLimit, 'sign-in-link', opts.rateLimits), express.urlencoded({ extended: false, limit: '1kb' }), async (req, res) => {
    const { token } = signInParams.parse(req.params);
    const session = await auth.completeSignIn(token);
    setSessionCookie(res, session, opts.secureCookies);
    // Organizers land on the desk's home (web/desk); an emailed link's view is restored from there.
    res.redirect(303, '/desk/');
  });
  return r;
}
