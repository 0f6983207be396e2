import { z } from 'zod';
import { id, instant, timeZone } from '../http/schemas.ts';
import { WEEKDAYS } from '../shared/types.ts';

const date = z.iso.date().meta({ example: '2027-03-01' });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const buffers = {
  setupMinutes: z.number().int().min(0).max(20_160).default(0),
  teardownMinutes: z.number().int().min(0).max(20_160).default(0),
};

/** "Find me a time": what is needed, when it may be, and whose calendars apply. */
export const availabilitySearch = z
  .strictObject({
    durationMinutes: z.number().int().min(5).max(1440),
    timeZone: timeZone.default('Asia/Shanghai'),
    from: date.meta({ description: 'First local day of the window' }),
    to: date.meta({ description: 'Last local day of the window (inclusive)' }),
    weekdays: z.array(z.enum(WEEKDAYS)).min(1).max(7).default([...WEEKDAYS]),
    hours: z.strictObject({ from: hhmm, to: hhmm }).default({ from: '00:00', to: '24:00' })
      .meta({ description: 'Local hours the activity must fit between' }),
    resources: z.array(z.strictObject({ resourceId: id, quantity: z.number().int().min(1).max(100_000).default(1), ...buffers })).max(20).default([])
      .meta({ description: 'Specific resources with quantities' }),
    equipment: z.array(z.strictObject({ category: z.string().regex(/^[a-z0-9_]{1,64}$/), quantity: z.number().int().min(1).max(100_000), ...buffers })).max(10).default([])
      .meta({ description: 'N of any equipment of a category, from one or more pools' }),
    venueChoices: z.strictObject({ resourceIds: z.array(id).min(1).max(20), ...buffers }).optional()
      .meta({ description: 'One of these venues' }),
    unitIds: z.array(id).max(20).default([]).meta({ description: 'Participating units whose calendars apply (owners of the resources apply anyway)' }),
    stepMinutes: z.number().int().min(5).max(240).default(30),
    limit: z.number().int().min(1).max(50).default(10),
  })
  .superRefine((v, ctx) => {
    if (v.resources.length + v.equipment.length === 0 && !v.venueChoices) ctx.addIssue({ code: 'custom', path: ['resources'], message: 'name at least one resource, equipment category or venue choice' });
    if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
    else if ((Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 > 366) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the window is at most 366 days' });
    if (v.hours.to <= v.hours.from) ctx.addIssue({ code: 'custom', path: ['hours', 'to'], message: 'must be after hours.from' });
  });
export type AvailabilitySearch = z.infer<typeof availabilitySearch>;

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });
const reason = z.object({
  kind: z.enum(['calendar', 'opening_hours', 'busy']),
  entryId: z.number().optional(),
  calendarKind: z.string().optional(),
  reason: localized.optional(),
  resourceId: z.number().nullable().optional(),
  requirement: z.string().optional(),
  needed: z.number().optional(),
  free: z.number().optional(),
});
const assignment = z.object({ resourceId: z.number(), quantity: z.number(), setupMinutes: z.number(), teardownMinutes: z.number() });

export const availabilityResponse = z.object({
  slots: z.array(z.object({ startsAt: z.string(), endsAt: z.string(), resources: z.array(assignment) })),
  explanation: z.object({
    days: z.array(z.object({ date: z.string(), blockedBy: z.array(reason) })),
    nearest: z.object({ startsAt: z.string(), endsAt: z.string(), problems: z.array(reason) }).nullable(),
  }).nullable().meta({ description: 'When nothing fits: what blocks each candidate day, and the slot that came nearest' }),
});

export const scheduleQuery = z.strictObject({
  from: instant,
  to: instant,
});
export type ScheduleQuery = z.infer<typeof scheduleQuery>;

export const scheduleResponse = z.object({
  resourceId: z.number(),
  quantity: z.number(),
  from: z.string(),
  to: z.string(),
  periods: z.array(z.object({ startsAt: z.string(), endsAt: z.string(), inUse: z.number(), free: z.number() }))
    .meta({ description: 'Busy periods (set-up and tear-down included) with the quantity in use' }),
  bookings: z.array(z.object({
    activityId: z.number(), occurrenceId: z.number(), title: localized.nullable(), status: z.string(),
    quantity: z.number(), startsAt: z.string(), endsAt: z.string(),
  })),
  blocks: z.array(z.object({ entryId: z.number().nullable(), kind: z.string(), reason: localized, startsAt: z.string(), endsAt: z.string() })),
});
