import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { overdueNotice } from '../../src/loans/overdue.rules.ts';
import { renderLoanOverdue } from '../../src/loans/overdue.template.ts';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

describe('overdue notices', () => {
  const due = utc('2026-11-25T02:00:00Z'); // 10:00 in Beijing
  it.each([
    ['before due', '2026-11-25T01:59:59Z', null],
    ['at due', '2026-11-25T02:00:00Z', null],
    // Calendar days in the unit's zone, as a person counts them (issue 22): the due day itself is 0.
    ['a minute late', '2026-11-25T02:01:00Z', { dedupeKey: 'loan_overdue:7:2026-11-25', daysOverdue: 0 }],
    ['late the same Beijing day', '2026-11-25T15:59:00Z', { dedupeKey: 'loan_overdue:7:2026-11-25', daysOverdue: 0 }],
    ['after Beijing midnight: a new day, a new key', '2026-11-25T16:01:00Z', { dedupeKey: 'loan_overdue:7:2026-11-26', daysOverdue: 1 }],
    ['two days on', '2026-11-27T03:00:00Z', { dedupeKey: 'loan_overdue:7:2026-11-27', daysOverdue: 2 }],
  ])('%s', (_name, now, expected) => {
    expect(overdueNotice(7, due, utc(now), 'Asia/Shanghai')).toEqual(expected);
  });

  it('counts calendar days, not rounded-up 24-hour spans: due Sunday 00:56, Tuesday 01:05 is 2 days', () => {
    const sunday = DateTime.fromISO('2026-11-29T00:56', { zone: 'Asia/Shanghai' });
    const tuesday = DateTime.fromISO('2026-12-01T01:05', { zone: 'Asia/Shanghai' });
    expect(overdueNotice(7, sunday.toUTC(), tuesday.toUTC(), 'Asia/Shanghai')).toEqual({ dedupeKey: 'loan_overdue:7:2026-12-01', daysOverdue: 2 });
    // Just before Tuesday's midnight: still 2.
    expect(overdueNotice(7, sunday.toUTC(), tuesday.set({ hour: 23, minute: 59 }).toUTC(), 'Asia/Shanghai')!.daysOverdue).toBe(2);
  });

  it('counts in the given zone, across a daylight-saving change', () => {
    // New York leaves DST on Sunday 1 November 2026 (a 25-hour day): Saturday 23:30 → Monday 00:10 is 2 days.
    const due = DateTime.fromISO('2026-10-31T23:30', { zone: 'America/New_York' });
    const now = DateTime.fromISO('2026-11-02T00:10', { zone: 'America/New_York' });
    expect(overdueNotice(7, due.toUTC(), now.toUTC(), 'America/New_York')).toEqual({ dedupeKey: 'loan_overdue:7:2026-11-02', daysOverdue: 2 });
    // The same instants read in Beijing fall on the 1st and the 2nd: 1 day.
    expect(overdueNotice(7, due.toUTC(), now.toUTC(), 'Asia/Shanghai')!.daysOverdue).toBe(1);
  });
});

describe('the overdue email', () => {
  it('is bilingual, names the items and the due time in the zone, and escapes what holders typed', () => {
    const m = renderLoanOverdue({
      holderName: '<b>Ms Wang</b>', pool: { 'zh-CN': '天文望远镜', en: 'Astronomical telescope' }, unit: { 'zh-CN': '北京天文馆', en: 'Beijing Planetarium' },
      labels: [{ 'zh-CN': '望远镜 2', en: 'Telescope 2' }, { 'zh-CN': '望远镜 4', en: 'Telescope 4' }], dueBack: utc('2026-11-25T02:00:00Z'), timeZone: 'Asia/Shanghai', daysOverdue: 2,
    });
    expect(m.subject).toBe('借用物品逾期 / Overdue loan: 天文望远镜 / Astronomical telescope');
    expect(m.text).toContain('已逾期 2 天');
    expect(m.text).toContain('The 2 items you borrowed from Astronomical telescope (Telescope 2, Telescope 4) were due');
    expect(m.text).toContain('are 2 days overdue. Please return them');
    expect(m.text).toContain('共 2 件');
    expect(m.contentLanguage).toBe('zh-CN, en');
    expect(m.text).toContain('Telescope 2, Telescope 4');
    // Each language names the items in its own words (issue 25 item 7): no "Telescope" in the Chinese part.
    expect(m.text).toContain('（望远镜 2、望远镜 4，共 2 件）');
    expect(m.text).toContain('10:00');
    expect(m.html).toContain('&lt;b&gt;Ms Wang&lt;/b&gt;');
    expect(m.html).not.toContain('<b>Ms Wang');
  });

  it('speaks of one item in the singular, and of one day, in both languages', () => {
    const props = {
      holderName: 'Ms Wang', pool: { 'zh-CN': '天文望远镜', en: 'Telescopes' }, unit: { 'zh-CN': '北京天文馆', en: 'Beijing Planetarium' },
      labels: [{ 'zh-CN': '望远镜 1', en: 'Telescope 1' }], dueBack: utc('2026-11-25T02:00:00Z'), timeZone: 'Asia/Shanghai',
    };
    const one = renderLoanOverdue({ ...props, daysOverdue: 1 });
    expect(one.text).toContain('The item you borrowed from Telescopes (Telescope 1) was due back');
    expect(one.text).toContain('is 1 day overdue. Please return it soon');
    expect(one.text).not.toMatch(/were due|return them|1 days/);
    expect(one.text).toContain('您借用的天文望远镜（望远镜 1）应于');
    expect(one.text).toContain('已逾期 1 天');
    expect(one.text).not.toContain('共');
    const today = renderLoanOverdue({ ...props, daysOverdue: 0 });
    expect(today.text).toContain('and is now overdue.');
    expect(today.text).toContain('，现已逾期。');
    expect(today.text).not.toMatch(/0 days?|0 天/);
  });
});
