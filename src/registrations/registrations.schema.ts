import { z } from 'zod';
import { LANGUAGES } from '../shared/types.ts';
import { idParam, pageQuery, singleLine, timeZone } from '../http/schemas.ts';

export const REGISTRATION_ROLES = ['student', 'teacher', 'guardian', 'staff'] as const;
export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;

// Names end up in email headers: control characters (CR/LF, U+0085 and every other C0/C1 one) and
// line/paragraph separators are refused outright (src/shared/text.ts).
const printable = singleLine;

export const registrationCreate = z.strictObject({
  name: printable(200),
  email: z.email().max(254).transform((e) => e.toLowerCase()),
  role: z.enum(REGISTRATION_ROLES),
  grade: z.number().int().min(1).max(12).optional(),
  class: printable(50).optional().meta({ description: 'School class, e.g. 3班' }),
  language: z.enum(LANGUAGES).default('zh-CN').meta({ description: 'Language of the emails' }),
  timeZone: timeZone.optional().meta({ description: "Participant's zone for quiet hours (default: the activity's)" }),
  occurrenceId: z.number().int().positive().optional().meta({ description: "The occurrence to attend: required when the activity's registrationScope is 'occurrence', refused otherwise" }),
  guardianEmail: z.email().max(254).transform((e) => e.toLowerCase()).optional()
    .meta({ description: "A guardian's email: required for students registering for kinds that leave the school (docs/consent.md)" }),
});
export type RegistrationCreate = z.infer<typeof registrationCreate>;

/** What anyone posting an email address learns: no personal data (that needs the signed link). */
export const registrationReceipt = z.object({
  id: z.number(),
  activityId: z.number(),
  status: z.enum(REGISTRATION_STATUSES),
  waitlistPosition: z.number().nullable(),
  createdAt: z.string(),
});
export type RegistrationReceipt = z.infer<typeof registrationReceipt>;

/**
 * The answer to registering: the receipt, and whether this address had registered already (then nothing changed).
 * A new registration also carries its manage link (the one its confirmation email carries): whoever just
 * typed these details may open the page of what they typed. A repeat never does (the address's owner may
 * not be the one asking).
 */
export const registrationAnswer = registrationReceipt.extend({
  alreadyRegistered: z.boolean().meta({ description: 'true: this email had registered already (status 200); nothing changed and no email was sent — the page says "you are already registered"' }),
  manageUrl: z.string().optional().meta({ description: "New registrations only (status 201): the participant page's signed path (/registrations/{id}?sig=…), as in the confirmation email" }),
});
export type RegistrationAnswer = z.infer<typeof registrationAnswer>;

export const answerOf = (r: { created: boolean; registration: RegistrationReceipt; manageUrl?: string | undefined }): RegistrationAnswer =>
  (r.created && r.manageUrl ? { ...r.registration, alreadyRegistered: false, manageUrl: r.manageUrl } : { ...r.registration, alreadyRegistered: !r.created });

export const registrationResponse = registrationReceipt.extend({
  name: z.string(),
  email: z.string(),
  role: z.enum(REGISTRATION_ROLES),
  grade: z.number().nullable(),
  class: z.string().nullable(),
  language: z.enum(LANGUAGES),
  timeZone: z.string(),
  remindersEnabled: z.boolean(),
  occurrenceId: z.number().nullable(),
  updatedAt: z.string(),
});
export type Registration = z.infer<typeof registrationResponse>;

export const signedQuery = z.strictObject({
  sig: z.string().min(1).max(100).meta({ description: 'Signature from the link in the email' }),
});

export const registrationListQuery = z.strictObject({
  status: z.enum(REGISTRATION_STATUSES).optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Part of the name or email (case-insensitive)' }),
  ...pageQuery,
});
export type RegistrationListQuery = z.infer<typeof registrationListQuery>;

export const registrationParams = z.strictObject({ id: idParam });

export const registrationMove = z.strictObject({ occurrenceId: z.number().int().positive() });
