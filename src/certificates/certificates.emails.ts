import type { DateTime } from 'luxon';
import type { SendMailOptions } from 'nodemailer';
import { CERTIFICATE_MESSAGE_KINDS, renderCertificateMessage } from './certificate.template.ts';
import { oneLine } from '../notifications/format.ts';
import { emailFamily, messageIdOf, type ComposeContext } from '../notifications/kinds.ts';
import type { LinkSigner } from '../auth/signed-links.ts';
import { selectCertificateNotices, type CertificateNotice } from './certificates.emails.queries.ts';

interface CertificateComposeContext extends ComposeContext {
  signer: LinkSigner;
}

/**
 * The teacher's notice of a certificate issued (kind `certificate_issued`), registered with the
 * outbox from here: read by ./certificates.emails.queries.ts, rendered by ./certificate.template.ts.
 */
export function certificateEmails(deps: { signer: LinkSigner }) {
  return emailFamily<CertificateNotice>({
    kinds: CERTIFICATE_MESSAGE_KINDS,
    words: { certificate_issued: { 'zh-CN': '证书已发放', en: 'Certificate issued' } },
    read: (db, ids) => selectCertificateNotices(db, ids),
    skip: certificateSkipReason,
    compose: (d, now, ctx) => composeCertificateMessage(d, now, { ...ctx, ...deps }),
  });
}

/**
 * Certificate notices wait a little (see CERTIFICATE_NOTICE_DELAY in src/certificates) and go only if
 * their code is still current: marking a teacher's sessions one by one reissues the certificate each
 * time, and only the last one is worth an email.
 */
export function certificateSkipReason(d: Pick<CertificateNotice, 'certificate'>): string | null {
  if (d.certificate === null) return 'the certificate is gone';
  if (!d.certificate.current) return 'the certificate was superseded';
  return null;
}

export function composeCertificateMessage(d: CertificateNotice, now: DateTime, ctx: CertificateComposeContext): SendMailOptions {
  const base = ctx.publicBaseUrl;
  const code = encodeURIComponent(d.certificate?.code ?? '');
  const rendered = renderCertificateMessage({
    participantName: d.name, title: { 'zh-CN': d.titleZh, en: d.titleEn }, hours: d.certificate?.hours ?? 0,
    verifyUrl: `${base}/certificates/${code}`, pdfUrl: `${base}/certificates/${code}.pdf`,
    teacherUrl: `${base}/teachers/${d.registrationId}?sig=${ctx.signer.sign(d.registrationId, 'manage')}`,
  });
  return {
    from: { name: oneLine(ctx.from.name), address: ctx.from.address }, to: { name: oneLine(d.name), address: d.recipient },
    subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: messageIdOf(d, ctx.publicBaseUrl), date: now.toJSDate(),
    // No List-Unsubscribe: the notice of a certificate earned is not optional mail, and the one-click
    // POST would not stop it (docs/email.md#unsubscribe).
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'zh-CN, en' },
  };
}
