import { parse } from 'csv-parse/sync';

/**
 * PURE: RFC 4180 records (csv-parse) with the line each starts on, for problems by line and column.
 * Line ends are normalised to LF first (csv-parse counts CRLF lines unevenly), so a CRLF inside a
 * quoted cell arrives as LF. Blank records are dropped.
 */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export function readCsv(text: string): { records: CsvRecord[] } | { error: { line: number; message: string } } {
  try {
    const parsed = parse(text.replace(/\r\n?/g, '\n'), { bom: true, info: true, raw: true, relax_column_count: true, skip_empty_lines: true }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
    const records = parsed
      .filter((r) => r.record.some((cell) => cell.trim() !== ''))
      .map((r) => {
        const body = r.raw.replace(/^\n+/, '').replace(/\n$/, '');
        return { line: r.info.lines - (body.match(/\n/g)?.length ?? 0), cells: r.record };
      });
    return { records };
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    return { error: { line: e.lines ?? 1, message: e.message ?? 'not valid CSV' } };
  }
}

/**
 * RFC 4180 text, UTF-8 with a BOM so spreadsheet apps read the Chinese names; cells a spreadsheet
 * would run as a formula are prefixed with `'` (as registrations.csv does).
 */
export function writeCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (value: unknown) => {
    let text = value === null || value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
