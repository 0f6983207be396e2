import { z } from 'zod';
import { toDateTime } from '../shared/time.ts';
import { ACTIVITY_KINDS, ACTIVITY_STATUSES, LANGUAGES } from '../shared/types.ts';
import { freeText, id, instant, localized, optionalLocalized, timeZone } from '../http/schemas.ts';
import { parseRule, RecurrenceRuleError } from '../shared/recurrence.ts';
import { claimInput, claimResponse, override } from './claims.schema.ts';

/** An RRULE in the supported subset; the service expands it (and enforces the limits). */
export const recurrenceRule = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .superRefine((text, ctx) => {
    try {
      parseRule(text);
    } catch (error) {
      if (!(error instanceof RecurrenceRuleError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  })
  .meta({
    description: 'RFC 5545 RRULE subset: FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, BYDAY, COUNT or UNTIL; startsAt is the first occurrence',
    example: 'FREQ=WEEKLY;BYDAY=TH;COUNT=12',
  });

const grade = z.number().int().min(1).max(12);

/** A change of localized text: the languages sent replace theirs, the others stay (no defaults). */
export const localizedChange = (max: number) =>
  z.strictObject({ 'zh-CN': freeText(max).trim(), en: freeText(max).trim() }).partial()
    .refine((v) => Object.keys(v).length > 0, 'give zh-CN, en or both');

/** A phone number as people write it: digits with an optional leading +, spaces, dashes, parentheses. */
const phone = z.string().trim().max(40).regex(/^$|^\+?[0-9][0-9 ()-]{4,38}$/, 'a phone number: digits, optionally + at the start, spaces, dashes or parentheses');

/** Where an activity that leaves the school goes (docs/field-visits.md); optional everywhere, no defaults (PATCH). */
const tripFields = {
  destination: freeText(500).trim().optional().meta({ description: 'Where the pupils go (an activity away from school): shown to guardians, on the activity and participant pages' }),
  meetingPoint: freeText(500).trim().optional().meta({ description: 'Where participants meet before leaving' }),
  meetingAt: instant.nullable().optional().meta({ description: 'When participants meet: at most 24 hours before startsAt and not after it; null clears it' }),
  contactPhone: phone.optional().meta({ description: "The contact's phone on the day" }),
  pupilsPerAdult: z.number().int().min(1).max(100).nullable().optional()
    .meta({ description: 'At most this many pupils per accompanying adult; null: the strictest rule of the units involved (1:6 primary, 1:10 secondary by default)' }),
  headCountDays: z.number().int().min(0).max(60).optional().meta({ description: 'The head count is confirmed this many days before the start (default 7)' }),
};

/** Registration settings (docs/registrations.md#sessions, docs/consent.md); optional everywhere, no defaults (PATCH). */
const participationFields = {
  registrationScope: z.enum(['series', 'occurrence']).optional()
    .meta({ description: "'series' (default): one registration for the whole series; 'occurrence': participants pick one occurrence, capacity and waitlist per occurrence" }),
  transport: freeText(2000).trim().optional().meta({ description: 'How participants travel (shown to guardians asked for consent)' }),
  contact: freeText(500).trim().optional().meta({ description: 'Name of whom guardians may call on the day (the contact)' }),
  ...tripFields,
};

const activityFields = {
  kind: z.enum(ACTIVITY_KINDS),
  title: localized(200),
  description: optionalLocalized(10_000).optional(),
  organizerUnitId: id,
  venueId: id.nullable().optional(),
  startsAt: instant,
  endsAt: instant,
  timeZone,
  allDay: z.boolean().default(false).meta({ description: 'All-day or multi-day (summer camps): starts and ends at local midnight' }),
  status: z.enum(ACTIVITY_STATUSES).default('draft'),
  visibility: z.enum(['public', 'internal']).default('public'),
  capacity: z.number().int().min(0).max(100_000).nullable().optional(),
  audienceGrades: z.array(grade).max(12).default([]),
  languages: z.array(z.enum(LANGUAGES)).min(1).max(2).default(['zh-CN']),
  ...participationFields,
};

interface Timed {
  meetingAt?: string | null | undefined;
  startsAt?: string | undefined;
  endsAt?: string | undefined;
  timeZone?: string | undefined;
  allDay?: boolean | undefined;
}

/** Shared refinements; the update path re-checks them against the merged row in the service. */
export function checkTiming(v: Timed, ctx: z.RefinementCtx): void {
  if (v.startsAt && v.endsAt && toDateTime(v.endsAt) <= toDateTime(v.startsAt)) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  }
  if (v.meetingAt && v.startsAt) {
    const gap = toDateTime(v.startsAt).diff(toDateTime(v.meetingAt), 'hours').hours;
    if (gap < 0 || gap > 24) ctx.addIssue({ code: 'custom', path: ['meetingAt'], message: 'must be at most 24 hours before startsAt, and not after it' });
  }
  if (v.allDay && v.startsAt && v.endsAt && v.timeZone) {
    for (const key of ['startsAt', 'endsAt'] as const) {
      const local = toDateTime(v[key]!).setZone(v.timeZone);
      if (!local.equals(local.startOf('day'))) {
        ctx.addIssue({ code: 'custom', path: [key], message: `an all-day activity ${key === 'startsAt' ? 'starts' : 'ends'} at local midnight` });
      }
    }
  }
}

export const activityCreate = z
  .strictObject({
    ...activityFields,
    status: z.enum(['draft', 'requested', 'confirmed']).default('draft'),
    claims: z.array(claimInput).max(50).default([]),
    recurrenceRule: recurrenceRule.nullable().optional(),
    override: override.optional(),
  })
  .superRefine(checkTiming)
  .superRefine((v, ctx) => {
    const ids = v.claims.map((c) => c.resourceId);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['claims'], message: 'each resource may be claimed once' });
  });
