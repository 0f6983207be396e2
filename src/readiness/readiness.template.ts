import type { DateTime } from 'luxon';
import { html, join } from '../shared/html.ts';
import type { Language } from '../shared/types.ts';
import type { Readiness, ReadinessItem } from './readiness.rules.ts';

/**
 * The readiness emails to organizers (docs/field-visits.md), PURE: what is missing the day before a
 * visit, or what broke after it was marked ready. Chinese first, then English, in one message (staff
 * of two units read it); the words for each item match the desk's (public/js/organizer-strings.js).
 */
export interface ReadinessEmailProps {
  kind: 'readiness_missing' | 'readiness_broken';
  title: { 'zh-CN': string; en: string };
  startsAt: DateTime;
  timeZone: string;
  readiness: Readiness;
  deskUrl: string;
}

const fieldWords = {
  'zh-CN': { destination: '目的地', meetingPoint: '集合地点', meetingAt: '集合时间', contact: '联系人', contactPhone: '联系电话' },
  en: { destination: 'destination', meetingPoint: 'meeting point', meetingAt: 'meeting time', contact: 'contact', contactPhone: "contact's phone" },
} as const;

const who = { 'zh-CN': { school: '学校组织者', unit: '接待单位', guardians: '家长' }, en: { school: "the school's organizer", unit: 'the receiving unit', guardians: 'guardians' } } as const;

/** One missing item, worded (the desk words the same data the same way). */
export function itemText(item: ReadinessItem, language: Language): string {
  const d = item.data;
  const zh = language === 'zh-CN';
  switch (item.key) {
    case 'trip': {
      const fields = (d.missing as string[]).map((f) => fieldWords[language][f as keyof typeof fieldWords['en']]);
      return zh ? `行程信息未填写：${fields.join('、')}` : `trip details missing: ${fields.join(', ')}`;
    }
    case 'adults': return zh ? `还需 ${d.more} 名随行成人（${d.pupils} 名学生，每 ${d.ratio} 名学生至少 1 名成人）` : `needs ${d.more} more adult${d.more === 1 ? '' : 's'} (${d.pupils} pupils, 1 adult per ${d.ratio})`;
    case 'consents': return zh ? `${d.missing} 名学生尚无家长同意` : `${d.missing} pupil${d.missing === 1 ? '' : 's'} without a guardian's consent`;
    case 'approvals': return zh ? `${d.pending} 项资源尚待接待单位审批` : `${d.pending} claim${d.pending === 1 ? '' : 's'} awaiting the receiving unit's approval`;
    case 'transport': return zh ? '未安排交通' : 'no transport arranged';
    case 'guide': return zh ? '未预约讲解员' : 'no guide booked';
    case 'head_count': return d.confirmed === null
      ? (zh ? '最终人数尚未确认' : 'final head count not confirmed')
      : (zh ? `最终人数已确认 ${d.confirmed} 人，现为 ${d.current} 人` : `head count confirmed as ${d.confirmed}, now ${d.current}`);
  }
}

const copy = {
  'zh-CN': {
    missing: '明天出发：“{title}”尚未就绪', broken: '“{title}”已不再就绪',
    leadMissing: '“{title}”将于 {when} 出发，以下事项尚未完成：', leadBroken: '“{title}”（{when}）标记为就绪后发生了变化，以下事项需要处理：',
    open: '在组织者工作台查看', by: '负责：',
  },
  en: {
    missing: 'Leaving tomorrow: “{title}” is not ready', broken: '“{title}” is no longer ready',
    leadMissing: '“{title}” leaves on {when}; these are not done yet:', leadBroken: '“{title}” ({when}) changed after it was marked ready; these need attention:',
    open: 'Open on the organizer desk', by: 'who: ',
  },
} as const;

export function renderReadinessEmail(p: ReadinessEmailProps): { subject: string; text: string; html: string; contentLanguage: string } {
  const parts = (['zh-CN', 'en'] as const).map((language) => {
    const c = copy[language];
    const local = p.startsAt.setZone(p.timeZone).setLocale(language === 'zh-CN' ? 'zh-CN' : 'en-GB');
    const when = language === 'zh-CN' ? local.toFormat('M月d日 HH:mm') : local.toFormat('d LLLL, HH:mm');
    const fill = (s: string) => s.replace('{title}', () => p.title[language]).replace('{when}', when);
    const missing = p.readiness.items.filter((i) => !i.ok)
      .map((i) => (language === 'zh-CN' ? `${itemText(i, language)}（${c.by}${who[language][i.actor]}）` : `${itemText(i, language)} (${c.by}${who[language][i.actor]})`));
    return { language, subject: fill(p.kind === 'readiness_missing' ? c.missing : c.broken), lead: fill(p.kind === 'readiness_missing' ? c.leadMissing : c.leadBroken), missing, open: c.open };
  });
  const text = parts.map((x) => [x.lead, ...x.missing.map((m) => `- ${m}`), '', `${x.open}: ${p.deskUrl}`, ''].join('\n')).join('\n—\n\n');
  const body = html`<!doctype html><html lang="zh-CN"><body style="font-family:sans-serif;line-height:1.5">
${join(parts.map((x) => html`<div lang="${x.language}"><p>${x.lead}</p><ul>${x.missing.map((m) => html`<li>${m}</li>`)}</ul><p><a href="${p.deskUrl}">${x.open}</a></p></div>`), html`<hr>`)}
</body></html>`;
  return { subject: `${parts[0]!.subject} / ${parts[1]!.subject}`.replace(/[\r\n]+/g, ' '), text, html: body.toString(), contentLanguage: 'zh-CN, en' };
}
