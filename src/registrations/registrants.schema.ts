import { z } from 'zod';
import { freeText, singleLine } from '../http/schemas.ts';

export const AUDIENCES = ['registrants', 'waitlist'] as const;

// The subject goes into a header: no control characters or line breaks.
const subject = singleLine(200);

export const registrantMessage = z.strictObject({
  audience: z.enum(AUDIENCES).meta({ description: '`registrants`: everyone confirmed; `waitlist`: everyone waiting' }),
  subject: subject.meta({ description: "Sent as written, followed by the activity's title" }),
  body: freeText(5000).trim().min(1).meta({ description: 'Plain text, sent as written (line breaks kept)' }),
});
export type RegistrantMessage = z.infer<typeof registrantMessage>;

export const messageQueued = z.object({
  queued: z.number().meta({ description: 'Emails queued (one per registration in the audience)' }),
  messageId: z.string(),
});
