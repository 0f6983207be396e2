/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPage } from '../helpers/browser.ts';
import { DEMO_NOW, startWebTest, type WebTest } from '../helpers/web.ts';

// Issue 25 items 7 and 8: what a Chinese (and an English) reader sees first — zone names, page titles,
// the header on a phone — looked at in a real browser.
vi.setConfig({ testTimeout: 240_000 });
let w: WebTest;
beforeAll(async () => {
  w = await startWebTest();
});
afterAll(() => w?.close());

/** An IANA zone id shown as words ("Asia/Shanghai", "America/New_York"). */
const ZONE_ID = /\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)\/[A-Z][A-Za-z_]+/;

async function activityId(): Promise<number> {
  const { rows } = await w.t.db.pool.query<{ id: number }>("SELECT id FROM activities WHERE status = 'confirmed' AND NOT all_day ORDER BY starts_at LIMIT 1");
  return rows[0]!.id;
}

describe('zone names and page titles in the reader\'s language (issue 25 item 7)', () => {
  const cases = [
    { language: 'zh-CN', query: '', note: '时间均为北京时间', zone: '（北京时间）', titles: { '/': '科普活动 · Orrery', '/organizer': '组织者工作台 · Orrery', '/organizer/reports': '项目报告 · Orrery' } },
    { language: 'en', query: '?lang=en', note: 'Times are in Beijing time', zone: '(Beijing time)', titles: { '/': 'Programme · Orrery', '/organizer': 'Organizer desk · Orrery', '/organizer/reports': 'Programme reports · Orrery' } },
  ] as const;
  for (const c of cases) {
    it(`names Beijing's zone and titles each page in ${c.language} only`, async () => {
      const { page, errors, screenshot } = await openPage(w.browser, { now: DEMO_NOW });
      await page.goto(`${w.url}/${c.query}${c.query ? '&' : '?'}date=2026-11-01`);
      await page.locator('.zone-note').waitFor();
      await page.locator('.fc-event').first().waitFor();
      expect(await page.locator('.zone-note').innerText()).toBe(c.note);
      expect(await page.title()).toBe(c.titles['/']);

      await page.goto(`${w.url}/activities/${await activityId()}${c.query}`);
      const when = await page.locator('#activity-when').innerText();
      expect(when).toContain(c.zone.trim().replace(/^[（(]|[）)]$/g, ''));
      expect(when).not.toMatch(ZONE_ID);
      expect(await page.locator('main').innerText()).not.toMatch(ZONE_ID);
      expect(await page.title()).not.toMatch(c.language === 'en' ? /[\u4e00-\u9fff]/ : / [A-Z][a-z]+ ·/);
      await screenshot(`zh-surface-activity-${c.language}`);

      for (const [path, title] of Object.entries(c.titles).slice(1)) {
        await page.goto(`${w.url}${path}${c.query}`);
        await page.locator('main h1, main h2').first().waitFor();
        expect(await page.title()).toBe(title);
      }
      expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
    });
  }
});

/** How many lines an element's words take (distinct line tops of its text). */
async function linesOf(page: Page, selector: string): Promise<number[]> {
  return page.locator(selector).evaluateAll((els) => els.map((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  }));
}

describe('the header on a phone (issue 25 item 8)', () => {
  for (const language of ['zh-CN', 'en'] as const) {
    it(`keeps every header word whole and on one row at 390 px in ${language}`, async () => {
      const { page, errors, screenshot } = await openPage(w.browser, { now: DEMO_NOW, viewport: { width: 390, height: 800 } });
      for (const path of ['/', '/organizer']) {
        await page.goto(`${w.url}${path}${language === 'en' ? '?lang=en' : ''}`);
        await page.locator('#lang-switch').waitFor();
        await page.locator('main h1, main h2').first().waitFor();
        const labels = await page.locator('header.top nav a').allInnerTexts();
        expect(labels).toEqual(language === 'en' ? ['Programme', 'Organizers', 'Reports'] : ['科普活动', '组织者', '报告']);
        // Each nav label and the language button on one line: no "科普活/动", no "组织/者".
        expect(await linesOf(page, 'header.top nav a, header.top .brand, #lang-switch')).toEqual([1, 1, 1, 1, 1]);
        // Brand, nav and language button share one row: the button does not drop to a second line.
        const boxes = await page.locator('header.top > *').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom, right: r.right })));
        const middle = (b: { top: number; bottom: number }) => (b.top + b.bottom) / 2;
        for (const b of boxes) expect(Math.abs(middle(b) - middle(boxes[0]!))).toBeLessThan(8);
        expect(Math.max(...boxes.map((b) => b.right))).toBeLessThanOrEqual(390);
        // Every nav label is seen whole, none cut off at the nav's edge ("Rep" of "Reports").
        const navRight = await page.locator('header.top nav').evaluate((nav) => nav.getBoundingClientRect().right);
        for (const right of await page.locator('header.top nav a').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right))) expect(right).toBeLessThanOrEqual(navRight + 0.5);
        // Nothing of the page is wider than the phone.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      }
      await screenshot(`zh-surface-header-390-${language}`);
      expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
    });
  }
});
