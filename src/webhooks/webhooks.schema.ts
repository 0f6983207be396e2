import { z } from 'zod';
import { idParam, pageQuery, singleLine } from '../http/schemas.ts';
import { WEBHOOK_EVENT_TYPES } from './events.ts';

export const eventType = z.enum(WEBHOOK_EVENT_TYPES);
export const endpointUrl = z.string().max(2000).regex(/^https?:\/\/\S+$/, 'an http or https URL');

export const webhookCreate = z.strictObject({
  url: endpointUrl.meta({ description: 'Where events are POSTed; refused (422 url_not_allowed) when it resolves to a private address' }),
  description: singleLine(200).optional(),
  eventTypes: z.array(eventType).min(1).max(WEBHOOK_EVENT_TYPES.length).meta({ description: 'The event types it receives' }),
});
export type WebhookCreate = z.infer<typeof webhookCreate>;

export const webhookPatch = z.strictObject({
  url: endpointUrl.optional(),
  description: singleLine(200).optional(),
  eventTypes: z.array(eventType).min(1).max(WEBHOOK_EVENT_TYPES.length).optional(),
  enabled: z.boolean().optional().meta({ description: 'Turn it on again after Orrery turned it off (410 Gone), or off' }),
});
export type WebhookPatch = z.infer<typeof webhookPatch>;

export const webhookResponse = z.object({
  id: z.number(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  failing: z.number().meta({ description: 'Deliveries failed in the last week or waiting after a failed attempt' }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const webhookWithSecret = webhookResponse.extend({
  secret: z.string().meta({ description: 'The signing secret (whsec_…), shown only now: store it with the receiver' }),
});

const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export const webhookDeliveryQuery = z.strictObject({ status: z.enum(DELIVERY_STATUSES).optional(), ...pageQuery });
export type WebhookDeliveryQuery = z.infer<typeof webhookDeliveryQuery>;

export const webhookDelivery = z.object({
  id: z.number(),
  endpointId: z.number(),
  eventId: z.string().meta({ description: 'The webhook-id header: the same on every attempt and on a replay' }),
  eventType: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  lastStatus: z.number().nullable().meta({ description: "The receiver's last HTTP status; null when it could not be reached" }),
  lastError: z.string().nullable(),
  availableAt: z.string(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export const webhookDeliveryDetail = webhookDelivery.extend({
  payload: z.unknown(),
  attemptLog: z.array(z.object({ attemptedAt: z.string(), responseStatus: z.number().nullable(), error: z.string().nullable(), durationMs: z.number() })),
});
export const deliveryParams = z.strictObject({ id: idParam });
