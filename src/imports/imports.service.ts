import type { ZodType } from 'zod';
import type { Pool } from '../db/pool.ts';
import { inOneTransaction } from '../db/one-transaction.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, found, ValidationError } from '../shared/errors.ts';
import { requireAdmin, requireUnitWrite } from '../shared/policy.ts';
import type { ActivityEvents } from '../shared/activity-events.ts';
import type { BookingOptions } from '../booking/holds.ts';
import { selectUnit } from '../units/units.queries.ts';
import { unitsService } from '../units/units.service.ts';
import { unitCreate, type Unit } from '../units/units.schema.ts';
import { resourcesService } from '../resources/resources.service.ts';
import { resourceCreate } from '../resources/resources.schema.ts';
import { calendarsService } from '../calendars/calendars.service.ts';
import { calendarEntryCreate } from '../calendars/calendars.schema.ts';
import { activitiesService } from '../activities/activities.service.ts';
import { activityCreate } from '../booking/activity.schema.ts';
import type { ClassesService } from '../classes/classes.service.ts';
import { CLASS_CSV_COLUMNS } from '../classes/classes.csv.ts';
import { bodyOf, byColumn, columnOf, headerIssues, templateCsv, type ImportKind, type RowKind } from './columns.ts';
import { readCsv, type CsvRecord } from './csv.ts';
import { importFileText } from './file-text.ts';
import { IMPORT_FILE_MAX_BYTES, IMPORT_MAX_ROWS, uploadedText } from '../shared/uploads.ts';
import type { ImportFileQuery, ImportIssue, ImportReport, ImportRequest } from './imports.schema.ts';


export interface ImportsDeps {
  events: ActivityEvents;
  booking: BookingOptions;
  classes: ClassesService;
}

interface RowSpec {
  schema: ZodType;
  /** Fields the request decides, not the file (an empty time_zone is the unit's). */
  fixed(unit: Unit, body: Record<string, unknown>): Record<string, unknown>;
  create(scoped: Pool, actor: Actor, body: never): Promise<unknown>;
}

/**
 * CSV imports: every row is parsed by the API's own create schema and written by the API's own
 * service, all rows in one transaction (db/one-transaction.ts): a dry run always rolls back, apply
 * commits only when no row has a problem. Each problem carries its line and column.
 */
export function importsService(pool: Pool, deps: ImportsDeps) {
  const specs: Record<RowKind, RowSpec> = {
    units: { schema: unitCreate, fixed: (unit) => ({ parentId: unit.id }), create: (p, a, b) => unitsService(p).create(a, b) },
    resources: { schema: resourceCreate, fixed: (unit) => ({ unitId: unit.id }), create: (p, a, b) => resourcesService(p, deps.booking.clock).create(a, b) },
    'calendar-entries': {
      schema: calendarEntryCreate, fixed: (unit, body) => ({ timeZone: body.timeZone ?? unit.timeZone, ...(body.resourceId === undefined ? { unitId: unit.id } : {}) }),
      create: (p, a, b) => calendarsService(p).create(a, b),
    },
    activities: { schema: activityCreate, fixed: (unit, body) => ({ organizerUnitId: unit.id, timeZone: body.timeZone ?? unit.timeZone }), create: (p, a, b) => activitiesService(p, deps.events, deps.booking).create(a, b) },
  };

  async function runRow(scoped: Pool, actor: Actor, kind: RowKind, header: string[], record: CsvRecord, unit: Unit): Promise<ImportIssue[]> {
    const body = bodyOf(kind, header, record.cells);
    const parsed = specs[kind].schema.safeParse({ ...body, ...specs[kind].fixed(unit, body) });
    if (!parsed.success) return byColumn(kind, parsed.error.issues.map((i) => ({ line: record.line, column: columnOf(kind, i.path), message: i.message })));
    try {
      await specs[kind].create(scoped, actor, parsed.data as never);
      return [];
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const fields = (error.details?.errors ?? []) as { path: string; message: string }[];
      if (fields.length === 0) return [{ line: record.line, column: '*', message: error.message, code: error.code }];
      return fields.map((f) => ({ line: record.line, column: columnOf(kind, f.path.replace(/^body\./, '').split('.')), message: f.message, code: error.code }));
    }
  }

  async function importRows(actor: Actor, kind: RowKind, unit: Unit, input: ImportRequest): Promise<ImportReport> {
    const report = (errors: ImportIssue[], rows = 0, created = 0): ImportReport => ({ applied: created > 0, rows, created, updated: 0, errors });
    const read = readCsv(input.csv);
    if ('error' in read) return report([{ line: read.error.line, column: '*', message: read.error.message }]);
    const [first, ...records] = read.records;
    const header = (first?.cells ?? []).map((c) => c.trim().toLowerCase());
    const bad = headerIssues(kind, header);
    if (bad.length > 0 || records.length === 0) return report(bad.length > 0 ? bad.map((message) => ({ line: 1, column: '*', message })) : [{ line: 1, column: '*', message: 'no rows after the header' }]);
    if (records.length > IMPORT_MAX_ROWS) return report([{ line: records[IMPORT_MAX_ROWS]!.line, column: '*', message: `at most ${IMPORT_MAX_ROWS} rows per file` }], records.length);
    return inOneTransaction(pool, async (scoped) => {
      const errors: ImportIssue[] = [];
      for (const record of records) errors.push(...(await runRow(scoped, actor, kind, header, record, unit)));
      return report(errors, records.length, input.apply && errors.length === 0 ? records.length : 0);
    }, (result) => result.applied);
  }

  /** Who may import, checked before the file is read: units need an admin, the rest a writer of the unit. */
  function authorize(actor: Actor, kind: ImportKind, unitId: number): void {
    if (kind === 'units') requireAdmin(actor);
    else requireUnitWrite(actor, unitId);
  }

  async function runCsv(actor: Actor, kind: ImportKind, input: ImportRequest): Promise<ImportReport> {
    if (kind === 'classes') return deps.classes.importCsv(actor, input);
    return importRows(actor, kind, found(await selectUnit(pool, input.unitId), 'unit', input.unitId), input);
  }

  return {
    template(kind: ImportKind): string {
      return kind === 'classes' ? `${CLASS_CSV_COLUMNS.join(',')}\r\ng7-1,school_class,7,1,42,七年级一班,Grade 7 Class 1\r\n` : templateCsv(kind);
    },

    /** CSV text sent in JSON: measured and checked as the file it stands for (shared/uploads.ts). */
    async run(actor: Actor, kind: ImportKind, input: ImportRequest): Promise<ImportReport> {
      authorize(actor, kind, input.unitId);
      return runCsv(actor, kind, { ...input, csv: uploadedText(input.csv, IMPORT_FILE_MAX_BYTES) });
    },

    /** The file as it was saved (the body parser kept it within IMPORT_FILE_MAX_BYTES): decoded or read as a workbook first. */
    async runFile(actor: Actor, kind: ImportKind, query: ImportFileQuery, bytes: unknown): Promise<ImportReport> {
      authorize(actor, kind, query.unitId);
      if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw new ValidationError('Empty file', [{ path: 'body', message: 'send the file as the request body' }]);
      return runCsv(actor, kind, { ...query, csv: await importFileText(bytes) });
    },
  };
}

export type ImportsService = ReturnType<typeof importsService>;
