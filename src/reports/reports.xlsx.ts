import ExcelJS from 'exceljs';
import type { ReportResponse } from './reports.schema.ts';
import { columnsFor } from './reports.tables.ts';
import { wordCell, type EmailKindWords } from './reports.words.ts';

/** Every table of the given reports as one worksheet each (exceljs), in the chosen language: its header, names and words. */
export async function reportsXlsx(reports: readonly ReportResponse[], language: 'zh-CN' | 'en', emailKinds: EmailKindWords = {}): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Orrery';
  for (const report of reports) {
    for (const t of report.tables) {
      // Worksheet names are at most 31 characters and unique: section-table is.
      const sheet = book.addWorksheet(`${report.section}-${t.name}`.slice(0, 31));
      const columns = columnsFor(t, language);
      sheet.columns = columns.map((c) => ({ header: c[language], key: c.key, width: Math.max(10, c[language].length + 4) }));
      sheet.getRow(1).font = { bold: true };
      for (const row of t.rows) sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, wordCell(report.section, c.key, row[c.key], language, emailKinds)])));
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
