import { z } from 'zod';
import { id, idParam, localized, pageQuery, queryInteger, timeZone } from '../http/schemas.ts';
import { WEEKDAYS } from '../shared/types.ts';

/**
 * Glossary. class: who an activity is for and who cannot be in two places at once — a school class
 * (grade × class number, with a size), a teacher group or a club. class calendar entry: time a class
 * (or a whole grade) is not free — exam weeks, blocked spans — or its weekly free afternoon.
 */
export const CLASS_KINDS = ['school_class', 'teacher_group', 'club'] as const;
export type ClassKind = (typeof CLASS_KINDS)[number];

export const classCode = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens, e.g. g7-1');

const classFields = {
  unitId: id,
  kind: z.enum(CLASS_KINDS),
  code: classCode,
  name: localized(200),
  grade: z.number().int().min(1).max(12).nullable().optional(),
  number: z.number().int().min(1).max(99).nullable().optional(),
  size: z.number().int().min(0).max(10_000).default(0),
};

function checkGrade(v: { kind?: ClassKind | undefined; grade?: number | null | undefined; number?: number | null | undefined }, ctx: z.RefinementCtx): void {
  if (v.kind === undefined) return;
  const graded = v.grade != null && v.number != null;
  if (v.kind === 'school_class' && !graded) ctx.addIssue({ code: 'custom', path: ['grade'], message: 'a school class has a grade and a class number' });
  if (v.kind !== 'school_class' && (v.grade != null || v.number != null)) ctx.addIssue({ code: 'custom', path: ['grade'], message: 'only a school class has a grade and a class number' });
}

export const classCreate = z.strictObject(classFields).superRefine(checkGrade);
export type ClassCreate = z.infer<typeof classCreate>;

export const classUpdate = z.strictObject({
  name: localized(200).optional(),
  size: z.number().int().min(0).max(10_000).optional(),
}).refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type ClassUpdate = z.infer<typeof classUpdate>;

export const classListQuery = z.strictObject({
  unitId: idParam.optional(),
  kind: z.enum(CLASS_KINDS).optional(),
  grade: queryInteger(1, 12).optional(),
  ...pageQuery,
});
export type ClassListQuery = z.infer<typeof classListQuery>;

export const classResponse = z.object({
  id: z.number(),
  unitId: z.number(),
  kind: z.enum(CLASS_KINDS),
  code: z.string(),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  grade: z.number().nullable(),
  number: z.number().nullable(),
  size: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SchoolClass = z.infer<typeof classResponse>;

export const classImport = z.strictObject({
  unitId: id,
  csv: z.string().min(1).meta({ description: 'CSV with a header: code,kind,grade,number,size,name_zh,name_en; at most 1 MB (1,048,576 bytes) in UTF-8, else 413 payload_too_large' }),
  apply: z.boolean().default(false).meta({ description: 'false: a dry run that only reports; true: all rows or none' }),
});
export type ClassImport = z.infer<typeof classImport>;

export const csvIssue = z.object({ line: z.number(), column: z.string(), message: z.string() });
export const classImportResponse = z.object({
  applied: z.boolean(),
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  errors: z.array(csvIssue),
});

const date = z.iso.date().meta({ description: 'Local date, YYYY-MM-DD' });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');

export const CLASS_CALENDAR_KINDS = ['exam_week', 'blocked', 'free_afternoon'] as const;
export type ClassCalendarKind = (typeof CLASS_CALENDAR_KINDS)[number];

export const classCalendarCreate = z.strictObject({
  unitId: id,
  kind: z.enum(CLASS_CALENDAR_KINDS).meta({ description: 'exam_week and blocked span whole local days; free_afternoon is weekly' }),
  classId: id.nullable().optional(),
  grade: z.number().int().min(1).max(12).nullable().optional().meta({ description: 'Every class of this grade of the unit' }),
  name: localized(200),
  startsOn: date.optional(),
  endsOn: date.optional(),
  weekday: z.enum(WEEKDAYS).optional(),
  from: hhmm.optional(),
  to: hhmm.optional(),
  timeZone: timeZone.default('Asia/Shanghai'),
}).superRefine((v, ctx) => {
  if (v.classId != null && v.grade != null) ctx.addIssue({ code: 'custom', path: ['grade'], message: 'a class or a grade, not both' });
  if (v.kind === 'free_afternoon') {
    if (!v.weekday || !v.from || !v.to || v.to <= v.from) ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'a free afternoon has a weekday and from < to' });
    if (v.startsOn || v.endsOn) ctx.addIssue({ code: 'custom', path: ['startsOn'], message: 'a free afternoon is weekly; no dates' });
  } else if (!v.startsOn || !v.endsOn || v.endsOn < v.startsOn) {
    ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'give startsOn and endsOn, endsOn on or after startsOn' });
  }
});
export type ClassCalendarCreate = z.infer<typeof classCalendarCreate>;

export const classCalendarResponse = z.object({
  id: z.number(),
  unitId: z.number(),
  kind: z.enum(CLASS_CALENDAR_KINDS),
  classId: z.number().nullable(),
  grade: z.number().nullable(),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  weekday: z.enum(WEEKDAYS).nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  timeZone: z.string(),
});
export type ClassCalendarEntry = z.infer<typeof classCalendarResponse>;

export const activityClasses = z.strictObject({ classIds: z.array(id).max(200) });
export const activityClassesResponse = z.object({ activityId: z.number(), classIds: z.array(z.number()) });
