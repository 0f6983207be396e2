import PDFDocument from 'pdfkit';
import { cellText } from './reports.csv.ts';
import { cjkFont } from '../shared/cjk-font.ts';
import type { ReportResponse, ReportTable } from './reports.schema.ts';

/**
 * The annual summary as a bilingual PDF (pdfkit, Noto Sans SC for both scripts): every section's
 * tables, headers in Chinese over English, at most MAX_ROWS rows each (the XLSX has them all).
 */
const MAX_ROWS = 40;
const MARGIN = 40;

function drawTable(doc: PDFKit.PDFDocument, t: ReportTable): void {
  const width = doc.page.width - 2 * MARGIN;
  const colWidth = width / t.columns.length;
  const line = (cells: string[], size: number) => {
    if (doc.y > doc.page.height - MARGIN - 20) doc.addPage();
    const y = doc.y;
    doc.fontSize(size);
    cells.forEach((text, i) => doc.text(text, MARGIN + i * colWidth, y, { width: colWidth - 4, height: size + 3, ellipsis: true }));
    doc.x = MARGIN;
    doc.y = y + size + 5;
  };
  doc.moveDown(0.5).fontSize(11).text(`${t.title['zh-CN']}  ${t.title.en}`, MARGIN);
  line(t.columns.map((c) => c['zh-CN']), 7);
  line(t.columns.map((c) => c.en), 7);
  for (const row of t.rows.slice(0, MAX_ROWS)) line(t.columns.map((c) => cellText(row[c.key]).replace(/^'/, '')), 8);
  if (t.rows.length > MAX_ROWS) doc.fontSize(8).text(`… ${t.rows.length - MAX_ROWS} 行未显示 more rows in the XLSX export`, MARGIN);
  if (t.rows.length === 0) doc.fontSize(8).text('无数据 No data', MARGIN);
}

export function annualPdf(reports: readonly ReportResponse[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, info: { Title: 'Orrery annual report', Creator: 'Orrery' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('noto', cjkFont());
  doc.font('noto');
  const period = reports[0]?.period;
  doc.fontSize(20).text('科普项目年度报告  Programme annual report');
  if (period) doc.fontSize(11).text(`${period.label}  (${period.from} – ${period.to}, ${period.zone})`);
  for (const report of reports) {
    for (const t of report.tables) drawTable(doc, t);
    for (const note of report.notes) doc.fontSize(8).text(`${note['zh-CN']} ${note.en}`, MARGIN);
  }
  doc.end();
  return done;
}
