import type { ReportSection, ReportTable } from './reports.schema.ts';
import { columnsFor } from './reports.tables.ts';
import { wordCell, type EmailKindWords } from './reports.words.ts';

/**
 * PURE: one report table as CSV (RFC 4180, UTF-8 with a BOM so spreadsheet apps read Chinese), with
 * a header row in the chosen language and that reader's columns and words (names, not ids; "实践参观",
 * not "field_visit"). Cells a spreadsheet would run as a formula get a leading `'`.
 */
export function cellText(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function tableCsv(section: ReportSection, t: ReportTable, language: 'zh-CN' | 'en', emailKinds: EmailKindWords = {}): string {
  const columns = columnsFor(t, language);
  const header = columns.map((c) => cellText(c[language])).join(',');
  const lines = t.rows.map((r) => columns.map((c) => cellText(wordCell(section, c.key, r[c.key], language, emailKinds))).join(','));
  return `\uFEFF${[header, ...lines].join('\r\n')}\r\n`;
}
