import type { DateTime } from 'luxon';
import { html, join } from '../shared/html.ts';
import { formatPeriod, oneLine, zoneLabel } from '../notifications/format.ts';

/**
 * The email asking a guardian to consent to a minor's registration (docs/consent.md). PURE.
 * Bilingual in one message (Chinese first, then English): Orrery does not know the guardian's
 * language, only the pupil's. The same facts appear on the page the signed link opens.
 */
export const CONSENT_MESSAGE_KINDS = ['consent_request', 'consent_reminder'] as const;
export type ConsentMessageKind = (typeof CONSENT_MESSAGE_KINDS)[number];

export interface ConsentMessageProps {
  kind: ConsentMessageKind;
  participantName: string;
  title: { 'zh-CN': string; en: string };
  organizer: { 'zh-CN': string; en: string };
  venue: { 'zh-CN': string; en: string } | null;
  startsAt: DateTime;
  endsAt: DateTime;
  timeZone: string;
  allDay: boolean;
  transport: string;
  /** The contact's name, and phone (docs/field-visits.md). */
  contact: string;
  contactPhone: string;
  destination: string;
  meetingPoint: string;
  meetingAt: DateTime | null;
  consentUrl: string;
}

const copy = {
  'zh-CN': {
    subject: (p: ConsentMessageProps) => `${p.kind === 'consent_reminder' ? '提醒：' : ''}请确认是否同意 ${p.participantName} 参加“${p.title['zh-CN']}”`,
    lead: (p: ConsentMessageProps) => `${p.participantName} 报名参加了离校活动“${p.title['zh-CN']}”。请打开下面的链接，查看活动详情并选择同意或不同意。`,
    when: '时间', where: '地点', destination: '目的地', meeting: '集合', transport: '交通', contact: '当天联系人', organizer: '主办', open: '查看并回复',
    none: '主办方尚未填写', at: '集合时间 {time}', sep: '，',
  },
  en: {
    subject: (p: ConsentMessageProps) => `${p.kind === 'consent_reminder' ? 'Reminder: ' : ''}consent for ${p.participantName} to attend “${p.title.en}”`,
    lead: (p: ConsentMessageProps) => `${p.participantName} has registered for “${p.title.en}”, an activity away from school. Please open the link below to read the details and consent or decline.`,
    when: 'When', where: 'Where', destination: 'Destination', meeting: 'Meeting point', transport: 'Transport', contact: 'Contact on the day', organizer: 'Organizer', open: 'Read and answer',
    none: 'not given by the organizer yet', at: 'meet at {time}', sep: ', ',
  },
} as const;

/** Where and when participants meet: the point, then the local time (the zone named when it is not the reader's usual one). */
function meetingText(p: Omit<ConsentMessageProps, 'kind' | 'consentUrl'>, language: 'zh-CN' | 'en'): string {
  const c = copy[language];
  const time = p.meetingAt ? c.at.replace('{time}', `${p.meetingAt.setZone(p.timeZone).toFormat('HH:mm')} (${zoneLabel(p.meetingAt.setZone(p.timeZone), language)})`) : '';
  return [oneLine(p.meetingPoint), time].filter(Boolean).join(c.sep) || c.none;
}

/** The facts a guardian decides on, in one language; shared by the email and the consent page. */
export function consentFacts(p: Omit<ConsentMessageProps, 'kind' | 'consentUrl'>, language: 'zh-CN' | 'en'): [string, string][] {
  const c = copy[language];
  return [
    [c.when, formatPeriod(p.startsAt, p.endsAt, p.timeZone, p.allDay, language)],
    [c.destination, oneLine(p.destination) || (p.venue ? oneLine(p.venue[language]) : c.none)],
    ...(p.destination && p.venue ? [[c.where, oneLine(p.venue[language])] as [string, string]] : []),
    [c.meeting, meetingText(p, language)],
    [c.transport, p.transport || c.none],
    [c.contact, [oneLine(p.contact), p.contactPhone].filter(Boolean).join(c.sep) || c.none],
    [c.organizer, oneLine(p.organizer[language])],
  ];
}

export function renderConsentMessage(input: ConsentMessageProps): { subject: string; text: string; html: string } {
  const p = { ...input, participantName: oneLine(input.participantName) };
  const parts = (['zh-CN', 'en'] as const).map((language) => ({ language, c: copy[language], facts: consentFacts(p, language) }));
  const text = parts.map(({ language, c, facts }) => [
    c.lead(p), '', ...facts.map(([k, v]) => `${k}${language === 'zh-CN' ? '：' : ': '}${v}`), '', `${c.open}: ${p.consentUrl}`, '',
  ].join('\n')).join('\n—\n\n');
  const body = html`<!doctype html><html lang="zh-CN"><body style="font-family:sans-serif;line-height:1.5">
${join(parts.map(({ language, c, facts }) => html`<div lang="${language}"><p>${c.lead(p)}</p>
<table>${facts.map(([k, v]) => html`<tr><th align="left">${k}</th><td>${join(v.split('\n'), html`<br>`)}</td></tr>`)}</table>
<p><a href="${p.consentUrl}">${c.open}</a></p></div>`), html`<hr>`)}
</body></html>`;
  return { subject: oneLine(`${copy['zh-CN'].subject(p)} / ${copy.en.subject(p)}`), text, html: body.toString() };
}
