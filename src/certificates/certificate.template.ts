import { html, join } from '../shared/html.ts';
import { oneLine } from '../notifications/format.ts';

/**
 * The email telling a teacher their certificate was issued (or reissued after attendance or hours
 * changed). PURE. Bilingual in one message, like the certificate itself (Chinese first, then English).
 */
export const CERTIFICATE_MESSAGE_KINDS = ['certificate_issued'] as const;
export type CertificateMessageKind = (typeof CERTIFICATE_MESSAGE_KINDS)[number];

export interface CertificateMessageProps {
  participantName: string;
  title: { 'zh-CN': string; en: string };
  hours: number;
  verifyUrl: string;
  pdfUrl: string;
  /** The teacher's own page (all their hours this school year), behind their signed manage link. */
  teacherUrl: string;
}

const copy = {
  'zh-CN': {
    subject: (p: CertificateMessageProps) => `您的培训证书：“${p.title['zh-CN']}”`,
    lead: (p: CertificateMessageProps) => `${p.participantName}，您好！您参加“${p.title['zh-CN']}”的培训证书已签发，共 ${p.hours} 学时。如果之前收到过本活动的证书，它已被这份新证书取代。`,
    pdf: '下载证书（PDF）', verify: '在线验证', teacher: '我本学年的学时',
  },
  en: {
    subject: (p: CertificateMessageProps) => `Your training certificate: “${p.title.en}”`,
    lead: (p: CertificateMessageProps) => `Dear ${p.participantName}, your certificate for “${p.title.en}” has been issued: ${p.hours} credit hours. If you received one for this activity before, this one replaces it.`,
    pdf: 'Download the certificate (PDF)', verify: 'Verify online', teacher: 'My hours this school year',
  },
} as const;

export function renderCertificateMessage(input: CertificateMessageProps): { subject: string; text: string; html: string } {
  const p = { ...input, participantName: oneLine(input.participantName) };
  const links = (c: (typeof copy)['zh-CN' | 'en']): [string, string][] => [[c.pdf, p.pdfUrl], [c.verify, p.verifyUrl], [c.teacher, p.teacherUrl]];
  const parts = (['zh-CN', 'en'] as const).map((language) => ({ language, c: copy[language] }));
  const text = parts.map(({ c }) => [c.lead(p), '', ...links(c).map(([k, v]) => `${k}: ${v}`), ''].join('\n')).join('\n—\n\n');
  const body = html`<!doctype html><html lang="zh-CN"><body style="font-family:sans-serif;line-height:1.5">
${join(parts.map(({ language, c }) => html`<div lang="${language}"><p>${c.lead(p)}</p>
${links(c).map(([k, v]) => html`<p><a href="${v}">${k}</a></p>`)}</div>`), html`<hr>`)}
</body></html>`;
  return { subject: oneLine(`${copy['zh-CN'].subject(p)} / ${copy.en.subject(p)}`), text, html: body.toString() };
}
