import PDFDocument from 'pdfkit';
import { cjkFont } from '../shared/cjk-font.ts';

/**
 * The certificate as a one-page A4 PDF in both languages, with the CJK font embedded
 * (src/shared/cjk-font.ts: only the glyphs used, so a certificate is tens of kilobytes, not 10 MB).
 */
export interface CertificateFacts {
  name: string;
  titleZh: string;
  titleEn: string;
  firstDay: string;
  lastDay: string;
  sessions: number;
  hours: number;
  code: string;
  issuedAt: string;
  verifyUrl: string;
  qrPng: Buffer;
}


const days = (f: CertificateFacts) => (f.firstDay === f.lastDay ? f.firstDay : `${f.firstDay} – ${f.lastDay}`);
const hoursText = (h: number) => (Number.isInteger(h) ? String(h) : h.toFixed(2).replace(/0$/, ''));

export function certificatePdf(f: CertificateFacts): Promise<Buffer> {
  const regular = cjkFont('regular');
  const bold = cjkFont('bold');
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `教师培训学时证明 Teacher training certificate ${f.code}`, Author: 'Orrery' } });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const center = { align: 'center' as const };
  doc.font('bold').fontSize(26).text('教师培训学时证明', center);
  doc.font('bold').fontSize(16).text('Teacher Training Certificate', center).moveDown(1.5);
  doc.font('regular').fontSize(13).text('兹证明 This is to certify that', center).moveDown(0.5);
  doc.font('bold').fontSize(22).text(f.name, center).moveDown(0.8);
  doc.font('regular').fontSize(13).text('参加了教师培训 attended the teacher training', center).moveDown(0.4);
  doc.font('bold').fontSize(15).text(f.titleZh, center);
  doc.font('bold').fontSize(14).text(f.titleEn, center).moveDown(1);
  doc.font('regular').fontSize(13)
    .text(`日期 Dates: ${days(f)}`, center)
    .text(`出席 Sessions attended: ${f.sessions}`, center)
    .text(`学时 Credit hours: ${hoursText(f.hours)}`, center).moveDown(1.5);
  const qrSize = 120;
  doc.image(f.qrPng, (doc.page.width - qrSize) / 2, doc.y, { width: qrSize });
  doc.y += qrSize + 10;
  doc.fontSize(10).text('扫码或打开以下网址验证本证书 Scan or open this address to verify this certificate:', center);
  doc.text(f.verifyUrl, center);
  doc.text(`证书编号 Certificate code: ${f.code} · 签发 Issued ${f.issuedAt.slice(0, 10)}`, center);
  doc.end();
  return done;
}
