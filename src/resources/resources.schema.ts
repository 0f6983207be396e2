import { z } from 'zod';
import { RESOURCE_KINDS, WEEKDAYS } from '../shared/types.ts';
import { freeText, id, idParam, localized, pageQuery } from '../http/schemas.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const interval = z
  .tuple([hhmm, hhmm])
  .refine(([from, to]) => from < to, 'an opening interval must end after it starts');

/** Weekly opening hours in the owning unit's zone; a missing day means closed that day. */
export const openingHours = z
  .strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(interval).max(6).optional()])) as Record<(typeof WEEKDAYS)[number], z.ZodOptional<z.ZodArray<typeof interval>>>)
  .meta({ description: 'Weekly opening hours, e.g. {"tue":[["09:00","16:30"]]}; null means always open' });
export type OpeningHours = z.infer<typeof openingHours>;

/** Where a resource is (building, wing, address) in both languages; either form may be empty. */
const place = z.strictObject({ 'zh-CN': freeText(500).trim().optional(), en: freeText(500).trim().optional() })
  .meta({ description: 'Where it is, in zh-CN and en ("科学教室 — 北京学校科学楼" / "Beijing School, science wing"); a page shows the reader\'s form, else the other' });
const notBoth = (v: { location?: string | undefined; place?: unknown }) => v.location === undefined || v.place === undefined;
const notBothMessage = { message: 'send place (both languages) or the older location, not both', path: ['location'] };

const resourceFields = {
  unitId: id,
  kind: z.enum(RESOURCE_KINDS),
  category: z.string().regex(/^[a-z0-9_]{1,64}$/, 'lowercase letters, digits and underscores').nullable().optional()
    .meta({ description: 'Type of equipment, e.g. telescope, for "N of any telescope" searches' }),
  name: localized(200),
  description: freeText(4000).default(''),
  location: freeText(500).optional()
    .meta({ description: 'Older single-text location: stored as the zh-CN form when it has Chinese characters, else as the en form. Prefer `place`.' }),
  place: place.optional(),
  quantity: z.number().int().min(1).max(100_000).default(1).meta({ description: 'Pool quantity; 1 for venues and staff' }),
  openingHours: openingHours.nullable().optional(),
};

const exclusiveHasOne = (v: { kind?: string | undefined; quantity?: number | undefined }) =>
  v.kind === undefined || v.kind === 'equipment' || v.quantity === undefined || v.quantity === 1;
const exclusiveMessage = { message: 'venues and staff are exclusive: quantity must be 1', path: ['quantity'] };

export const resourceCreate = z.strictObject(resourceFields).refine(exclusiveHasOne, exclusiveMessage).refine(notBoth, notBothMessage);
export type ResourceCreate = z.infer<typeof resourceCreate>;

export const resourceUpdate = z
  .strictObject({
    name: resourceFields.name.optional(),
    category: resourceFields.category,
    description: freeText(4000).optional(),
    location: freeText(500).optional()
      .meta({ description: 'Older single-text location (replaces both forms). Prefer `place`.' }),
    place: place.optional(),
    quantity: z.number().int().min(1).max(100_000).optional(),
    openingHours: resourceFields.openingHours,
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update')
  .refine(notBoth, notBothMessage);
export type ResourceUpdate = z.infer<typeof resourceUpdate>;

export const resourceListQuery = z.strictObject({
  kind: z.enum(RESOURCE_KINDS).optional(),
  unitId: idParam.optional(),
  category: z.string().max(64).optional(),
  ...pageQuery,
});
export type ResourceListQuery = z.infer<typeof resourceListQuery>;

export const resourceResponse = z.object({
  id: z.number(),
  unitId: z.number(),
  kind: z.enum(RESOURCE_KINDS),
  category: z.string().nullable(),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  description: z.string(),
  location: z.string().meta({ description: 'Older single text: the zh-CN form of place, else the en form' }),
  place: z.object({ 'zh-CN': z.string(), en: z.string() }).meta({ description: 'Where it is, in both languages; either may be empty' }),
  quantity: z.number(),
  openingHours: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Resource = z.infer<typeof resourceResponse>;
