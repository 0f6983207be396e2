import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { overdueNotice } from '../../src/loans/overdue.rules.ts';
import { renderLoanOverdue } from '../../src/notifications/templates/loan-overdue.ts';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

describe('overdue notices', () => {
  const due = utc('2026-11-25T02:00:00Z'); // 10:00 in Beijing
  it.each([
    ['before due', '2026-11-25T01:59:59Z', null],
    ['at due', '2026-11-25T02:00:00Z', null],
    ['a minute late', '2026-11-25T02:01:00Z', { dedupeKey: 'loan_overdue:7:2026-11-25', daysOverdue: 1 }],
    ['late the same Beijing day', '2026-11-25T15:59:00Z', { dedupeKey: 'loan_overdue:7:2026-11-25', daysOverdue: 1 }],
    ['after Beijing midnight: a new day, a new key', '2026-11-25T16:01:00Z', { dedupeKey: 'loan_overdue:7:2026-11-26', daysOverdue: 1 }],
    ['two days on', '2026-11-27T03:00:00Z', { dedupeKey: 'loan_overdue:7:2026-11-27', daysOverdue: 3 }],
  ])('%s', (_name, now, expected) => {
    expect(overdueNotice(7, due, utc(now), 'Asia/Shanghai')).toEqual(expected);
  });
});

describe('the overdue email', () => {
  it('is bilingual, names the items and the due time in the zone, and escapes what holders typed', () => {
    const m = renderLoanOverdue({
      holderName: '<b>Ms Wang</b>', pool: { 'zh-CN': '天文望远镜', en: 'Astronomical telescope' }, unit: { 'zh-CN': '北京天文馆', en: 'Beijing Planetarium' },
      labels: ['Telescope 2', 'Telescope 4'], dueBack: utc('2026-11-25T02:00:00Z'), timeZone: 'Asia/Shanghai', daysOverdue: 2,
    });
    expect(m.subject).toBe('借用物品逾期 / Overdue loan: 天文望远镜 / Astronomical telescope');
    expect(m.text).toContain('已逾期 2 天');
    expect(m.text).toContain('are 2 days overdue');
    expect(m.text).toContain('Telescope 2, Telescope 4');
    expect(m.text).toContain('10:00');
    expect(m.html).toContain('&lt;b&gt;Ms Wang&lt;/b&gt;');
    expect(m.html).not.toContain('<b>Ms Wang');
  });
});
