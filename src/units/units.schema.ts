import { z } from 'zod';
import { UNIT_KINDS } from '../shared/types.ts';
import { id, localized, pageQuery, timeZone } from '../http/schemas.ts';

/** The fields without defaults: PATCH derives from these, so it never sets what it was not sent. */
const unitFields = {
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes'),
  kind: z.enum(UNIT_KINDS),
  name: localized(200),
  parentId: id.nullable().optional(),
  timeZone,
};

export const unitCreate = z.strictObject({ ...unitFields, timeZone: timeZone.default('Asia/Shanghai') });
export type UnitCreate = z.infer<typeof unitCreate>;

export const unitUpdate = z.strictObject(unitFields).partial().refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UnitUpdate = z.infer<typeof unitUpdate>;

export const unitListQuery = z.strictObject({ kind: z.enum(UNIT_KINDS).optional(), ...pageQuery });
export type UnitListQuery = z.infer<typeof unitListQuery>;

export const unitResponse = z.object({
  id: z.number(),
  slug: z.string(),
  kind: z.enum(UNIT_KINDS),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  parentId: z.number().nullable(),
  timeZone: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof unitResponse>;
