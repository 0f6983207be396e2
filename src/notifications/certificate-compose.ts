import type { DateTime } from 'luxon';
import type { SendMailOptions } from 'nodemailer';
import type { DeliveryDetails } from './details.queries.ts';
import { renderCertificateMessage, type CertificateMessageKind } from './templates/certificate.ts';
import { oneLine } from './templates/format.ts';
import type { LinkSigner } from './signing.ts';

/** The part of compose.ts's ComposeContext this needs (importing it would make a cycle). */
interface CertificateComposeContext {
  publicBaseUrl: string;
  from: { name: string; address: string };
  signer: LinkSigner;
}

export function isCertificateKind(kind: DeliveryDetails['kind']): kind is CertificateMessageKind {
  return kind === 'certificate_issued';
}

/**
 * Certificate notices wait a little (see CERTIFICATE_NOTICE_DELAY in src/certificates) and go only if
 * their code is still current: marking a teacher's sessions one by one reissues the certificate each
 * time, and only the last one is worth an email.
 */
export function certificateSkipReason(d: DeliveryDetails): string | null {
  if (d.certificate === null) return 'the certificate is gone';
  if (!d.certificate.current) return 'the certificate was superseded';
  return null;
}

export function composeCertificateMessage(d: DeliveryDetails, now: DateTime, ctx: CertificateComposeContext, messageId: string): SendMailOptions {
  const base = ctx.publicBaseUrl;
  const code = encodeURIComponent(d.certificate?.code ?? '');
  const rendered = renderCertificateMessage({
    participantName: d.name, title: { 'zh-CN': d.titleZh, en: d.titleEn }, hours: d.certificate?.hours ?? 0,
    verifyUrl: `${base}/certificates/${code}`, pdfUrl: `${base}/certificates/${code}.pdf`,
    teacherUrl: `${base}/teachers/${d.registrationId}?sig=${ctx.signer.sign(d.registrationId, 'manage')}`,
  });
  return {
    from: { name: oneLine(ctx.from.name), address: ctx.from.address }, to: { name: oneLine(d.name), address: d.recipient },
    subject: rendered.subject, text: rendered.text, html: rendered.html, messageId, date: now.toJSDate(),
    // No List-Unsubscribe: the notice of a certificate earned is not optional mail, and the one-click
    // POST would not stop it (docs/email.md#unsubscribe).
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'zh-CN, en' },
  };
}
