import { z } from 'zod';
import { freeText, id } from '../http/schemas.ts';

/**
 * Books into blocked calendar time (holiday, exam week, closure, maintenance, outside opening hours)
 * anyway, recording the reason in the audit log. Issue 6: restrict to admins (see calendarOverride in the service).
 */
export const override = z.strictObject({ reason: freeText(500).trim().min(3) })
  .meta({ description: 'Admin override of calendar blocks, with the reason recorded in the audit log' });
export type Override = z.infer<typeof override>;

/** A claim's sizes without defaults: PATCH derives from these, so it never resets what it was not sent. */
const claimSizes = {
  quantity: z.number().int().min(1).max(100_000),
  setupMinutes: z.number().int().min(0).max(20_160).meta({ description: 'Busy time before each occurrence' }),
  teardownMinutes: z.number().int().min(0).max(20_160).meta({ description: 'Busy time after each occurrence' }),
};

export const claimInput = z.strictObject({
  resourceId: id,
  quantity: claimSizes.quantity.default(1),
  setupMinutes: claimSizes.setupMinutes.default(0),
  teardownMinutes: claimSizes.teardownMinutes.default(0),
});
export type ClaimInput = z.infer<typeof claimInput>;
export const claimUpdate = z.strictObject(claimSizes).partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type ClaimUpdate = z.infer<typeof claimUpdate>;


export const claimResponse = z.object({
  id: z.number(),
  activityId: z.number(),
  resourceId: z.number(),
  quantity: z.number(),
  setupMinutes: z.number(),
  teardownMinutes: z.number(),
  approval: z.enum(['not_needed', 'pending', 'approved', 'declined'])
    .meta({ description: 'A claim on another unit\'s resource waits for that unit\'s approval' }),
});
export type Claim = z.infer<typeof claimResponse>;

