import { z } from 'zod';
import { id, idParam, instant, localized, pageQuery, timeZone } from '../http/schemas.ts';
import { WEEKDAYS } from '../shared/types.ts';
import { CALENDAR_KINDS } from './blocking.ts';

const date = z.iso.date().meta({ description: 'Local date, YYYY-MM-DD', example: '2026-10-01' });

/**
 * A calendar entry covers whole local days (`startsOn`..`endsOn` inclusive, in `timeZone`) or a span
 * of instants (`startsAt`..`endsAt`). Scope: a resource, a unit (and its resources) or, with
 * neither, everyone.
 */
export const calendarEntryCreate = z
  .strictObject({
    kind: z.enum(CALENDAR_KINDS).meta({ description: 'term (informational), holiday, exam_week, closure, maintenance (block); makeup_workday (opens a weekend date)' }),
    unitId: id.nullable().optional(),
    resourceId: id.nullable().optional(),
    name: localized(200).meta({ description: 'Shown as the reason when it blocks a booking' }),
    startsOn: date.optional(),
    endsOn: date.optional(),
    timeZone: timeZone.default('Asia/Shanghai'),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    asWeekday: z.enum(WEEKDAYS).optional().meta({ description: 'makeup_workday only: whose opening hours the day follows' }),
  })
  .superRefine((v, ctx) => {
    const days = v.startsOn !== undefined || v.endsOn !== undefined;
    const instants = v.startsAt !== undefined || v.endsAt !== undefined;
    if (days === instants) ctx.addIssue({ code: 'custom', path: ['startsOn'], message: 'give startsOn and endsOn, or startsAt and endsAt' });
    if (days && (!v.startsOn || !v.endsOn || v.endsOn < v.startsOn)) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'give both; endsOn on or after startsOn' });
    if (instants && (!v.startsAt || !v.endsAt || Date.parse(v.endsAt) <= Date.parse(v.startsAt))) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'give both; endsAt after startsAt' });
    if (v.unitId && v.resourceId) ctx.addIssue({ code: 'custom', path: ['resourceId'], message: 'scope is a unit or a resource, not both' });
    if ((v.kind === 'makeup_workday') !== (v.asWeekday !== undefined)) ctx.addIssue({ code: 'custom', path: ['asWeekday'], message: 'required for makeup_workday, and only there' });
  });
export type CalendarEntryCreate = z.infer<typeof calendarEntryCreate>;

export const calendarEntryListQuery = z.strictObject({
  kind: z.enum(CALENDAR_KINDS).optional(),
  unitId: idParam.optional(),
  resourceId: idParam.optional(),
  from: instant.optional(),
  to: instant.optional(),
  ...pageQuery,
});
export type CalendarEntryListQuery = z.infer<typeof calendarEntryListQuery>;

export const calendarEntryResponse = z.object({
  id: z.number(),
  kind: z.enum(CALENDAR_KINDS),
  unitId: z.number().nullable(),
  resourceId: z.number().nullable(),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  startsAt: z.string(),
  endsAt: z.string(),
  allDay: z.boolean(),
  timeZone: z.string(),
  asWeekday: z.enum(WEEKDAYS).nullable(),
  createdAt: z.string(),
});
export type CalendarEntryResponse = z.infer<typeof calendarEntryResponse>;
