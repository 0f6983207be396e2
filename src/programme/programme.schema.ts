import { z } from 'zod';
import { ACTIVITY_KINDS } from '../shared/types.ts';
import { idParam, instant, queryInteger } from '../http/schemas.ts';

/** The programme as a calendar shows it: one item per occurrence in a window, with filters. */
export const programmeQuery = z.strictObject({
  from: instant.meta({ description: 'Window start' }),
  to: instant.meta({ description: 'Window end (at most 400 days after from)' }),
  kind: z.enum(ACTIVITY_KINDS).optional(),
  unitId: idParam.optional().meta({ description: 'Organizer unit' }),
  venueId: idParam.optional(),
  grade: queryInteger(1, 12).optional(),
});
export type ProgrammeQuery = z.infer<typeof programmeQuery>;

export const programmeItem = z.object({
  occurrenceId: z.number(),
  activityId: z.number(),
  kind: z.enum(ACTIVITY_KINDS),
  title: z.object({ 'zh-CN': z.string(), en: z.string() }),
  startsAt: z.string().meta({ description: "With the offset of the activity's zone" }),
  endsAt: z.string(),
  timeZone: z.string(),
  allDay: z.boolean(),
  cancelled: z.boolean().meta({ description: 'The activity or this occurrence is cancelled' }),
  venueId: z.number().nullable(),
  organizerUnitId: z.number(),
  audienceGrades: z.array(z.number()),
});
export type ProgrammeItem = z.infer<typeof programmeItem>;
export const programmeResponse = z.object({ items: z.array(programmeItem), truncated: z.boolean() });
