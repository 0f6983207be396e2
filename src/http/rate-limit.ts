import { rateLimit } from 'express-rate-limit';
import { TooManyRequestsError } from '../shared/errors.ts';

/**
 * A per-client-IP limit for one kind of request (sign-in, registration) on top of the general API
 * limit: these are the endpoints an anonymous caller can use to make Orrery send email.
 */
export function perClientLimit(limit: number, windowMinutes: number, what: string) {
  return rateLimit({
    windowMs: windowMinutes * 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new TooManyRequestsError(`Too many ${what}; try again later`)),
  });
}
