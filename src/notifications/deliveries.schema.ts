import { z } from 'zod';
import { idParam, pageQuery } from '../http/schemas.ts';
import { MESSAGE_KINDS } from './templates/messages.ts';
import { CONSENT_MESSAGE_KINDS } from './templates/consent.ts';
import { CERTIFICATE_MESSAGE_KINDS } from './templates/certificate.ts';
import { STAFF_KINDS } from './staff.queries.ts';

/** Participants' emails, guardians' consent requests and staff emails (approvals; those name a user, not a registration). */
const DELIVERY_KINDS = [...MESSAGE_KINDS, ...CONSENT_MESSAGE_KINDS, ...CERTIFICATE_MESSAGE_KINDS, ...STAFF_KINDS] as const;

const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled'] as const;

export const deliveryQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional().meta({ description: '`failed`: permanent SMTP refusals, or given up after retries' }),
  kind: z.enum(DELIVERY_KINDS).optional(),
  activityId: idParam.optional(),
  ...pageQuery,
});
export type DeliveryQuery = z.infer<typeof deliveryQuery>;

export const delivery = z.object({
  id: z.number(), kind: z.enum(DELIVERY_KINDS), status: z.enum(DELIVERY_STATUSES), registrationId: z.number().nullable().meta({ description: 'null for staff emails (approvals), which go to a user' }), activityId: z.number(),
  occurrenceId: z.number().nullable(), rule: z.string().nullable(), sequence: z.number(), recipient: z.string(),
  availableAt: z.string(), attempts: z.number(), lastError: z.string().nullable(), sentAt: z.string().nullable(), messageId: z.string().nullable(),
});
