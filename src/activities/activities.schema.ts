import { z } from 'zod';
import { ACTIVITY_KINDS, ACTIVITY_STATUSES } from '../shared/types.ts';
import { idParam, instant, queryInteger, timeZone } from '../http/schemas.ts';
import { checkTiming, recurrenceRule } from '../booking/activity.schema.ts';

export const activityListQuery = z.strictObject({
  kind: z.enum(ACTIVITY_KINDS).optional(),
  unitId: idParam.optional().meta({ description: 'Organizer unit' }),
  venueId: idParam.optional(),
  status: z.enum(ACTIVITY_STATUSES).optional(),
  grade: queryInteger(1, 12).optional(),
  from: instant.optional().meta({ description: 'Only activities ending after this instant' }),
  to: instant.optional().meta({ description: 'Only activities starting before this instant' }),
  limit: queryInteger(1, 200).default(50),
  cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]+$/).optional().meta({ description: 'Pass nextCursor of the previous page' }),
});
export type ActivityListQuery = z.infer<typeof activityListQuery>;

/** What the live preview of a series asks: the same expansion booking uses (shared/recurrence.ts). */
export const recurrencePreview = z
  .strictObject({
    startsAt: instant,
    endsAt: instant,
    timeZone,
    allDay: z.boolean().optional(),
    recurrenceRule,
  })
  .superRefine(checkTiming);
export type RecurrencePreview = z.infer<typeof recurrencePreview>;

export const recurrencePreviewResponse = z.object({
  count: z.number(),
  occurrences: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })).meta({ description: 'Every occurrence, with the offset of timeZone' }),
  limits: z.object({ maxOccurrences: z.number(), maxYears: z.number() }),
});
