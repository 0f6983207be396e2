import type { Pool } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import { signedIn } from '../shared/policy.ts';
import { page } from '../shared/paging.ts';
import { inZone } from '../shared/time.ts';
import { selectPendingClaims } from './approvals.queries.ts';
import type { ApprovalQueueQuery } from './approvals.queue.schema.ts';

/**
 * The approval queue: claims waiting for a decision by the unit that owns the claimed resource.
 * Only claims of `requested` activities are listed — those hold the resource until someone decides
 * (a pending claim of a draft activity holds nothing and cannot confirm anything). Organizers and
 * viewers see the claims on their own unit's resources; admins see every unit's.
 */

export function approvalQueueService(pool: Pool) {
  return {
    async list(actor: Actor, query: ApprovalQueueQuery) {
      const principal = signedIn(actor);
      // A user without a unit (only admins may lack one) owns no resources: an empty queue.
      const unitId = principal.role === 'admin' ? null : (principal.unitId ?? -1);
      const rows = await selectPendingClaims(pool, { unitId, cursor: query.cursor, limit: query.limit });
      const shown = page(rows, query.limit);
      return {
        items: shown.items.map((r) => ({
          ...r,
          startsAt: inZone(r.startsAt, r.timeZone),
          endsAt: inZone(r.endsAt, r.timeZone),
          holdExpiresAt: r.holdExpiresAt && inZone(r.holdExpiresAt, r.timeZone),
        })),
        nextCursor: shown.nextCursor,
      };
    },
  };
}
export type ApprovalQueueService = ReturnType<typeof approvalQueueService>;
