import { z } from 'zod';
import { id, idParam, pageQuery, singleLine } from '../http/schemas.ts';
import { ROLES } from '../shared/policy.ts';

/** A plain mailbox: no display name, no CR/LF, nothing a mail header could be bent with. */
export const email = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/, 'must be an email address')
  .transform((v) => v.toLowerCase());

/** Names end up in email headers: control characters and line/paragraph separators are refused outright. */
export const personName = singleLine(200);

export const signInRequest = z.strictObject({ email });
export const signInParams = z.strictObject({ token: z.string().max(200) });

export const tokenCreate = z.strictObject({
  name: singleLine(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const userCreate = z.strictObject({
  email,
  name: personName.default('').or(z.literal('')),
  unitId: id.nullable().default(null),
  role: z.enum(ROLES),
}).refine((u) => u.role === 'admin' || u.unitId !== null, { message: 'organizers and viewers belong to a unit', path: ['unitId'] });

export const userUpdate = z.strictObject({
  name: personName.optional(),
  unitId: id.nullable().optional(),
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
}).refine((v) => Object.keys(v).length > 0, 'nothing to update');

export const userListQuery = z.strictObject({ unitId: idParam.optional(), ...pageQuery });

export const userResponse = z.object({
  id: z.number(), email: z.string(), name: z.string(), unitId: z.number().nullable(), role: z.enum(ROLES), disabled: z.boolean(), createdAt: z.string(),
});
export const tokenResponse = z.object({
  id: z.number(), userId: z.number(), name: z.string(), prefix: z.string(), createdAt: z.string(),
  lastUsedAt: z.string().nullable(), expiresAt: z.string().nullable(), revoked: z.boolean(),
});
export const meResponse = z.object({
  userId: z.number(), email: z.string(), role: z.enum(ROLES), unitId: z.number().nullable(),
  csrfToken: z.string().nullable().meta({ description: 'Send as X-CSRF-Token on state-changing requests made with the session cookie' }),
});
export const sessionResponse = z.union([meResponse.extend({ signedIn: z.literal(true) }), z.object({ signedIn: z.literal(false) })]);
