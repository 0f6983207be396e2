/// <reference lib="dom" />
import request from 'supertest';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPage } from '../helpers/browser.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { DEMO_NOW, demoActivityId, startWebTest, type WebTest } from '../helpers/web.ts';
import { zhFirstFindings, zhFirstProblems } from '../helpers/zh-first.ts';

// Issue 25, "zh-first words": every page state a Chinese reader reaches, at 1280 and 390 px, read for
// English words, raw codes, ids shown as data and zone names (tests/helpers/zh-first.ts).
vi.setConfig({ testTimeout: 420_000 });
let w: WebTest;
beforeAll(async () => {
  // Field visits ask a guardian's consent (as in tests/e2e/sessions-consent.test.ts).
  w = await startWebTest({ CONSENT_KINDS: 'field_visit,research_study,summer_camp' });
});
afterAll(() => w?.close());

const WIDTHS = [1280, 390] as const;
/** Names this test's own data gives people and things (proper names, allowed in Latin script). */
const ALLOW = ['Wang'];

/** The findings of the page as it is now at both widths, each prefixed with where it was seen. */
async function look(page: Page, where: string, found: string[], scope?: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    for (const problem of await zhFirstFindings(page, { allow: ALLOW, ...(scope ? { scope } : {}) })) found.push(`${where} at ${width} px: ${problem}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the zh-first check itself', () => {
  it('finds English words, raw codes, ids and zone names, and lets names, units and addresses pass', () => {
    expect(zhFirstProblems('日历：blocked by National Day holiday')).toHaveLength(1);
    expect(zhFirstProblems('正在规划（rechecking，0 秒）')[0]).toMatch(/English words "rechecking"/);
    expect(zhFirstProblems('类型 field_visit')[0]).toMatch(/raw code "field_visit"/);
    expect(zhFirstProblems('规则 FREQ=WEEKLY')[0]).toMatch(/raw code/);
    expect(zhFirstProblems('资源编号 12')[0]).toMatch(/id shown as data/);
    expect(zhFirstProblems('时间均为 Asia/Shanghai 时间')[0]).toMatch(/zone name "Asia\/Shanghai"/);
    expect(zhFirstProblems('09:00 (UTC+8)')[0]).toMatch(/offset as zone/);
    expect(zhFirstProblems('下载 CSV 或 XLSX、PDF；用 iCal 订阅 webcal://a.example/feeds/x.ics；写信给 wang@school.example.org · Orrery')).toEqual([]);
    expect(zhFirstProblems('2026年11月24日 09:00（北京时间）· 扫描 QR 码 · 3 km')).toEqual([]);
    expect(zhFirstProblems('Li Hua 已签到', { allow: ['Li Hua'] })).toEqual([]);
    // Names of text encodings are names ("UTF-8" reads as UTF, its hyphen punctuation); a word is still a word.
    expect(zhFirstProblems('CSV（UTF-8、GBK 或 UTF-16）或 Excel 工作簿')).toEqual([]);
    expect(zhFirstProblems('Mail command failed: 550 Mailbox unavailable')[0]).toMatch(/English words "Mail command failed Mailbox unavailable"/);
  });
});

describe('every page state in zh-CN (issue 25, zh-first words)', () => {
  it('shows Chinese words only on the public pages, the participant, consent and verification pages', async () => {
    const found: string[] = [];
    const { page } = await openPage(w.browser, { now: DEMO_NOW });
    await page.goto(`${w.url}/?date=2026-11-01`);
    await page.locator('.fc-event').first().waitFor();
    await look(page, 'programme (month)', found);

    const telescope = await demoActivityId(w, 'Young astronomers: telescope observation');
    await page.goto(`${w.url}/activities/${telescope}`);
    await page.locator('#activity-when').waitFor();
    await look(page, 'activity page', found);

    // A field visit: the registration asks for a guardian, who gets the consent page.
    const school = ((await w.t.api.get('/api/v1/units?kind=school')).body.items as { id: number; slug: string }[]).find((u) => u.slug === 'beijing-school')!.id;
    const visit = (await w.t.api.post('/api/v1/activities').send({
      kind: 'field_visit', title: { 'zh-CN': '湿地公园考察', en: 'Wetland park visit' }, capacity: 30, organizerUnitId: school, status: 'confirmed', timeZone: 'Asia/Shanghai',
      startsAt: '2026-12-03T09:00:00+08:00', endsAt: '2026-12-03T15:00:00+08:00', transport: '校车 8:15 从校门出发', contact: '王老师 010-1234-5678',
    })).body as { id: number };
    const reg = await request(w.t.app).post(`/api/v1/activities/${visit.id}/registrations`)
      .send({ name: '张小红', email: 'xiaohong@school.example.org', role: 'student', guardianEmail: 'mama@home.example.org', language: 'zh-CN' });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    // The guardian's email is queued after the registration's (by its listener): drain until it is there.
    await expect.poll(async () => {
      await w.drainOutbox();
      return w.smtp.messages.some((m) => m.to.includes('mama@home.example.org'));
    }, { timeout: 20_000 }).toBe(true);
    await page.goto(w.linkTo('xiaohong@school.example.org', /\/registrations\/\d+\?sig=/));
    await page.locator('h1').first().waitFor();
    await look(page, 'participant page', found);
    await page.goto(w.linkTo('mama@home.example.org', /\/consent\/\d+\?sig=/));
    await page.locator('h1').first().waitFor();
    await look(page, 'consent page', found);

    await page.goto(`${w.url}/certificates/AAAAAAAAAAAAAAAAAAAAAA`);
    await page.locator('h1').first().waitFor();
    await look(page, 'certificate verification (unknown code)', found);

    await page.goto(`${w.url}/organizer`);
    await page.locator('#signin-form').waitFor();
    await look(page, 'sign-in', found);
    expect(found).toEqual([]);
  });

  it('shows Chinese words only on every tab of the organizer desk, the reports and the attendance list', async () => {
    const found: string[] = [];
    const { page } = await signInByEmail(w, 'organizer@school.example.org');
    const tabs = await page.locator('[role="tab"]').evaluateAll((els) => els.map((e) => ({ id: e.id, name: (e.textContent ?? '').trim() })));
    for (const tab of tabs) {
      await page.locator(`#${tab.id}`).click();
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !document.querySelector('#organizer-panel .loading'));
      await look(page, `desk tab ${tab.name}`, found);
    }
    // The tabs that moved into the typed desk (web/desk): each of its views.
    for (const [view, ready] of [['approvals', '#approvals-count'], ['registrations', '#registrations-overview'], ['loans', '#loans h2']] as const) {
      await page.goto(`${w.url}/desk/#${view}`);
      await page.locator(ready).waitFor();
      await page.waitForLoadState('networkidle');
      await look(page, `desk view ${view}`, found);
    }
    await page.goto(`${w.url}/organizer/reports`);
    await page.waitForLoadState('networkidle');
    await page.locator('main h1').first().waitFor();
    await look(page, 'reports', found);

    const { rows: [occurrence] } = await w.t.db.pool.query<{ id: number }>(
      `SELECT o.id FROM occurrences o JOIN activities a ON a.id = o.activity_id JOIN units u ON u.id = a.organizer_unit_id
        WHERE u.slug = 'beijing-school' AND a.status = 'confirmed' ORDER BY abs(extract(epoch FROM o.starts_at - $1::timestamptz)) LIMIT 1`, [DEMO_NOW]);
    await page.goto(`${w.url}/organizer/attendance/${occurrence!.id}`);
    await page.waitForLoadState('networkidle');
    await page.locator('main h1').first().waitFor();
    await look(page, 'attendance list', found);
    expect(found).toEqual([]);
  });
});
