import { z } from 'zod';
import { idParam, singleLine } from '../http/schemas.ts';

const email = z.email().max(254).transform((e) => e.toLowerCase());
const token = z.string().min(1).max(600).meta({ description: "The signed link's token (from the email; expires after PERSONAL_LINK_HOURS)" });

export const linkRequest = z.strictObject({ email: email.meta({ description: "A guardian's or participant's address" }) });
export const linkRequested = z.object({ accepted: z.literal(true).meta({ description: 'The same answer whether or not Orrery knows the address' }) });
export const personToken = z.strictObject({ token });
export const personRegistrationParams = z.strictObject({ id: idParam });
export const correction = z.strictObject({
  name: singleLine(200).min(1).optional(),
  grade: z.number().int().min(1).max(12).nullable().optional(),
  class: singleLine(50).min(1).nullable().optional(),
});
const places = z.enum(['refuse', 'release']).default('refuse')
  .meta({ description: "With places still to come: 'refuse' answers 409 erasure_places_held naming them; 'release' cancels them (the waitlist moves up) and erases" });
export const erasureAsk = z.strictObject({ places });
export const erasureOnRequest = z.strictObject({ email, places });
export const personQuery = z.strictObject({ email });
export const holdBody = z.strictObject({ email, reason: singleLine(500).min(1).nullable().meta({ description: 'null lifts the hold' }) });
export const holdResponse = z.object({ email: z.string(), reason: z.string().nullable() });

export const erasureOutcome = z.object({ status: z.literal('erased'), registrations: z.number(), releasedPlaces: z.number() });

export const personData = z.object({
  registrations: z.array(z.object({
    id: z.number(), activityId: z.number(), organizerUnitId: z.number(), titleZh: z.string(), titleEn: z.string(),
    startsAt: z.string(), endsAt: z.string(), timeZone: z.string(), relation: z.enum(['participant', 'guardian']),
    name: z.string(), email: z.string(), role: z.string(), grade: z.number().nullable(), class: z.string().nullable(), language: z.string(),
    status: z.string(), checkInCode: z.string(), createdAt: z.string(), upcoming: z.boolean(),
    consent: z.object({ status: z.string(), guardianEmail: z.string(), requestedAt: z.string(), answeredAt: z.string().nullable(), textVersion: z.string() }).nullable(),
    attendance: z.array(z.object({ occurrenceId: z.number(), status: z.string(), markedAt: z.string() })),
    certificates: z.array(z.object({ code: z.string(), name: z.string(), hours: z.number(), issuedAt: z.string() })),
    emails: z.array(z.object({ kind: z.string(), status: z.string(), createdAt: z.string(), sentAt: z.string().nullable() })),
    withdrawUrl: z.string().nullable().meta({ description: "The guardian's consent withdrawal (a POST to the consent page's signed action)" }),
  })),
  feeds: z.array(z.object({ name: z.string(), createdAt: z.string() })),
  legalHold: z.object({ reason: z.string(), placedAt: z.string() }).nullable(),
});
