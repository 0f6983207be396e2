import { z } from 'zod';
import { UNIT_KINDS } from '../shared/types.ts';
import { id, localized, pageQuery, singleLine, timeZone } from '../http/schemas.ts';

/** The fields without defaults: PATCH derives from these, so it never sets what it was not sent. */
const unitFields = {
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes'),
  kind: z.enum(UNIT_KINDS),
  name: localized(200),
  parentId: id.nullable().optional(),
  timeZone,
  /** The readiness rule of field visits (docs/field-visits.md): pupils per accompanying adult, primary and secondary. */
  pupilsPerAdultPrimary: z.number().int().min(1).max(100).meta({ description: 'Pupils per accompanying adult on a visit of primary pupils (default 6)' }),
  pupilsPerAdultSecondary: z.number().int().min(1).max(100).meta({ description: 'Pupils per accompanying adult on a visit of secondary pupils (default 10)' }),
  privacyContact: singleLine(200).min(1).nullable().optional()
    .meta({ description: "The named person responsible for participants' personal data at this unit (name and how to reach them); guardian consent pages state it (docs/privacy.md)" }),
};

export const unitCreate = z.strictObject({ ...unitFields, timeZone: timeZone.default('Asia/Shanghai'),
  pupilsPerAdultPrimary: unitFields.pupilsPerAdultPrimary.default(6), pupilsPerAdultSecondary: unitFields.pupilsPerAdultSecondary.default(10) });
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
  pupilsPerAdultPrimary: z.number(),
  pupilsPerAdultSecondary: z.number(),
  privacyContact: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof unitResponse>;
