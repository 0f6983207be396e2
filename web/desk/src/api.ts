import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../generated/api';

/**
 * The API client, typed from the app's /openapi.json (scripts/desk-api.ts generates the types), so a
 * changed schema fails the desk's type check. Same-origin cookies; writes carry the CSRF token.
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && request.method !== 'GET') request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ credentials: 'same-origin' });
api.use(csrf);

/** A problem+json answer, kept whole; the page words it by its status and code. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string | undefined;
  /** A 422's fields, by their path in the request ("window.endsOn"). */
  readonly errors: { path: string; message: string }[];
  /** The whole problem+json body (field errors, conflicts: the page words them). */
  readonly problem: Record<string, unknown>;
  constructor(status: number, problem: unknown) {
    const p = (problem ?? {}) as { code?: string; title?: string; errors?: { path: string; message: string }[] };
    super(p.title ?? `HTTP ${status}`);
    this.status = status;
    this.code = p.code;
    this.errors = Array.isArray(p.errors) ? p.errors : [];
    this.problem = typeof problem === 'object' && problem !== null ? problem as Record<string, unknown> : {};
  }
}

/** The data of an openapi-fetch answer, or an ApiProblem. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) throw new ApiProblem(result.response.status, result.error);
  return result.data;
}
