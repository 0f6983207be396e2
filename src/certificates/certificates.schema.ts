import { z } from 'zod';

export const hoursBody = z.strictObject({
  hoursPerOccurrence: z.number().positive().max(24).multipleOf(0.25).meta({ description: 'Credit hours each attended occurrence earns (quarter hours)' }),
});

export const trainingHours = z.object({
  activityId: z.number(),
  hoursPerOccurrence: z.number().nullable().meta({ description: 'null: not set yet (no certificates are issued)' }),
  sessions: z.number().meta({ description: 'Scheduled occurrences' }),
  totalHours: z.number().nullable(),
});
export type TrainingHours = z.infer<typeof trainingHours>;

export const codeParams = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'must be a certificate code') });

export const verification = z.object({
  status: z.literal('valid'),
  name: z.string(),
  activity: z.object({ 'zh-CN': z.string(), en: z.string() }),
  firstDay: z.string(),
  lastDay: z.string(),
  hours: z.number(),
});
export type Verification = z.infer<typeof verification>;
