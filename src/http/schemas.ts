import { IANAZone } from 'luxon';
import { z } from 'zod';
import { hasLineBreaking, hasStrayControl } from '../shared/text.ts';

/** Reusable request-schema pieces; refinements here are enforced, and described in OpenAPI. */

/**
 * An id in a JSON body: a JSON integer from 1 to 2^53 - 1, never coerced (`true`, "13", [13] and
 * "0x0d" are not ids). Path and query strings use `idParam`.
 */
export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An id in a path or query string: decimal digits only (no sign, spaces, leading zero, hex or exponent). */
export const idParam = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, 'must be a positive integer in decimal digits')
  .transform(Number)
  .pipe(id)
  .meta({ description: 'Positive integer id', example: '42' });
export const idParams = z.strictObject({ id: idParam });

/** A whole number in a query string, as strict as `idParam` ("1e1", "0x0c" and " 5" are not numbers). */
export const queryInteger = (min: number, max: number) =>
  z.string().regex(/^(0|[1-9][0-9]{0,8})$/, 'must be a whole number in decimal digits').transform(Number).pipe(z.number().int().min(min).max(max));

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

/**
 * A name, title or subject: one line of 1..max characters, trimmed. Control characters (C0, DEL, C1
 * such as U+0085) and line/paragraph separators (U+2028, U+2029) are refused, not cleaned: these
 * values reach email headers, calendar properties and CSV cells (src/shared/text.ts).
 */
export const LINE_BREAKING_MESSAGE = 'must not contain control characters or line breaks';
export const singleLine = (max: number) =>
  z.string().trim().min(1).max(max).refine((s) => !hasLineBreaking(s), LINE_BREAKING_MESSAGE);

/** Multi-line free text of at most max characters: line breaks (LF, CR) and TAB kept, other controls and U+2028/U+2029 refused. */
export const FREE_TEXT_MESSAGE = 'must not contain control characters other than line breaks and tabs';
export const freeText = (max: number) => z.string().max(max).refine((s) => !hasStrayControl(s), FREE_TEXT_MESSAGE);

export const localized = (max: number) =>
  z.strictObject({
    'zh-CN': singleLine(max),
    en: singleLine(max),
  });

export const optionalLocalized = (max: number) =>
  z.strictObject({
    'zh-CN': freeText(max).trim().default(''),
    en: freeText(max).trim().default(''),
  });

export const pageQuery = {
  limit: queryInteger(1, 200).default(50),
  cursor: z.union([z.literal('0').transform(() => 0), idParam]).optional().meta({ description: 'Pass nextCursor of the previous page' }),
};
