import { API, type Mounting } from '../http/mount.ts';
import type { RateLimitStores } from '../http/rate-limit.ts';
import type { AuthService } from './auth.service.ts';
import { authApiRoutes, signInPageRoutes } from './auth.routes.ts';

/** Sessions, tokens and users (/auth…, /users…) and the sign-in page. `auth` is made first by app.ts: the API router authenticates with it. */
export function mountAuth(ctx: Mounting, auth: AuthService, options: { secureCookies: boolean; signInRateLimit: number; rateLimits: RateLimitStores }): void {
  ctx.api.use(authApiRoutes(ctx.registry, API, auth, options));
  ctx.pages.use(signInPageRoutes(auth, options));
}
