import { z } from 'zod';
import { page } from '../shared/paging.ts';
import type { Pool, Queryable } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import { signedIn } from '../shared/policy.ts';
import { pageQuery } from '../http/schemas.ts';
import { ACTIVITY_KINDS } from '../shared/types.ts';
import { inZone } from '../shared/time.ts';

/**
 * The approval queue: claims waiting for a decision by the unit that owns the claimed resource.
 * Only claims of `requested` activities are listed — those hold the resource until someone decides
 * (a pending claim of a draft activity holds nothing and cannot confirm anything). Organizers and
 * viewers see the claims on their own unit's resources; admins see every unit's.
 */
export const approvalQueueQuery = z.strictObject({ ...pageQuery });
export type ApprovalQueueQuery = z.infer<typeof approvalQueueQuery>;

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });

export const pendingClaim = z.object({
  id: z.number().meta({ description: 'The claim (approve or decline it at /activities/{activityId}/claims/{id}/…)' }),
  activityId: z.number(),
  activityTitle: localized,
  activityKind: z.enum(ACTIVITY_KINDS),
  organizerUnitId: z.number(),
  organizerUnitName: localized,
  startsAt: z.string().meta({ description: 'First occurrence, with the offset of timeZone' }),
  endsAt: z.string(),
  timeZone: z.string(),
  recurrenceRule: z.string().nullable(),
  holdExpiresAt: z.string().nullable().meta({ description: 'When the hold lapses and the activity falls back to draft' }),
  resourceId: z.number(),
  resourceName: localized,
  resourceUnitId: z.number(),
  poolQuantity: z.number(),
  quantity: z.number(),
  setupMinutes: z.number(),
  teardownMinutes: z.number(),
});
export type PendingClaim = z.infer<typeof pendingClaim>;
export const pendingClaimList = z.object({ items: z.array(pendingClaim), nextCursor: z.number().nullable() });

type PendingClaimRow = PendingClaim;

/** Pending claims of requested activities, on one unit's resources (or all units' when unitId is null). */
export async function selectPendingClaims(db: Queryable, q: { unitId: number | null; cursor?: number | undefined; limit: number }): Promise<PendingClaimRow[]> {
  const { rows } = await db.query<PendingClaimRow>(
    `SELECT c.id, c.activity_id AS "activityId",
            json_build_object('zh-CN', a.title_zh, 'en', a.title_en) AS "activityTitle", a.kind AS "activityKind",
            a.organizer_unit_id AS "organizerUnitId", json_build_object('zh-CN', u.name_zh, 'en', u.name_en) AS "organizerUnitName",
            to_json(a.starts_at)#>>'{}' AS "startsAt", to_json(a.ends_at)#>>'{}' AS "endsAt", a.time_zone AS "timeZone",
            a.recurrence_rule AS "recurrenceRule", to_json(a.hold_expires_at)#>>'{}' AS "holdExpiresAt",
            c.resource_id AS "resourceId", json_build_object('zh-CN', r.name_zh, 'en', r.name_en) AS "resourceName",
            r.unit_id AS "resourceUnitId", r.quantity AS "poolQuantity",
            c.quantity, c.setup_minutes AS "setupMinutes", c.teardown_minutes AS "teardownMinutes"
       FROM claims c
       JOIN resources r ON r.id = c.resource_id
       JOIN activities a ON a.id = c.activity_id
       JOIN units u ON u.id = a.organizer_unit_id
      WHERE c.approval = 'pending' AND a.status = 'requested'
        AND ($1::bigint IS NULL OR r.unit_id = $1::bigint)
        AND ($2::bigint IS NULL OR c.id > $2::bigint)
      ORDER BY c.id
      LIMIT $3::int`,
    [q.unitId, q.cursor ?? null, q.limit + 1],
  );
  return rows;
}

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
