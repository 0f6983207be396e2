import type { Request } from 'express';
import type { Actor } from '../shared/actor.ts';
import { actorLabel, type Principal } from '../shared/policy.ts';

/** Set by the authenticate middleware (auth/auth.middleware.ts) when the request carries credentials. */
export function setPrincipal(req: Request, principal: Principal): void {
  (req as Request & { principal?: Principal }).principal = principal;
}

export function principalOf(req: Request): Principal | undefined {
  return (req as Request & { principal?: Principal }).principal;
}

/** The acting party of a request, handed to services. */
export function actorOf(req: Request): Actor {
  const principal = principalOf(req);
  return {
    label: principal ? actorLabel(principal) : 'anonymous',
    requestId: req.id === undefined ? undefined : String(req.id),
    principal,
  };
}
