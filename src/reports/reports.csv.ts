import type { ReportTable } from './reports.schema.ts';

/**
 * PURE: one report table as CSV (RFC 4180, UTF-8 with a BOM so spreadsheet apps read Chinese), with
 * a header row in the chosen language. Cells a spreadsheet would run as a formula get a leading `'`.
 */
export function cellText(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function tableCsv(t: ReportTable, language: 'zh-CN' | 'en'): string {
  const header = t.columns.map((c) => cellText(c[language])).join(',');
  const lines = t.rows.map((r) => t.columns.map((c) => cellText(r[c.key])).join(','));
  return `\uFEFF${[header, ...lines].join('\r\n')}\r\n`;
}
