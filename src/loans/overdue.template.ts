import { DateTime } from 'luxon';
import { html } from '../shared/html.ts';
import { formatStart, oneLine, type RenderedMessage } from '../notifications/format.ts';

export interface RenderedLoanOverdue extends RenderedMessage {
  /** The Content-Language header the message goes with. */
  contentLanguage: string;
}

/**
 * PURE: the overdue-loan email to a holder, in both languages in one message (a holder is a teacher or
 * a colleague with no language on file). Sent at most once per loan per overdue day (src/loans/overdue.sweep.ts).
 */
export interface LoanOverdueProps {
  holderName: string;
  pool: { 'zh-CN': string; en: string };
  unit: { 'zh-CN': string; en: string };
  /** The items still out, each named in both languages. */
  labels: { 'zh-CN': string; en: string }[];
  dueBack: DateTime;
  timeZone: string;
  /** Calendar days past the due date in the unit's zone (0: the due day itself, after the due time). */
  daysOverdue: number;
}

/** Both languages in one message (RFC 3282: the languages of the intended audience). */
export const CONTENT_LANGUAGE = 'zh-CN, en';

/** The overdue part of each language's sentence: 0 (the due day itself) says "now", then 1 day, 2 days. */
function overdueZh(days: number): string {
  return days === 0 ? '现已逾期' : `已逾期 ${days} 天`;
}
function overdueEn(days: number, count: number): string {
  const verb = count === 1 ? 'is' : 'are';
  return days === 0 ? `${verb} now overdue` : `${verb} ${days} ${days === 1 ? 'day' : 'days'} overdue`;
}

export function renderLoanOverdue(p: LoanOverdueProps): RenderedLoanOverdue {
  const name = oneLine(p.holderName);
  const count = p.labels.length;
  const itemsZh = p.labels.map((l) => oneLine(l['zh-CN'])).join('、');
  const itemsEn = p.labels.map((l) => oneLine(l.en)).join(', ');
  const dueZh = formatStart(p.dueBack, p.timeZone, false, 'zh-CN');
  const dueEn = formatStart(p.dueBack, p.timeZone, false, 'en');
  // One item is "it", several are "them" (and counted in Chinese, which has no plural form).
  const zh = {
    dear: `${name}，您好：`,
    lead: `您借用的${oneLine(p.pool['zh-CN'])}（${itemsZh}${count === 1 ? '' : `，共 ${count} 件`}）应于 ${dueZh} 归还${oneLine(p.unit['zh-CN'])}，${overdueZh(p.daysOverdue)}。请尽快归还，或与出借单位联系。`,
  };
  const en = {
    dear: `Dear ${name},`,
    lead: count === 1
      ? `The item you borrowed from ${oneLine(p.pool.en)} (${itemsEn}) was due back at ${oneLine(p.unit.en)} on ${dueEn} and ${overdueEn(p.daysOverdue, 1)}. Please return it soon or contact the lending unit.`
      : `The ${count} items you borrowed from ${oneLine(p.pool.en)} (${itemsEn}) were due back at ${oneLine(p.unit.en)} on ${dueEn} and ${overdueEn(p.daysOverdue, count)}. Please return them soon or contact the lending unit.`,
  };
  const sign = 'Orrery（代出借单位发送 / for the lending unit）';
  const text = [zh.dear, '', zh.lead, '', '---', '', en.dear, '', en.lead, '', sign, ''].join('\n');
  const body = html`<!doctype html><html lang="zh-CN"><body style="font-family:sans-serif;line-height:1.5">
<p>${zh.dear}</p><p>${zh.lead}</p><hr>
<div lang="en"><p>${en.dear}</p><p>${en.lead}</p></div>
<p style="color:#666">${sign}</p></body></html>`;
  return { subject: oneLine(`借用物品逾期 / Overdue loan: ${p.pool['zh-CN']} / ${p.pool.en}`), text, html: body.toString(), contentLanguage: CONTENT_LANGUAGE };
}
