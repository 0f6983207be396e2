import { z } from 'zod';
import { id, idParam, singleLine } from '../http/schemas.ts';

export const subscriptionCreate = z
  .strictObject({
    resourceId: id.optional().meta({ description: 'The venue or staff member the busy time belongs to' }),
    classId: id.optional().meta({ description: 'Or the class (e.g. its school timetable): a class booking in its busy time is refused' }),
    name: singleLine(200).meta({ description: 'Shown as the reason when it blocks a booking, e.g. "School timetable"' }),
    url: z.string().max(2000).regex(/^https?:\/\/\S+$/, 'an http or https URL').optional().meta({ description: 'An ICS URL, refreshed hourly with If-None-Match' }),
    ics: z.string().min(1).optional().meta({ description: 'Or the file itself, read once: at most 5 MB (5,242,880 bytes) in UTF-8, else 413 payload_too_large' }),
  })
  .refine((v) => (v.url === undefined) !== (v.ics === undefined), { message: 'give either url or ics', path: ['url'] })
  .refine((v) => (v.resourceId === undefined) !== (v.classId === undefined), { message: 'give either resourceId or classId', path: ['resourceId'] });
export type SubscriptionCreate = z.infer<typeof subscriptionCreate>;

export const subscriptionListQuery = z
  .strictObject({ resourceId: idParam.optional(), classId: idParam.optional() })
  .refine((v) => (v.resourceId === undefined) !== (v.classId === undefined), { message: 'give either resourceId or classId', path: ['resourceId'] });
export type SubscriptionListQuery = z.infer<typeof subscriptionListQuery>;

export const subscriptionResponse = z.object({
  id: z.number(),
  resourceId: z.number().nullable(),
  classId: z.number().nullable(),
  name: z.string(),
  url: z.string().nullable(),
  fetchedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  busyCount: z.number(),
  createdAt: z.string(),
});
export type Subscription = z.infer<typeof subscriptionResponse>;
