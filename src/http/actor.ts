import type { Request } from 'express';
import type { Actor } from '../audit/audit.queries.ts';

/** The acting party of a request; authentication (when present) sets `req.actor`. */
export function actorOf(req: Request): Actor {
  const label = (req as Request & { actorLabel?: string }).actorLabel ?? 'anonymous';
  return { label, requestId: req.id === undefined ? undefined : String(req.id) };
}
