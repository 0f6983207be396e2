import { z } from 'zod';
import { idParam, queryInteger } from '../http/schemas.ts';
import { ACTIVITY_KINDS } from '../shared/types.ts';

/** Who is coming across a unit's activities: the registrations tab opens on this (issue 25 item 11). */
export const overviewQuery = z.strictObject({
  unitId: idParam.optional().meta({ description: "Admins: one unit's activities (default: every unit's); others always see their own unit's, and another unit's id is refused" }),
  days: queryInteger(1, 366).default(90).meta({ description: 'Activities with a session starting within this many days from now (or under way)' }),
});
export type OverviewQuery = z.infer<typeof overviewQuery>;

export const overviewItem = z.object({
  activityId: z.number(),
  kind: z.enum(ACTIVITY_KINDS),
  title: z.object({ 'zh-CN': z.string(), en: z.string() }),
  status: z.enum(['requested', 'confirmed']),
  organizerUnitId: z.number(),
  timeZone: z.string(),
  allDay: z.boolean(),
  capacity: z.number().nullable(),
  confirmed: z.number(),
  waitlisted: z.number(),
  consentsMissing: z.number().meta({ description: "Registrations whose guardian has not answered yet (pending consent)" }),
  nextStartsAt: z.string().meta({ description: 'The next session not yet over (UTC)' }),
  nextEndsAt: z.string().meta({ description: 'UTC' }),
  sessionsLeft: z.number().meta({ description: 'Sessions not yet over' }),
});
export const overviewList = z.object({ items: z.array(overviewItem) });
export type RegistrationOverview = z.infer<typeof overviewList>;
