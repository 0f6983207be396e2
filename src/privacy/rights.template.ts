import type { DateTime } from 'luxon';
import { html, join } from '../shared/html.ts';

/**
 * The family's emails (issue 30 item 4), PURE: the signed link to one person's data, and the
 * confirmation that it was erased. Chinese first, then English, in one message: the request page
 * does not know the reader's language and the address may belong to either.
 */
export type RightsEmail =
  | { kind: 'privacy_link'; url: string; expiresAt: DateTime; timeZone: string }
  | { kind: 'privacy_erased'; registrations: number; releasedPlaces: number };

const copy = {
  'zh-CN': {
    privacy_link: '您在 Orrery 的个人信息', privacy_erased: '您的个人信息已删除',
    linkLead: '有人（希望是您本人）请求查看 Orrery 保存的与此邮箱有关的个人信息。打开下面的链接即可查看、更正、撤回同意或申请删除：',
    expires: '链接有效期至 {at}。如果不是您本人请求，请忽略本邮件。', open: '查看我的信息',
    erasedLead: '按照您的要求，与此邮箱有关的 {n} 条报名记录中的个人信息已删除（匿名化），排队中的邮件已取消。',
    released: '其中 {k} 个名额已释放。', last: '这是发往此邮箱的最后一封邮件；邮箱地址随后也将从发送记录中删除。',
  },
  en: {
    privacy_link: 'Your personal data at Orrery', privacy_erased: 'Your personal data has been erased',
    linkLead: 'Someone (we hope you) asked to see the personal data Orrery holds about this address. Open the link below to see it, correct it, withdraw a consent or ask for erasure:',
    expires: 'The link works until {at}. If you did not ask, ignore this email.', open: 'See my data',
    erasedLead: 'As you asked, the personal data of {n} registration(s) made with this address has been erased (anonymised), and queued emails were cancelled.',
    released: '{k} place(s) were released.', last: 'This is the last email to this address; the address then leaves the sending records too.',
  },
} as const;

export function renderRightsEmail(p: RightsEmail): { subject: string; text: string; html: string; contentLanguage: string } {
  const parts = (['zh-CN', 'en'] as const).map((language) => {
    const c = copy[language];
    if (p.kind === 'privacy_link') {
      const at = p.expiresAt.setZone(p.timeZone).toFormat('yyyy-MM-dd HH:mm');
      return { language, subject: c.privacy_link, lines: [c.linkLead, c.expires.replace('{at}', at)], link: { href: p.url, label: c.open } };
    }
    const lines = [c.erasedLead.replace('{n}', String(p.registrations))];
    if (p.releasedPlaces > 0) lines.push(c.released.replace('{k}', String(p.releasedPlaces)));
    lines.push(c.last);
    return { language, subject: c.privacy_erased, lines, link: null };
  });
  const text = parts.map((x) => [...x.lines, ...(x.link ? ['', `${x.link.label}: ${x.link.href}`] : []), ''].join('\n')).join('\n—\n\n');
  const body = html`<!doctype html><html lang="zh-CN"><body style="font-family:sans-serif;line-height:1.5">
${join(parts.map((x) => html`<div lang="${x.language}">${x.lines.map((l) => html`<p>${l}</p>`)}${x.link ? html`<p><a href="${x.link.href}">${x.link.label}</a></p>` : ''}</div>`), html`<hr>`)}
</body></html>`;
  return { subject: `${parts[0]!.subject} / ${parts[1]!.subject}`, text, html: body.toString(), contentLanguage: 'zh-CN, en' };
}
