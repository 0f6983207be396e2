import { Router, type Request, type Response } from 'express';
import { z, type ZodType } from 'zod';
import { UnauthorizedError, ValidationError, type FieldIssue } from '../shared/errors.ts';
import { principalOf } from './actor.ts';
import { uploadBody, type UploadSpec } from './uploads.ts';

/**
 * Every API route is declared through `defineRoute`: the same zod schemas validate the request
 * and describe it in the OpenAPI document (see openapi.ts), so the two cannot drift apart.
 */
export interface RouteSpec<P extends ZodType, Q extends ZodType, B extends ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path relative to the router's mount point, e.g. `/units/:id`. */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Status of a successful response (default 200). */
  status?: number;
  /** Schema of a successful response body, for the docs. */
  response?: ZodType;
  /** Other documented outcomes, e.g. { 409: 'resource_conflict' }. */
  errors?: Record<number, string>;
  /** Media type of a non-JSON success response. */
  produces?: string;
  /**
   * Who may call it at all, checked before validation so an anonymous caller learns nothing
   * about the body: `signed-in` (the default for POST, PUT, PATCH, DELETE) or `public` (the default
   * for GET; also sign-in requests, registrations and the signed participant links). What a
   * signed-in user may do is then decided by the service (shared/policy.ts).
   */
  access?: 'public' | 'signed-in';
  /** A file upload: its body is read with the file's limit, not BODY_LIMIT (uploads.ts). Only on routes under the API mount. */
  upload?: UploadSpec;
}

export function accessOf(spec: Pick<RouteSpec<ZodType, ZodType, ZodType>, 'access' | 'method'>): 'public' | 'signed-in' {
  return spec.access ?? (spec.method === 'get' ? 'public' : 'signed-in');
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

export interface RegisteredRoute {
  spec: RouteSpec<ZodType, ZodType, ZodType>;
  mount: string;
}

/** Collects routes for the OpenAPI document. One per app instance. */
export class RouteRegistry {
  readonly routes: RegisteredRoute[] = [];
  /**
   * OpenAPI path items written by hand for the few routes that cannot go through `defineRoute`
   * (the iCal feed file: HEAD, 304, and 404 rather than 422 for a malformed token), keyed by
   * OpenAPI path. Their schemas must still come from the zod schemas the route itself uses.
   */
  readonly pathItems: Record<string, Record<string, unknown>> = {};
  /**
   * The body parsers of the upload routes, by method and path; the API router runs them before its
   * own small JSON parser (app.ts apiRouter), so only these routes take large bodies.
   */
  readonly uploadBodies: Router = Router();
}

/** Names short and plain enough to echo; anything else (a token pasted as a query name) is not repeated. */
const SHOWN_NAME = /^[A-Za-z][A-Za-z0-9_.[\]-]{0,39}$/;

export function issuesOf(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map((p) => (SHOWN_NAME.test(String(p)) || typeof p === 'number' ? String(p) : '[redacted]'))].filter(Boolean).join('.'),
    message: issue.code === 'unrecognized_keys'
      ? `Unrecognized ${issue.keys.length === 1 ? 'key' : 'keys'}: ${issue.keys.map((k) => (SHOWN_NAME.test(k) ? `"${k}"` : '[redacted]')).join(', ')}`
      : issue.message,
  }));
}

/**
 * Text PostgreSQL cannot store (NUL) or that is not Unicode at all (a lone UTF-16 surrogate,
 * which would be stored silently as U+FFFD) is refused for every field of every request, keys
 * included, before any schema sees it: one rule at the edge instead of a refinement that each
 * string field of each schema must remember.
 */
export function unstorableText(value: unknown, path: string, found: FieldIssue[] = [], depth = 0): FieldIssue[] {
  if (found.length >= 10 || depth > 32) return found;
  const bad = (text: string) => text.includes('\u0000') || !text.isWellFormed();
  if (typeof value === 'string') {
    if (bad(value)) found.push({ path, message: 'must not contain NUL characters or unpaired surrogates' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => unstorableText(item, `${path}.${index}`, found, depth + 1));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (bad(key)) found.push({ path, message: 'field names must not contain NUL characters or unpaired surrogates' });
      else unstorableText(item, `${path}.${key}`, found, depth + 1);
    }
  }
  return found;
}

function parsePart<T extends ZodType>(schema: T | undefined, value: unknown, part: string): z.output<T> {
  if (!schema) return undefined as z.output<T>;
  const unstorable = unstorableText(value, part);
  if (unstorable.length > 0) throw new ValidationError(`Invalid request ${part}`, unstorable);
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new ValidationError(`Invalid request ${part}`, issuesOf(result.error, part));
  return result.data;
}

/**
 * Registers a handler. The handler gets typed, validated input and returns the response body;
 * `undefined` sends 204. Handlers that stream or set their own body call `res` and return it.
 */
export function defineRoute<P extends ZodType, Q extends ZodType, B extends ZodType>(
  router: Router,
  registry: RouteRegistry,
  mount: string,
  spec: RouteSpec<P, Q, B>,
  handler: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<unknown>,
): void {
  registry.routes.push({ spec: spec as unknown as RouteSpec<ZodType, ZodType, ZodType>, mount });
  const signedInOnly = accessOf(spec) === 'signed-in';
  if (spec.upload) registry.uploadBodies[spec.method](spec.path, uploadBody(spec.upload));
  router[spec.method](spec.path, async (req: Request, res: Response) => {
    if (signedInOnly && !principalOf(req)) throw new UnauthorizedError();
    const params = parsePart(spec.params, req.params, 'params');
    const query = parsePart(spec.query, req.query, 'query');
    const body = parsePart(spec.body, spec.body ? req.body : undefined, 'body');
    const result = await handler({ params, query, body, req, res });
    if (result === res || res.headersSent) return;
    if (result === undefined) {
      res.status(204).end();
      return;
    }
    res.status(spec.status ?? 200).json(result);
  });
}

/** Binds a router, registry and mount point once, so route files read as a list of declarations. */
export function routeOn(router: Router, registry: RouteRegistry, mount: string) {
  return <P extends ZodType, Q extends ZodType, B extends ZodType>(
    spec: RouteSpec<P, Q, B>,
    handler: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<unknown>,
  ): void => defineRoute(router, registry, mount, spec, handler);
}
