import { IANAZone } from 'luxon';
import { z } from 'zod';

/** Reusable request-schema pieces; refinements here are enforced, and described in OpenAPI. */

export const id = z.coerce.number().int().positive().max(2 ** 53 - 1);
export const idParams = z.strictObject({ id });

export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => IANAZone.isValidZone(zone), {
    message: 'must be an IANA time zone such as Asia/Shanghai',
  })
  .meta({ description: 'IANA time zone, e.g. Asia/Shanghai', example: 'Asia/Shanghai' });

/** An instant with an explicit offset or Z, e.g. 2026-03-02T16:00:00+08:00. */
export const instant = z.iso
  .datetime({ offset: true })
  .meta({ description: 'RFC 3339 date-time with offset', example: '2026-03-02T16:00:00+08:00' });

export const localized = (max: number) =>
  z.strictObject({
    'zh-CN': z.string().trim().min(1).max(max),
    en: z.string().trim().min(1).max(max),
  });

export const optionalLocalized = (max: number) =>
  z.strictObject({
    'zh-CN': z.string().trim().max(max).default(''),
    en: z.string().trim().max(max).default(''),
  });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.coerce.number().int().min(0).optional().meta({ description: 'Pass nextCursor of the previous page' }),
};
