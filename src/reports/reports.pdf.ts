import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import { cellText } from './reports.csv.ts';
import { cjkFont } from '../shared/cjk-font.ts';
import { zoneDisplayName } from '../shared/zone-names.ts';
import type { ReportResponse, ReportSection, ReportTable } from './reports.schema.ts';
import { columnsFor } from './reports.tables.ts';
import { wordCell, type EmailKindWords } from './reports.words.ts';

/**
 * The annual summary as a PDF in the reader's language (pdfkit, Noto Sans SC for both scripts): every
 * section's tables with their names and words (no ids, no codes), at most MAX_ROWS rows each (the
 * XLSX has them all). Columns share the page's width; a long name is cut with an ellipsis.
 */
type Lang = 'zh-CN' | 'en';
const MAX_ROWS = 40;
const MARGIN = 40;
const WORDS = {
  'zh-CN': { title: '科普项目年度报告', more: (n: number) => `… 另有 ${n} 行，见 Excel 导出`, none: '无数据' },
  en: { title: 'Programme annual report', more: (n: number) => `… ${n} more rows in the XLSX export`, none: 'No data' },
};

function drawTable(doc: PDFKit.PDFDocument, section: ReportSection, t: ReportTable, lang: Lang, emailKinds: EmailKindWords): void {
  const columns = columnsFor(t, lang);
  const width = doc.page.width - 2 * MARGIN;
  const colWidth = width / columns.length;
  const line = (cells: string[], size: number) => {
    if (doc.y > doc.page.height - MARGIN - 20) doc.addPage();
    const y = doc.y;
    doc.fontSize(size);
    cells.forEach((text, i) => doc.text(text, MARGIN + i * colWidth, y, { width: colWidth - 4, height: size + 3, ellipsis: true }));
    doc.x = MARGIN;
    doc.y = y + size + 5;
  };
  doc.moveDown(0.5).fontSize(11).text(t.title[lang], MARGIN);
  line(columns.map((c) => c[lang]), 7);
  for (const row of t.rows.slice(0, MAX_ROWS)) line(columns.map((c) => cellText(wordCell(section, c.key, row[c.key], lang, emailKinds)).replace(/^'/, '')), 8);
  if (t.rows.length > MAX_ROWS) doc.fontSize(8).text(WORDS[lang].more(t.rows.length - MAX_ROWS), MARGIN);
  if (t.rows.length === 0) doc.fontSize(8).text(WORDS[lang].none, MARGIN);
}

export function annualPdf(reports: readonly ReportResponse[], lang: Lang, emailKinds: EmailKindWords = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, info: { Title: WORDS[lang].title, Creator: 'Orrery' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('noto', cjkFont());
  doc.font('noto');
  const period = reports[0]?.period;
  doc.fontSize(20).text(WORDS[lang].title);
  if (period) doc.fontSize(11).text(`${period.label}  (${period.from} – ${period.to}, ${zoneDisplayName(DateTime.fromISO(period.from, { zone: period.zone }), lang)})`);
  for (const report of reports) {
    for (const t of report.tables) drawTable(doc, report.section, t, lang, emailKinds);
    for (const note of report.notes) doc.fontSize(8).text(note[lang], MARGIN);
  }
  doc.end();
  return done;
}
