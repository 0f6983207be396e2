import type { DateTime } from 'luxon';
import type { Language } from '../shared/types.ts';
import { html, join } from '../shared/html.ts';
import { formatPeriod, formatStart, oneLine, type RenderedMessage } from '../notifications/format.ts';

/**
 * The emails Orrery sends to participants. PURE: typed props in, subject/text/html out,
 * in the participant's language (zh-CN or en). Times are shown in the activity's zone, named.
 */
export const MESSAGE_KINDS = ['confirmation', 'waitlisted', 'promotion', 'change', 'cancellation', 'activity_cancelled', 'reminder', 'registrant_message'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * The participant's optional mail: the only kinds that offer List-Unsubscribe (RFC 2369/8058), and
 * the ones its one-click POST stops (registrations.reminders_enabled, docs/email.md#unsubscribe).
 * Every other kind is about the participant's own place (confirmed, waitlisted, moved up, changed,
 * cancelled) and cannot be opted out of, so it does not offer the header.
 */
export const OPTIONAL_KINDS: readonly MessageKind[] = ['reminder', 'registrant_message'];
export const isOptionalKind = (kind: string): boolean => (OPTIONAL_KINDS as readonly string[]).includes(kind);

export interface MessageProps {
  kind: MessageKind;
  language: Language;
  participantName: string;
  title: string;
  description: string;
  organizer: string;
  venue: string | null;
  /** The occurrence the message is about (reminders), else the activity's (first) period. */
  startsAt: DateTime;
  endsAt: DateTime;
  timeZone: string;
  allDay: boolean;
  waitlistPosition: number | null;
  /** Occurrences of a series still ahead that differ from its rule (cancelled or moved), listed under the period. */
  exceptions: ExceptionLine[];
  manageUrl: string;
  /** Optional mail only (OPTIONAL_KINDS): the unsubscribe page, whose POST stops reminders and organizers' messages. */
  unsubscribeUrl: string | null;
  /** Confirmations: the check-in code for the next occurrence, and the cid of its attached QR image. */
  checkIn?: { payload: string; cid: string; shortCode: string } | null;
  /** registrant_message: the organizer's own subject and text, sent as written. */
  message?: { subject: string; body: string } | null;
  /** A split's notice (the series continues differently from this session on): what the attachments do. */
  split?: 'series' | 'session' | null;
}

export interface ExceptionLine {
  originalStartsAt: DateTime;
  startsAt: DateTime;
  endsAt: DateTime;
  cancelled: boolean;
}

export type { RenderedMessage } from '../notifications/format.ts';

interface Copy {
  subject: (p: MessageProps) => string;
  lead: (p: MessageProps) => string;
}

const en: Record<MessageKind, Copy> = {
  confirmation: { subject: (p) => `Registered: ${p.title}`, lead: (p) => `Your place at “${p.title}” is confirmed. The invitation attached adds it to your calendar.` },
  waitlisted: { subject: (p) => `Waitlist: ${p.title}`, lead: (p) => `“${p.title}” is full, so you are on the waitlist (number ${p.waitlistPosition ?? '?'}). We will email you as soon as a place frees up.` },
  promotion: { subject: (p) => `A place for you: ${p.title}`, lead: (p) => `A place has freed up at “${p.title}” and it is now yours. The invitation attached adds it to your calendar.` },
  change: { subject: (p) => `Changed: ${p.title}`, lead: (p) => `“${p.title}” has changed. Here are the current time and place; the invitation attached updates your calendar.` },
  cancellation: { subject: (p) => `Registration cancelled: ${p.title}`, lead: (p) => `Your registration for “${p.title}” is cancelled, as you asked.` },
  activity_cancelled: { subject: (p) => `Cancelled: ${p.title}`, lead: (p) => `We are sorry: “${p.title}” has been cancelled.` },
  reminder: { subject: (p) => `Reminder: ${p.title}`, lead: (p) => `A reminder that “${p.title}” is coming up.` },
  registrant_message: { subject: (p) => `${p.message?.subject ?? ''} · ${p.title}`, lead: (p) => `A message from the organizers of “${p.title}”:` },
};

const zh: Record<MessageKind, Copy> = {
  confirmation: { subject: (p) => `报名成功：${p.title}`, lead: (p) => `您已成功报名“${p.title}”。附件中的邀请可将活动加入您的日历。` },
  waitlisted: { subject: (p) => `候补登记：${p.title}`, lead: (p) => `“${p.title}”名额已满，您已进入候补名单（第 ${p.waitlistPosition ?? '?'} 位）。一有空位，我们会立即发邮件通知您。` },
  promotion: { subject: (p) => `候补转正：${p.title}`, lead: (p) => `“${p.title}”有了空位，现已为您保留。附件中的邀请可将活动加入您的日历。` },
  change: { subject: (p) => `活动变更：${p.title}`, lead: (p) => `“${p.title}”有变更，以下为最新的时间和地点；附件中的邀请会更新您的日历。` },
  cancellation: { subject: (p) => `已取消报名：${p.title}`, lead: (p) => `按照您的要求，您对“${p.title}”的报名已取消。` },
  activity_cancelled: { subject: (p) => `活动取消：${p.title}`, lead: (p) => `很抱歉，“${p.title}”已取消。` },
  reminder: { subject: (p) => `活动提醒：${p.title}`, lead: (p) => `提醒您，“${p.title}”即将开始。` },
  registrant_message: { subject: (p) => `${p.message?.subject ?? ''} · ${p.title}`, lead: (p) => `“${p.title}”主办方给您的消息：` },
};

const labels = {
  en: { dear: (n: string) => `Dear ${n},`, exceptions: 'Dates that differ', cancelled: 'cancelled', when: 'When', where: 'Where', organizer: 'Organizer', manage: 'Manage or cancel your registration', checkIn: 'Check-in QR code: show it at the door (later sessions: see your registration page)', code: 'If the QR code cannot be scanned, read out your check-in code', stop: 'Stop reminders and organizers’ messages', sign: 'Orrery, for the organizers',
    splitSeries: 'From this session on, the series continues at the times above; the sessions before it stay as they were. The two invitations in this email update both parts in your calendar.',
    splitSession: 'Your session now belongs to the new part of the series, at the time above. The invitation in this email adds it to your calendar, and the cancellation attached removes the old entry.' },
  'zh-CN': { dear: (n: string) => `${n}，您好：`, exceptions: '日期变动', cancelled: '取消', when: '时间', where: '地点', organizer: '主办', manage: '管理或取消报名', checkIn: '签到二维码：到场时出示（以后各场次的签到码见“我的报名”页面）', code: '无法扫码时请报出签到码', stop: '不再接收提醒和主办方消息', sign: 'Orrery（代主办方发送）',
    splitSeries: '从本场次起，系列活动按上面的时间继续；此前的场次不变。本邮件中的两份邀请会同时更新您日历中的前后两部分。',
    splitSession: '您的场次现属于该系列活动的新部分，时间如上。本邮件中的邀请会把它加入您的日历，附件中的取消通知会删除原来的日历项。' },
} as const;

export function renderMessage(input: MessageProps): RenderedMessage {
  const p = { ...input, title: oneLine(input.title), participantName: oneLine(input.participantName),
    // An organizer's message replaces the activity's description in the body.
    description: input.kind === 'registrant_message' && input.message ? input.message.body : input.description };
  const copy = (p.language === 'zh-CN' ? zh : en)[p.kind];
  const l = labels[p.language];
  const when = formatPeriod(p.startsAt, p.endsAt, p.timeZone, p.allDay, p.language);
  const changes = p.exceptions.map((e) => e.cancelled
    ? `${formatStart(e.originalStartsAt, p.timeZone, p.allDay, p.language)} — ${l.cancelled}`
    : `${formatStart(e.originalStartsAt, p.timeZone, p.allDay, p.language)} → ${formatPeriod(e.startsAt, e.endsAt, p.timeZone, p.allDay, p.language)}`);
  const facts: [string, string][] = [
    [l.when, when], ...changes.map((c, i) => [i === 0 ? l.exceptions : '', c] as [string, string]),
    ...(p.venue ? [[l.where, oneLine(p.venue)] as [string, string]] : []), [l.organizer, oneLine(p.organizer)],
  ];
  const links: [string, string][] = [[l.manage, p.manageUrl], ...(p.unsubscribeUrl ? [[l.stop, p.unsubscribeUrl] as [string, string]] : [])];
  const sep = p.language === 'zh-CN' ? '：' : ': ';
  const lead = copy.lead(p);
  const split = p.split === 'series' ? l.splitSeries : p.split === 'session' ? l.splitSession : null;
  const text = [
    l.dear(p.participantName), '', lead, '',
    ...facts.map(([k, v]) => (k ? `${k}${sep}${v}` : `  ${v}`)), '',
    ...(split ? [split, ''] : []),
    ...(p.description ? [p.description, ''] : []),
    ...(p.checkIn ? [l.checkIn, `${l.code}${sep}${p.checkIn.shortCode}`, ''] : []),
    ...links.map(([k, v]) => `${k}${sep}${v}`), '', l.sign, '',
  ].join('\n');
  const body = html`<!doctype html><html lang="${p.language}"><body style="font-family:sans-serif;line-height:1.5">
<p>${l.dear(p.participantName)}</p>
<p>${lead}</p>
<table>${facts.map(([k, v]) => html`<tr><th align="left">${k}</th><td>${v}</td></tr>`)}</table>
${split ? html`<p>${split}</p>\n` : ''}${p.description ? html`<p>${join(p.description.split('\n'), html`<br>`)}</p>\n` : ''}${p.checkIn ? html`<p>${l.checkIn}</p><p><img src="cid:${p.checkIn.cid}" alt="${l.code}" width="200" height="200"></p><p>${l.code}${sep}<strong style="font-family:monospace;font-size:20px;letter-spacing:2px">${p.checkIn.shortCode}</strong></p>\n` : ''}<p>${join(links.map(([k, v]) => html`<a href="${v}">${k}</a>`), ' · ')}</p>
<p style="color:#666">${l.sign}</p></body></html>`;
  return { subject: oneLine(copy.subject(p)), text, html: body.toString() };
}
