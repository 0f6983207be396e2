import { z } from 'zod';
import { id, idParam, queryInteger } from '../http/schemas.ts';
import { READINESS_ITEMS } from './readiness.rules.ts';

export const readinessPupilParams = z.strictObject({ id: idParam, registrationId: idParam.meta({ description: "The pupil's registration" }) });
export const headCountBody = z.strictObject({
  headCount: z.number().int().min(0).max(100_000).meta({ description: 'The number of pupils going, as the organizer counted them: must equal the number registered and not excluded' }),
});
export const readinessListQuery = z.strictObject({
  unitId: idParam.optional().meta({ description: "Admins: one unit's visits (organized or received); others always see their own unit's" }),
  days: queryInteger(1, 120).default(30).meta({ description: 'Visits starting within this many days from now' }),
  notReady: z.enum(['true', 'false']).transform((v) => v === 'true').optional().meta({ description: "'true': only visits not ready (what the organizer home shows)" }),
});
export type ReadinessListQuery = z.infer<typeof readinessListQuery>;

const item = z.object({
  key: z.enum(READINESS_ITEMS),
  ok: z.boolean(),
  actor: z.enum(['school', 'unit', 'guardians']).meta({ description: 'Who must act' }),
  data: z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string()), z.null()])).meta({ description: 'Figures for the words (counts, missing fields, dates)' }),
});

export const readinessResponse = z.object({
  activityId: z.number(),
  title: z.object({ 'zh-CN': z.string(), en: z.string() }),
  startsAt: z.string().meta({ description: 'UTC' }),
  timeZone: z.string(),
  organizerUnitId: z.number(),
  ready: z.boolean().meta({ description: 'Every item met' }),
  readyAt: z.string().nullable().meta({ description: 'When the organizer marked it ready' }),
  brokenAt: z.string().nullable().meta({ description: 'When a change broke readiness after the mark (notified)' }),
  headCountConfirmedAt: z.string().nullable(),
  headCountDueAt: z.string().meta({ description: 'headCountDays before the start' }),
  items: z.array(item),
  missing: z.array(z.enum(READINESS_ITEMS)),
  going: z.number().meta({ description: 'Pupils registered and not excluded' }),
  adultsNeeded: z.number(),
  pupilsPerAdult: z.number(),
  stage: z.enum(['primary', 'secondary']),
  flagged: z.array(z.object({
    registrationId: id, name: z.string(), class: z.string().nullable(),
    reason: z.enum(['consent_pending', 'consent_withdrawn', 'consent_declined']),
  })).meta({ description: 'The roster\'s flags: pupils without consent, or whose consent was declined or withdrawn' }),
});
export const readinessList = z.object({ items: z.array(readinessResponse) });
