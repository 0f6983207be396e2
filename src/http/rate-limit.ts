import { rateLimit } from 'express-rate-limit';
import { sendProblem } from './problem.ts';

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
    handler: (req, res) => sendProblem(req, res, 429, 'rate_limited', `Too many ${what}; try again later`),
  });
}
