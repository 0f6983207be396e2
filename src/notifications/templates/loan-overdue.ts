import { DateTime } from 'luxon';
import { html } from '../../shared/html.ts';
import { formatStart, oneLine } from './format.ts';
import type { RenderedMessage } from './messages.ts';

/**
 * PURE: the overdue-loan email to a holder, in both languages in one message (a holder is a teacher or
 * a colleague with no language on file). Sent at most once per loan per overdue day (src/loans/overdue.ts).
 */
export interface LoanOverdueProps {
  holderName: string;
  pool: { 'zh-CN': string; en: string };
  unit: { 'zh-CN': string; en: string };
  labels: string[];
  dueBack: DateTime;
  timeZone: string;
  daysOverdue: number;
}

export function renderLoanOverdue(p: LoanOverdueProps): RenderedMessage {
  const name = oneLine(p.holderName);
  const items = p.labels.map(oneLine).join(', ');
  const dueZh = formatStart(p.dueBack, p.timeZone, false, 'zh-CN');
  const dueEn = formatStart(p.dueBack, p.timeZone, false, 'en');
  const zh = {
    dear: `${name}，您好：`,
    lead: `您借用的${oneLine(p.pool['zh-CN'])}（${items}）应于 ${dueZh} 归还${oneLine(p.unit['zh-CN'])}，已逾期 ${p.daysOverdue} 天。请尽快归还，或与出借单位联系。`,
  };
  const en = {
    dear: `Dear ${name},`,
    lead: `The ${oneLine(p.pool.en)} you borrowed (${items}) were due back at ${oneLine(p.unit.en)} on ${dueEn} and are ${p.daysOverdue} day${p.daysOverdue === 1 ? '' : 's'} overdue. Please return them soon or contact the lending unit.`,
  };
  const sign = 'Orrery（代出借单位发送 / for the lending unit）';
  const text = [zh.dear, '', zh.lead, '', '---', '', en.dear, '', en.lead, '', sign, ''].join('\n');
  const body = html`<!doctype html><html lang="zh-CN"><body style="font-family:sans-serif;line-height:1.5">
<p>${zh.dear}</p><p>${zh.lead}</p><hr>
<div lang="en"><p>${en.dear}</p><p>${en.lead}</p></div>
<p style="color:#666">${sign}</p></body></html>`;
  return { subject: oneLine(`借用物品逾期 / Overdue loan: ${p.pool['zh-CN']} / ${p.pool.en}`), text, html: body.toString() };
}
