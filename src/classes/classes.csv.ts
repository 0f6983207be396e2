import { IMPORT_MAX_ROWS } from '../shared/uploads.ts';
import { CLASS_KINDS, classCode, type ClassKind } from './classes.schema.ts';

/**
 * PURE: reads the classes CSV (RFC 4180: quoted cells, doubled quotes, CRLF or LF, optional BOM) and
 * checks every row, reporting each bad cell with its line and column so a dry run lists them all.
 */
export const CLASS_CSV_COLUMNS = ['code', 'kind', 'grade', 'number', 'size', 'name_zh', 'name_en'] as const;

export interface CsvIssue {
  line: number;
  column: string;
  message: string;
}

export interface ClassRow {
  line: number;
  code: string;
  kind: ClassKind;
  grade: number | null;
  number: number | null;
  size: number;
  name: { 'zh-CN': string; en: string };
}

/** Records with the line each starts on; a quoted cell may span lines. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const src = text.replace(/^\uFEFF/, '');
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false;
      else { if (c === '\n') line++; cell += c; }
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') { cells.push(cell); cell = ''; } else if (c === '\r') continue;
    else if (c === '\n') {
      cells.push(cell);
      if (cells.some((x) => x !== '') || cells.length > 1) records.push({ line: start, cells });
      cells = []; cell = ''; line++; start = line;
    } else cell += c;
  }
  cells.push(cell);
  if (cells.some((x) => x !== '')) records.push({ line: start, cells });
  return records;
}

function intCell(value: string, min: number, max: number): number | null | string {
  if (value.trim() === '') return null;
  if (!/^\d+$/.test(value.trim())) return 'not a whole number';
  const n = Number(value.trim());
  return n < min || n > max ? `must be between ${min} and ${max}` : n;
}

function checkRow(line: number, cells: string[], issues: CsvIssue[]): ClassRow | null {
  const at = (name: (typeof CLASS_CSV_COLUMNS)[number]) => (cells[CLASS_CSV_COLUMNS.indexOf(name)] ?? '').trim();
  const before = issues.length;
  const bad = (column: string, message: string) => issues.push({ line, column, message });
  if (cells.length !== CLASS_CSV_COLUMNS.length) bad('*', `expected ${CLASS_CSV_COLUMNS.length} cells, found ${cells.length}`);
  const code = at('code');
  if (!classCode.safeParse(code).success) bad('code', 'lower-case letters, digits and hyphens, e.g. g7-1');
  const kind = at('kind') as ClassKind;
  if (!CLASS_KINDS.includes(kind)) bad('kind', `one of ${CLASS_KINDS.join(', ')}`);
  const nums = { grade: intCell(at('grade'), 1, 12), number: intCell(at('number'), 1, 99), size: intCell(at('size'), 0, 10_000) };
  for (const [column, v] of Object.entries(nums)) if (typeof v === 'string') bad(column, v);
  if (kind === 'school_class' && (nums.grade === null || nums.number === null)) bad(nums.grade === null ? 'grade' : 'number', 'a school class has a grade and a class number');
  if (kind !== 'school_class' && CLASS_KINDS.includes(kind) && (nums.grade !== null || nums.number !== null)) bad('grade', 'only a school class has a grade and a class number');
  for (const column of ['name_zh', 'name_en'] as const) {
    if (at(column) === '' || at(column).length > 200) bad(column, 'between 1 and 200 characters');
  }
  if (issues.length > before) return null;
  return {
    line, code, kind, grade: nums.grade as number | null, number: nums.number as number | null, size: (nums.size as number | null) ?? 0,
    name: { 'zh-CN': at('name_zh'), en: at('name_en') },
  };
}

/** Every row checked; rows are returned only when there are no issues at all. */
export function readClassesCsv(text: string): { rows: ClassRow[]; issues: CsvIssue[] } {
  const records = parseCsv(text);
  const issues: CsvIssue[] = [];
  const header = records[0]?.cells.map((c) => c.trim().toLowerCase()) ?? [];
  if (header.join(',') !== CLASS_CSV_COLUMNS.join(',')) {
    return { rows: [], issues: [{ line: 1, column: '*', message: `the header must be ${CLASS_CSV_COLUMNS.join(',')}` }] };
  }
  // The same limit as every import (docs/imports.md), which this reader did not hold before.
  if (records.length - 1 > IMPORT_MAX_ROWS) return { rows: [], issues: [{ line: records[IMPORT_MAX_ROWS + 1]!.line, column: '*', message: `at most ${IMPORT_MAX_ROWS} rows per file` }] };
  const rows: ClassRow[] = [];
  const seen = new Map<string, number>();
  for (const record of records.slice(1)) {
    const row = checkRow(record.line, record.cells, issues);
    if (!row) continue;
    const first = seen.get(row.code);
    if (first !== undefined) issues.push({ line: row.line, column: 'code', message: `code ${row.code} repeats line ${first}` });
    else seen.set(row.code, row.line);
    rows.push(row);
  }
  return { rows: issues.length > 0 ? [] : rows, issues };
}
