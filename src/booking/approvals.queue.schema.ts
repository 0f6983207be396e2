import { z } from 'zod';
import { pageQuery } from '../http/schemas.ts';
import { ACTIVITY_KINDS } from '../shared/types.ts';
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
  venueName: localized.nullable().meta({ description: "The activity's venue (null: none)" }),
});
export type PendingClaim = z.infer<typeof pendingClaim>;
export const pendingClaimList = z.object({ items: z.array(pendingClaim), nextCursor: z.number().nullable() });
