import type { SignInMailer } from './auth.service.ts';
import type { Logger } from '../shared/logger.ts';
import { html } from '../shared/html.ts';
import { oneLine } from '../notifications/format.ts';
import type { Mailer } from '../notifications/transport.ts';

/**
 * Sign-in links go straight to the mailer, not through the outbox: they expire within minutes,
 * and someone waiting for one simply asks again. A failure is logged, never shown, so the sign-in
 * form answers the same whether or not the address has an account.
 */
export function signInMailer(mailer: Mailer, from: { name: string; address: string }, log: Logger): SignInMailer {
  return async (to, link) => {
    const text = `登录 Orrery / Sign in to Orrery:\n\n${link}\n\n此链接仅可使用一次，很快失效。/ The link works once and expires soon.\n`;
    try {
      await mailer.send({
        from: { name: oneLine(from.name), address: from.address },
        to: { name: oneLine(to.name), address: to.email },
        subject: 'Orrery 登录链接 / sign-in link',
        // 8bit, not quoted-printable: the link stays one unbroken line even in the message itself (an
        // .eml in the outbox folder, a mail app's "show original"), where QP cut it every 76 characters
        // with "=". nodemailer re-picks QP/base64 for any text part it encodes, so this part is given
        // whole (`raw`: its own headers, then the text); every line is far below SMTP's 998 octets.
        text: { raw: `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text.replace(/\r?\n/g, '\r\n')}` },
        html: html`<p>登录 Orrery / Sign in to Orrery:</p><p><a href="${link}">${link}</a></p><p>此链接仅可使用一次，很快失效。/ The link works once and expires soon.</p>`.toString(),
        // Both languages in one message, like every bilingual email (docs/email.md#headers).
        headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'zh-CN, en' },
      });
    } catch (error) {
      log.error({ module: 'mail', err: error }, 'could not send a sign-in link');
    }
  };
}
