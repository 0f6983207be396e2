import { z } from 'zod';
import { idParam, pageQuery } from '../http/schemas.ts';

const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled'] as const;
export const deliveryStatus = z.enum(DELIVERY_STATUSES);

/**
 * The outbox list's schemas, for the kinds the features registered (EmailKinds.listed, ./kinds.ts):
 * participants' emails, guardians' consent requests, certificate notices and staff emails (approvals;
 * those name a user, not a registration).
 */
export function deliverySchemas(kinds: readonly string[]) {
  const kind = z.enum(kinds as [string, ...string[]]);
  return {
    query: z.strictObject({
      status: deliveryStatus.optional().meta({ description: '`failed`: permanent SMTP refusals, or given up after retries' }),
      kind: kind.optional(),
      activityId: idParam.optional(),
      ...pageQuery,
    }),
    delivery: z.object({
      id: z.number(), kind, status: deliveryStatus, registrationId: z.number().nullable().meta({ description: 'null for staff emails (approvals), which go to a user' }), activityId: z.number(),
      occurrenceId: z.number().nullable(), rule: z.string().nullable(), sequence: z.number(), recipient: z.string(),
      availableAt: z.string(), attempts: z.number(), lastError: z.string().nullable(), sentAt: z.string().nullable(), messageId: z.string().nullable(),
    }),
  };
}
export type DeliveryQuery = z.infer<ReturnType<typeof deliverySchemas>['query']>;
