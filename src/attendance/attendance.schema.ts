import { z } from 'zod';
import { id } from '../http/schemas.ts';

export const ATTENDANCE_STATUSES = ['present', 'late', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export type MarkMethod = 'list' | 'scan';

export const mark = z.strictObject({ registrationId: id, status: z.enum(ATTENDANCE_STATUSES) });
export type Mark = z.infer<typeof mark>;

export const markBody = z.strictObject({ marks: z.array(mark).min(1).max(1000) });
export const scanBody = z.strictObject({
  code: z.string().min(1).max(200).meta({ description: 'The decoded QR payload (ORRERY-A1.12.34.<mac>) or the short check-in code (ABC-DEFG; any case, spaces and dashes ignored)' }),
});

const row = z.object({
  registrationId: z.number(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  grade: z.number().nullable(),
  class: z.string().nullable(),
  registrationStatus: z.enum(['confirmed', 'waitlisted', 'cancelled']),
  status: z.enum(ATTENDANCE_STATUSES).nullable().meta({ description: 'null: not marked yet' }),
  method: z.enum(['list', 'scan']).nullable(),
  markedBy: z.string().nullable(),
  markedAt: z.string().nullable(),
  noShows: z.number().meta({ description: 'Occurrences of this activity the registrant was marked absent at' }),
  flags: z.array(z.string()).meta({ description: 'Warnings shown beside the name, e.g. consent_missing' }),
});

export const attendanceList = z.object({
  occurrence: z.object({
    id: z.number(), activityId: z.number(), kind: z.string(), title: z.object({ 'zh-CN': z.string(), en: z.string() }),
    startsAt: z.string(), endsAt: z.string(), timeZone: z.string(), allDay: z.boolean(), status: z.enum(['scheduled', 'cancelled']),
  }),
  counts: z.object({ present: z.number(), late: z.number(), absent: z.number(), unmarked: z.number() }),
  items: z.array(row),
});
export type AttendanceList = z.infer<typeof attendanceList>;

export const scanResult = z.object({
  registrationId: z.number(),
  name: z.string(),
  status: z.enum(ATTENDANCE_STATUSES),
  alreadyMarked: z.boolean().meta({ description: 'The code was scanned before: nothing changed' }),
  list: attendanceList,
});
export type ScanResult = z.infer<typeof scanResult>;
