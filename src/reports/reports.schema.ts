import { z } from 'zod';
import { timeZone } from '../http/schemas.ts';
import { ACTIVITY_KINDS } from '../shared/types.ts';

/**
 * Glossary. report: numbers over a period about what the programme delivered. held occurrence: a
 * scheduled occurrence of a confirmed activity that started in the period and has ended; a moved
 * occurrence counts where (and when) it actually took place; a cancelled one (the occurrence, or the
 * whole activity after it was confirmed) counts as cancelled. Months are taken in the report's zone.
 */
const date = z.iso.date().meta({ description: 'Local date, YYYY-MM-DD' });
export const REPORT_SECTIONS = ['delivery', 'reach', 'demand', 'utilisation', 'commitments', 'email'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const reportQuery = z.strictObject({
  period: z.enum(['month', 'term', 'year', 'custom']).default('year').meta({ description: 'month (month=YYYY-MM), term (term=calendar entry id of kind term), year (school year starting September of year=YYYY), custom (from, to)' }),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM').optional(),
  term: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  from: date.optional(),
  to: date.optional().meta({ description: 'Last day included' }),
  zone: timeZone.optional().meta({ description: 'IANA zone the days and months are taken in (default FEED_TIME_ZONE)' }),
  unitId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().meta({ description: 'Only activities organised by this unit (utilisation: resources of this unit)' }),
  kind: z.enum(ACTIVITY_KINDS).optional(),
  grade: z.coerce.number().int().min(1).max(12).optional().meta({ description: 'Only activities for this grade (audience or linked classes); reach: only registrations of this grade' }),
  classId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().meta({ description: 'Only activities linked to this class' }),
});
export type ReportQuery = z.infer<typeof reportQuery>;

export const sectionParams = z.strictObject({ section: z.enum(REPORT_SECTIONS) });
export const tableParams = z.strictObject({ section: z.enum(REPORT_SECTIONS), table: z.string().regex(/^[a-z_]{1,40}$/) });

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const reportTable = z.object({
  name: z.string().meta({ description: 'Table key, used by the CSV export' }),
  title: z.object({ 'zh-CN': z.string(), en: z.string() }),
  columns: z.array(z.object({
    key: z.string(), 'zh-CN': z.string(), en: z.string(),
    lang: z.enum(['zh-CN', 'en']).optional().meta({ description: 'Shown only to readers of this language (a name stored in both: unitZh / unitEn)' }),
  })).meta({ description: 'What a reader sees; ids (unitId, resourceId, …) are in the rows for callers but never a column' }),
  rows: z.array(z.record(z.string(), cell)),
});
export type ReportTable = z.infer<typeof reportTable>;

export const reportResponse = z.object({
  section: z.enum(REPORT_SECTIONS),
  period: z.object({ from: z.string(), to: z.string(), zone: z.string(), label: z.string() }),
  notes: z.array(z.object({ 'zh-CN': z.string(), en: z.string() })),
  tables: z.array(reportTable),
});
export type ReportResponse = z.infer<typeof reportResponse>;

export const exportQuery = reportQuery.extend({
  lang: z.enum(['zh-CN', 'en']).default('zh-CN').meta({ description: 'Language of the header row' }),
});
