import { z } from 'zod';
import { id, idParam, instant } from '../http/schemas.ts';
import { HEAD_COUNT_STEPS, STEPS } from './roster.rules.ts';

const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _');
const device = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, - or _');

export const rosterParams = z.strictObject({
  date: z.iso.date().meta({ description: 'The day of the visits, YYYY-MM-DD (in each activity\'s own zone)', example: '2027-03-02' }),
});
export const rosterQuery = z.strictObject({
  unitId: idParam.optional().meta({ description: "Admins: the unit whose visits; others always get their own unit's" }),
});

const person = z.object({
  registrationId: id,
  name: z.string(),
  role: z.enum(['student', 'teacher', 'guardian', 'staff']),
  grade: z.number().nullable(),
  class: z.string().nullable(),
  consent: z.enum(['given', 'missing', 'none']).meta({ description: 'missing: a guardian was asked and has not consented (flagged on the roster)' }),
  shortCode: z.string().meta({ description: 'The short check-in code, as shown (ABC-DEFG)' }),
  payload: z.string().meta({ description: 'The signed QR payload of this registration for this occurrence' }),
});

export const rosterResponse = z.object({
  date: z.string(),
  unitId: z.number(),
  signature: z.string().meta({ description: 'Sent back with every sync: scopes marks to these visits, this day and this device session' }),
  expiresAt: z.string().meta({ description: 'After this the roster is not accepted (the page erases it)' }),
  generatedAt: z.string(),
  steps: z.array(z.enum(STEPS)),
  visits: z.array(z.object({
    activityId: id,
    occurrenceId: id,
    title: z.object({ 'zh-CN': z.string(), en: z.string() }),
    startsAt: z.string(), endsAt: z.string(), timeZone: z.string(),
    destination: z.string(), meetingPoint: z.string(), meetingAt: z.string().nullable(),
    contact: z.string(), contactPhone: z.string(), transport: z.string(),
    people: z.array(person),
  })),
  marks: z.array(z.object({ registrationId: id, occurrenceId: id, step: z.enum(STEPS), deviceTime: z.string(), device: z.string() }))
    .meta({ description: 'Marks already synced (by any device) that count' }),
});
export type RosterResponse = z.infer<typeof rosterResponse>;

const mark = z.strictObject({
  markId: clientId.meta({ description: "The device's id for the mark: a mark sent twice counts once" }),
  occurrenceId: id,
  registrationId: id.optional(),
  code: z.string().min(1).max(300).optional().meta({ description: 'A scanned QR payload or a typed short code, instead of registrationId' }),
  step: z.enum(STEPS),
  method: z.enum(['scan', 'tap']),
  deviceTime: instant,
  device,
}).refine((m) => (m.registrationId === undefined) !== (m.code === undefined), { message: 'give exactly one of registrationId and code', path: ['registrationId'] });

const headCount = z.strictObject({
  headCountId: clientId,
  occurrenceId: id,
  step: z.enum(HEAD_COUNT_STEPS),
  counted: z.number().int().min(0).max(5000),
  missing: z.array(id).max(5000).meta({ description: 'Registrations not counted' }),
  deviceTime: instant,
  device,
});

export const syncBody = z.strictObject({
  signature: z.string().min(1).max(20_000).meta({ description: 'The roster\'s signature (GET /rosters/{date})' }),
  marks: z.array(mark).max(400).default([]).meta({ description: 'At most 400 (a request stays under BODY_LIMIT); the page sends 200 at a time' }),
  headCounts: z.array(headCount).max(50).default([]),
});
export type SyncBody = z.infer<typeof syncBody>;

const other = z.object({ markId: z.string(), device: z.string(), deviceTime: z.string() });
export const MARK_REFUSALS = ['check_in_code_invalid', 'check_in_code_unknown', 'roster_other_activity', 'roster_other_day', 'check_in_cancelled', 'check_in_waitlisted', 'not_on_visit', 'consent_missing', 'device_session_revoked'] as const;
export type MarkRefusal = (typeof MARK_REFUSALS)[number];

export const syncResult = z.object({
  sessionRevoked: z.boolean().meta({ description: 'The device session that fetched the roster was signed out or revoked: every mark refused, kept for review' }),
  receivedAt: z.string(),
  marks: z.array(z.object({
    markId: z.string(),
    outcome: z.enum(['accepted', 'duplicate', 'conflict', 'refused']),
    registrationId: z.number().nullable(),
    code: z.enum(MARK_REFUSALS).optional().meta({ description: 'Why refused' }),
    kept: z.boolean().optional().meta({ description: 'A refused mark stored for the organizer to review' }),
    won: z.boolean().optional().meta({ description: 'conflict: this (earlier) mark counts now' }),
    other: other.optional().meta({ description: 'conflict: the other mark for the same pupil and step' }),
  })),
  headCounts: z.array(z.object({
    headCountId: z.string(),
    outcome: z.enum(['accepted', 'duplicate', 'conflict', 'refused']),
    code: z.enum(['roster_other_day', 'roster_other_activity', 'device_session_revoked']).optional(),
    won: z.boolean().optional(),
    other: other.optional(),
  })),
});
export type SyncResult = z.infer<typeof syncResult>;

export const rosterMarks = z.object({
  marks: z.array(z.object({
    markId: z.string(), registrationId: id, name: z.string(), occurrenceId: id, step: z.enum(STEPS), method: z.enum(['scan', 'tap']),
    device: z.string(), deviceTime: z.string(), receivedAt: z.string(), markedBy: z.string(),
    refused: z.enum(['superseded', 'consent_missing', 'device_session_revoked']).nullable(),
  })),
  headCounts: z.array(z.object({
    headCountId: z.string(), occurrenceId: id, step: z.enum(HEAD_COUNT_STEPS), counted: z.number(), expected: z.number(), missing: z.array(z.number()),
    device: z.string(), deviceTime: z.string(), receivedAt: z.string(), refused: z.enum(['superseded', 'device_session_revoked']).nullable(),
  })),
});