export type ActivityCreate = z.infer<typeof activityCreate>;

/** One claim of the full set a PATCH sends (no defaults: PATCH never invents values). */
export const claimSetItem = z.strictObject({
  resourceId: id,
  quantity: z.number().int().min(1).max(100_000),
  setupMinutes: z.number().int().min(0).max(20_160),
  teardownMinutes: z.number().int().min(0).max(20_160),
});

export type ClaimSetItem = z.infer<typeof claimSetItem>;

export const activityUpdate = z
  .strictObject({
    claims: z.array(claimSetItem).max(50).optional().meta({
      description: 'The full set of claims besides the venue\'s (which follows venueId): missing ones are released, new ones claimed, others resized — checked together with the other changes',
    }),
    kind: activityFields.kind.optional(),
    title: localized(200).optional(),
    description: localizedChange(10_000).optional().meta({ description: 'The languages given replace theirs; the other stays' }),
    venueId: activityFields.venueId,
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    timeZone: timeZone.optional(),
    allDay: z.boolean().optional(),
    status: z.enum(ACTIVITY_STATUSES).optional(),
    visibility: z.enum(['public', 'internal']).optional(),
    capacity: activityFields.capacity,
    audienceGrades: z.array(grade).max(12).optional(),
    languages: z.array(z.enum(LANGUAGES)).min(1).max(2).optional(),
    ...participationFields,
    recurrenceRule: recurrenceRule.nullable().optional().meta({ description: 'A new rule (or time) re-expands the series, keeping moved and cancelled occurrences whose date it still has; null makes it a one-off' }),
    override: override.optional(),
  })
  .refine((v) => Object.keys(v).filter((k) => k !== 'override').length > 0, 'nothing to update')
  .superRefine(checkTiming)
  .superRefine((v, ctx) => {
    const ids = (v.claims ?? []).map((c) => c.resourceId);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['claims'], message: 'each resource may be claimed once' });
  });
export type ActivityUpdate = z.infer<typeof activityUpdate>;

export const activityResponse = z.object({
  id: z.number(),
  kind: z.enum(ACTIVITY_KINDS),
  title: z.object({ 'zh-CN': z.string(), en: z.string() }),
  description: z.object({ 'zh-CN': z.string(), en: z.string() }),
  organizerUnitId: z.number(),
  venueId: z.number().nullable(),
  startsAt: z.string().meta({ description: 'Start, with the offset of timeZone' }),
  endsAt: z.string(),
  timeZone: z.string(),
  allDay: z.boolean(),
  status: z.enum(ACTIVITY_STATUSES),
  visibility: z.enum(['public', 'internal']),
  capacity: z.number().nullable(),
  audienceGrades: z.array(z.number()),
  languages: z.array(z.enum(LANGUAGES)),
  recurrenceRule: z.string().nullable(),
  sequence: z.number(),
  registrationScope: z.enum(['series', 'occurrence']),
  transport: z.string(),
  contact: z.string(),
  destination: z.string(),
  meetingPoint: z.string(),
  meetingAt: z.string().nullable().meta({ description: 'With the offset of timeZone' }),
  contactPhone: z.string(),
  pupilsPerAdult: z.number().nullable(),
  headCountDays: z.number(),
  holdExpiresAt: z.string().nullable().meta({ description: 'While requested: when the hold on other units\' resources lapses' }),
  claims: z.array(claimResponse),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Activity = z.infer<typeof activityResponse>;
