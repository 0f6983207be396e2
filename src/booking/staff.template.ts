import type { DateTime } from 'luxon';
import type { Language } from '../shared/types.ts';
import { html } from '../shared/html.ts';
import { formatPeriod, formatStart, oneLine, type RenderedMessage } from '../notifications/format.ts';

/**
 * Emails to staff about approvals: the request to the owner unit's organizers, the decision and a
 * lapsing hold to the requesting unit's organizers. PURE. Staff accounts carry no language, so
 * each email has both: zh-CN first, then en.
 */
export type StaffMessageKind = 'approval_request' | 'approval_decision' | 'hold_expiring';

type Both = Record<Language, string>;

export interface StaffClaim {
  resource: Both;
  owner: Both;
  quantity: number;
  poolQuantity: number;
  setupMinutes: number;
  teardownMinutes: number;
}

export interface StaffMessageProps {
  kind: StaffMessageKind;
  title: Both;
  startsAt: DateTime;
  endsAt: DateTime;
  timeZone: string;
  allDay: boolean;
  recurring: boolean;
  venue: Both | null;
  requester: Both;
  contacts: string[];
  claims: StaffClaim[];
  holdExpiresAt: DateTime | null;
  decision: 'approved' | 'declined' | null;
  reason: string | null;
  /** Opens the approval (requests) or the requester's activities in the organizer desk. */
  link: string;
}

const LANGS: Language[] = ['zh-CN', 'en'];

const words = {
  'zh-CN': {
    request: (t: string) => `审批申请：${t}`, requestLead: (u: string, t: string) => `${u}申请使用贵单位的资源开展“${t}”。申请在保留期满前占用这些资源，请审批。`,
    approved: (t: string) => `已批准：${t}`, approvedLead: (t: string) => `您对“${t}”的资源申请已获批准。`,
    declined: (t: string) => `未获批准：${t}`, declinedLead: (t: string) => `很遗憾，您对“${t}”的资源申请未获批准。`,
    expiring: (t: string) => `保留即将到期：${t}`, expiringLead: (t: string) => `“${t}”对资源的保留将在 24 小时内到期；到期仍未审批的，活动将退回草稿并释放资源。`,
    what: '活动', when: '时间', span: '含布置和撤场', where: '场地', resources: '资源', who: '申请单位', contact: '联系人', hold: '保留至', reason: '原因',
    recurring: '（系列活动，以上为第一次）', buffers: (s: number, t: number) => `布置 ${s} 分钟，撤场 ${t} 分钟`, of: (q: number, p: number) => `${q} / ${p}`,
    open: '在组织者工作台中打开', prefs: '不想收到此类邮件？可在组织者工作台的“待审批”中关闭。',
  },
  en: {
    request: (t: string) => `Approval requested: ${t}`, requestLead: (u: string, t: string) => `${u} asks to use your unit's resources for “${t}”. The request holds them until the hold expires; please decide.`,
    approved: (t: string) => `Approved: ${t}`, approvedLead: (t: string) => `Your request for resources for “${t}” was approved.`,
    declined: (t: string) => `Declined: ${t}`, declinedLead: (t: string) => `Your request for resources for “${t}” was declined.`,
    expiring: (t: string) => `Hold expiring: ${t}`, expiringLead: (t: string) => `The hold of “${t}” on its resources expires within 24 hours; if nobody decides by then, the activity falls back to draft and frees them.`,
    what: 'Activity', when: 'When', span: 'With set-up and tear-down', where: 'Venue', resources: 'Resources', who: 'Requested by', contact: 'Contact', hold: 'Hold expires', reason: 'Reason',
    recurring: ' (a series; the first occurrence is shown)', buffers: (s: number, t: number) => `set-up ${s} min, tear-down ${t} min`, of: (q: number, p: number) => `${q} of ${p}`,
    open: 'Open in the organizer desk', prefs: 'Rather not get these emails? Turn them off under “Approvals” in the organizer desk.',
  },
} as const;

function subjectAndLead(p: StaffMessageProps, lang: Language): [string, string] {
  const w = words[lang];
  const title = oneLine(p.title[lang]);
  if (p.kind === 'approval_request') return [w.request(title), w.requestLead(oneLine(p.requester[lang]), title)];
  if (p.kind === 'hold_expiring') return [w.expiring(title), w.expiringLead(title)];
  return p.decision === 'approved' ? [w.approved(title), w.approvedLead(title)] : [w.declined(title), w.declinedLead(title)];
}

function facts(p: StaffMessageProps, lang: Language): [string, string][] {
  const w = words[lang];
  const setup = Math.max(0, ...p.claims.map((c) => c.setupMinutes));
  const teardown = Math.max(0, ...p.claims.map((c) => c.teardownMinutes));
  const rows: [string, string][] = [
    [w.what, oneLine(p.title[lang])],
    [w.when, formatPeriod(p.startsAt, p.endsAt, p.timeZone, p.allDay, lang) + (p.recurring ? w.recurring : '')],
  ];
  if (setup || teardown) rows.push([w.span, formatPeriod(p.startsAt.minus({ minutes: setup }), p.endsAt.plus({ minutes: teardown }), p.timeZone, false, lang)]);
  if (p.venue) rows.push([w.where, oneLine(p.venue[lang])]);
  for (const [i, c] of p.claims.entries()) {
    rows.push([i === 0 ? w.resources : '', `${oneLine(c.resource[lang])} (${oneLine(c.owner[lang])}) × ${w.of(c.quantity, c.poolQuantity)}${lang === 'zh-CN' ? '；' : '; '}${w.buffers(c.setupMinutes, c.teardownMinutes)}`]);
  }
  rows.push([w.who, oneLine(p.requester[lang])]);
  if (p.contacts.length) rows.push([w.contact, p.contacts.join(', ')]);
  if (p.holdExpiresAt && p.kind !== 'approval_decision') rows.push([w.hold, formatStart(p.holdExpiresAt, p.timeZone, false, lang)]);
  if (p.kind === 'approval_decision' && p.reason) rows.push([w.reason, oneLine(p.reason)]);
  return rows;
}

export function renderStaffMessage(p: StaffMessageProps): RenderedMessage {
  const parts = LANGS.map((lang) => {
    const [subject, lead] = subjectAndLead(p, lang);
    return { lang, subject, lead, facts: facts(p, lang), sep: lang === 'zh-CN' ? '：' : ': ', w: words[lang] };
  });
  const text = parts.map((x) => [x.lead, '', ...x.facts.map(([k, v]) => (k ? `${k}${x.sep}${v}` : `  ${v}`)), '', `${x.w.open}${x.sep}${p.link}`, x.w.prefs].join('\n')).join('\n\n———\n\n');
  const body = html`<!doctype html><html lang="zh-CN"><body style="font-family:sans-serif;line-height:1.5">
${parts.map((x) => html`<section lang="${x.lang}"><p>${x.lead}</p>
<table>${x.facts.map(([k, v]) => html`<tr><th align="left">${k}</th><td>${v}</td></tr>`)}</table>
<p><a href="${p.link}">${x.w.open}</a></p><p style="color:#666">${x.w.prefs}</p></section><hr>
`)}</body></html>`;
  return { subject: `${parts[0]!.subject} · ${parts[1]!.subject}`, text: `${text}\n`, html: body.toString() };
}
