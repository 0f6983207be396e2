import { z } from 'zod';
import { idParam } from '../http/schemas.ts';

export const CONSENT_STATUSES = ['pending', 'given', 'declined', 'withdrawn'] as const;

export const consentParams = z.strictObject({ id: idParam.meta({ description: 'The registration the consent is for' }) });
export const consentSigned = z.strictObject({ sig: z.string().min(1).max(100).meta({ description: "Signature from the guardian's email" }) });
export const consentListQuery = z.strictObject({ status: z.enum(CONSENT_STATUSES).optional() });

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });

/** What the guardian sees (their link proves they read the guardian's mailbox). */
export const consentView = z.object({
  registrationId: z.number(),
  participantName: z.string(),
  status: z.enum(CONSENT_STATUSES),
  requestedAt: z.string(),
  answeredAt: z.string().nullable(),
  activityId: z.number(),
  title: localized,
  organizer: localized,
  venue: localized.nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  allDay: z.boolean(),
  transport: z.string(),
  contact: z.string().meta({ description: "The contact's name" }),
  contactPhone: z.string(),
  destination: z.string(),
  meetingPoint: z.string(),
  meetingAt: z.string().nullable().meta({ description: 'UTC' }),
  textVersion: z.string().meta({ description: 'The consent text version it was asked and answered under (docs/privacy.md)' }),
  privacyContact: z.string().nullable().meta({ description: "The organizing unit's named person responsible for the personal data" }),
});
export type ConsentViewResponse = z.infer<typeof consentView>;

export const activityConsent = z.object({
  registrationId: z.number(),
  name: z.string(),
  class: z.string().nullable(),
  occurrenceId: z.number().nullable(),
  guardianEmail: z.string(),
  status: z.enum(CONSENT_STATUSES),
  requestedAt: z.string(),
  answeredAt: z.string().nullable(),
});
export const activityConsents = z.object({ items: z.array(activityConsent) });
