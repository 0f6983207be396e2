import { z } from 'zod';
import { id, idParam } from '../http/schemas.ts';
import { IMPORT_KINDS } from './columns.ts';

export const importKindParams = z.strictObject({ kind: z.enum(IMPORT_KINDS) });

export const importRequest = z.strictObject({
  unitId: id.meta({ description: 'The unit the rows belong to: owner of resources, organizer of activities, scope of calendar entries without resource_id, parent of units' }),
  csv: z.string().min(1).meta({ description: 'CSV with a header row; GET /imports/{kind}/template.csv gives the columns. At most 1 MB (1,048,576 bytes) in UTF-8, else 413 payload_too_large' }),
  apply: z.boolean().default(false).meta({ description: 'false: a dry run that only reports; true: every row or none, in one transaction' }),
});
export type ImportRequest = z.infer<typeof importRequest>;

/** The same choices for a file sent as it is (POST /imports/{kind}/file): its body is the file's bytes. */
export const importFileQuery = z.strictObject({
  unitId: idParam.meta({ description: 'As unitId of the JSON import' }),
  apply: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').meta({ description: 'false (default): a dry run; true: every row or none' }),
});
export type ImportFileQuery = z.infer<typeof importFileQuery>;

export const importIssue = z.object({
  line: z.number(),
  column: z.string().meta({ description: 'The column name, or * for the row as a whole' }),
  message: z.string(),
  code: z.string().optional().meta({ description: 'The API problem code when the service refused the row, e.g. resource_conflict' }),
});
export type ImportIssue = z.infer<typeof importIssue>;

export const importReport = z.object({
  applied: z.boolean(),
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  errors: z.array(importIssue),
});
export type ImportReport = z.infer<typeof importReport>;

/** The tables of a unit's export (src/imports/export.queries.ts). */
export const EXPORT_TABLES = ['resources', 'classes', 'activities', 'occurrences', 'claims', 'calendar-entries'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
export const exportFileParams = z.strictObject({ id: idParam, file: z.enum(EXPORT_TABLES.map((t) => `${t}.csv` as const)) });
