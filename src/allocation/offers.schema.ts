import { z } from 'zod';
import { id, idParam, instant, localized } from '../http/schemas.ts';
import { ACTIVITY_KINDS } from '../shared/types.ts';

/** The term an offer is for, as commitments name it (e.g. spring-2027). */
const term = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens, e.g. spring-2027');
const districtCode = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);

export const offerRules = z.strictObject({
  perSchoolCap: z.number().int().min(1).max(1000).nullable().default(null).meta({ description: 'Most places one school may get (null: no cap)' }),
  districtQuotas: z.record(districtCode, z.number().int().min(0).max(100_000)).default({}).meta({ description: 'Most places per district code' }),
  termPriority: z.boolean().default(false).meta({ description: 'Schools with no place in the term so far come first' }),
  seed: z.number().int().min(0).max(4_294_967_295).optional().meta({ description: 'The lottery seed (default: drawn when the offer is published)' }),
});

const slotInput = z.strictObject({
  startsAt: instant,
  endsAt: instant,
  capacity: z.number().int().min(1).max(1000).meta({ description: 'How many classes the slot holds' }),
});

export const offerCreate = z.strictObject({
  unitId: id.meta({ description: 'The publishing unit (not a school)' }),
  term,
  kind: z.enum(ACTIVITY_KINDS),
  title: localized(200),
  grades: z.array(z.number().int().min(1).max(12)).min(1).max(12),
  classSize: z.strictObject({ min: z.number().int().min(1).max(10000).default(1), max: z.number().int().min(1).max(10000) }),
  claims: z.array(z.strictObject({ resourceId: id, quantity: z.number().int().min(1).max(100_000).default(1) })).max(20).default([])
    .meta({ description: 'The resources each slot claims when it is booked' }),
  slots: z.array(slotInput).min(1).max(2000),
  opensAt: instant,
  closesAt: instant,
  rules: offerRules.default({ perSchoolCap: null, districtQuotas: {}, termPriority: false }),
}).superRefine((o, ctx) => {
  if (o.classSize.max < o.classSize.min) ctx.addIssue({ code: 'custom', path: ['classSize', 'max'], message: 'must not be below min' });
  if (Date.parse(o.closesAt) <= Date.parse(o.opensAt)) ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'must be after opensAt' });
  o.slots.forEach((s, i) => {
    if (Date.parse(s.endsAt) <= Date.parse(s.startsAt)) ctx.addIssue({ code: 'custom', path: ['slots', i, 'endsAt'], message: 'must be after startsAt' });
  });
});
export type OfferCreate = z.infer<typeof offerCreate>;

export const offerSlot = z.object({ id, startsAt: z.string(), endsAt: z.string(), capacity: z.number().int() });
export const offerResponse = z.object({
  id, unitId: id, term: z.string(), kind: z.string(), title: z.object({ 'zh-CN': z.string(), en: z.string() }),
  grades: z.array(z.number().int()), classSize: z.object({ min: z.number().int(), max: z.number().int() }),
  claims: z.array(z.object({ resourceId: id, quantity: z.number().int() })), slots: z.array(offerSlot),
  opensAt: z.string(), closesAt: z.string(),
  rules: z.object({ perSchoolCap: z.number().int().nullable(), districtQuotas: z.record(z.string(), z.number().int()), termPriority: z.boolean(), seed: z.number().int() }),
  state: z.enum(['open', 'allocated']), allocatedAt: z.string().nullable(),
});
export type Offer = z.infer<typeof offerResponse>;

export const offerListQuery = z.strictObject({ term: term.optional(), unitId: idParam.optional() });

export const applicationCreate = z.strictObject({
  classId: id,
  classSize: z.number().int().min(1).max(10000),
  preferences: z.array(id).min(1).max(10).meta({ description: 'Slot ids of the offer, best first' }),
});
export type ApplicationCreate = z.infer<typeof applicationCreate>;
export const applicationUpdate = z.strictObject({
  classSize: z.number().int().min(1).max(10000).optional(),
  preferences: z.array(id).min(1).max(10).optional(),
});
export type ApplicationUpdate = z.infer<typeof applicationUpdate>;

export const applicationResponse = z.object({
  id, offerId: id, schoolUnitId: id, classId: id, classSize: z.number().int(), preferences: z.array(id),
  state: z.enum(['submitted', 'placed', 'waitlisted', 'not_placed']), slotId: id.nullable(), activityId: id.nullable(),
  explanation: z.unknown().nullable().meta({ description: 'After allocation: the outcome and each preference as codes with data (docs/allocation.md)' }),
  worded: z.object({ 'zh-CN': z.string(), en: z.string() }).nullable().optional().meta({ description: 'The explanation as the school reads it, in both languages (slots by their local date and time)' }),
  createdAt: z.string(), updatedAt: z.string(),
});
export type Application = z.infer<typeof applicationResponse>;
