/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import path from 'node:path';
import { openPage, SCREENSHOTS } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';
import { DEMO_NOW, startWebTest, type WebTest } from '../helpers/web.ts';

// The reports page over the demo school year, signed in as the planetarium's organizer (issue 16).
vi.setConfig({ testTimeout: 240_000 });
let w: WebTest;
beforeAll(async () => {
  w = await startWebTest();
});
afterAll(() => w?.close());

/** Waits until every section has drawn its chart (ECharts' SVG) and its tables. */
async function drawn(page: Page) {
  await page.locator('#report-email .chart svg').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.report .chart svg').length === 6);
}

/** Signs the planetarium's organizer in on a fresh page at `now` (the demo's). */
async function signedInPage(viewport = { width: 1280, height: 900 }) {
  const watched = await openPage(w.browser, { now: DEMO_NOW, viewport });
  const { page } = watched;
  page.setDefaultTimeout(30_000);
  const email = 'organizer@planetarium.example.org';
  const before = w.smtp.messages.filter((m) => m.to.includes(email)).length;
  await page.goto(`${w.url}/organizer`);
  await page.getByLabel('电子邮箱').fill(email);
  await page.getByRole('button', { name: '发送登录链接' }).click();
  await expect.poll(() => w.smtp.messages.filter((m) => m.to.includes(email)).length, { timeout: 8_000 }).toBeGreaterThan(before);
  await page.goto(w.linkTo(email, /\/auth\/sign-in\//));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`${w.url}/desk/`);
  return watched;
}

/** Every report table's headers and cells as the reader sees them, and how wide the page is against the window. */
async function tablesAndWidth(page: Page) {
  return page.evaluate(() => ({
    tables: [...document.querySelectorAll('.report table')].map((t) => ({
      headers: [...t.querySelectorAll('th')].map((th) => th.textContent ?? ''),
      rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    })),
    pageWidth: document.documentElement.scrollWidth,
    windowWidth: document.documentElement.clientWidth,
    // A table wider than its card scrolls inside it: its wrapper is no wider than the card.
    wrappersInside: [...document.querySelectorAll('.report .table-wrap')].every((wrap) => wrap.getBoundingClientRect().right <= (wrap.closest('.report')!.getBoundingClientRect().right + 0.5)),
    scrolls: [...document.querySelectorAll('.report .table-wrap')].some((wrap) => wrap.scrollWidth > wrap.clientWidth && getComputedStyle(wrap).overflowX === 'auto'),
  }));
}

describe('reports page', () => {
  // Issue 25 item 6: a report a principal can hand on. Names (not ids) in the reader's language, one
  // name column, kinds in words; the wide utilisation table scrolls inside its card and the page never
  // scrolls sideways, at 390 and 1280 px, in Chinese and in English.
  it('shows names in the reader\'s language, no ids, and wide tables scroll inside their card (zh-CN and en, 390 and 1280 px)', async () => {
    const watched = await signedInPage();
    const { page } = watched;
    for (const [language, width] of [['zh-CN', 1280], ['zh-CN', 390], ['en', 390], ['en', 1280]] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${w.url}/organizer/reports?period=year&year=2026&lang=${language}`);
      await drawn(page);
      const seen = await tablesAndWidth(page);
      const headers = seen.tables.flatMap((x) => x.headers);
      const util = seen.tables.find((x) => x.headers[0] === (language === 'en' ? 'Name' : '名称'))!;
      expect(util, `${language} ${width}: the utilisation table starts with the resource's name`).toBeDefined();
      expect(util.headers.slice(0, 3)).toEqual(language === 'en' ? ['Name', 'Kind', 'Unit'] : ['名称', '类型', '单位']);
      const script = language === 'en' ? /^[^\u4e00-\u9fff]+$/ : /[\u4e00-\u9fff]/;
      for (const row of util.rows) {
        expect(row[0], `${language}: a resource's name`).toMatch(script);
        expect(row[1], `${language}: a resource's kind in words`).toMatch(language === 'en' ? /^(Venue|Equipment)$/ : /^(场地|设备)$/);
        expect(row[2], `${language}: a unit's name, not its id`).toMatch(script);
      }
      if (language === 'zh-CN') {
        expect(headers.filter((h) => /编号|英文/.test(h)), 'no id column, no second English-name column').toEqual([]);
      } else {
        expect(headers.filter((h) => /^Resource$|\((zh|en)\)/.test(h)), 'no id column, no "Name (zh)"').toEqual([]);
      }
      // One column per name: no table has a heading twice (the old "Activity" id beside the titles).
      for (const table of seen.tables) expect(new Set(table.headers).size).toBe(table.headers.length);
      // No cell is a bare id standing for a unit (the old "单位" = 2): every unit column holds a name.
      for (const table of seen.tables) {
        const unitAt = table.headers.indexOf(language === 'en' ? 'Unit' : '单位');
        if (unitAt >= 0) for (const row of table.rows) expect(row[unitAt]).not.toMatch(/^\d+$/);
      }
      expect(seen.pageWidth, `${language} at ${width} px: the page does not scroll sideways`).toBeLessThanOrEqual(seen.windowWidth);
      expect(seen.wrappersInside, `${language} at ${width} px: every table stays inside its card`).toBe(true);
      if (width === 390) expect(seen.scrolls, 'the wide tables scroll inside their card').toBe(true);
      if (width === 390) await watched.screenshot(`reports-names-${language}-390`);
      await page.locator('#report-utilisation').screenshot({ path: path.join(SCREENSHOTS, `reports-utilisation-${language}-${width}.png`) });
    }
    expect(watched.errors).toEqual([]);
  });


  it('renders the demo year with charts, tables and exports, in both languages at both widths', async () => {
    const watched = await signedInPage();
    const { page } = watched;
    await page.goto(`${w.url}/organizer/reports?period=year&year=2026`);
    await drawn(page);
    await page.getByRole('heading', { name: '活动完成情况' }).waitFor();
    // Each chart says in words what it shows; the demo year has held activities by November.
    const label = await page.locator('#report-delivery .chart').getAttribute('aria-label');
    expect(label).toMatch(/^图表：共举办 [1-9]\d* 场/);
    expect(await page.locator('#report-utilisation tbody tr').count()).toBeGreaterThan(3);
    expect(await page.getByRole('link', { name: '下载 Excel（全部表格）' }).getAttribute('href')).toContain('/api/v1/reports/workbook.xlsx?period=year&year=2026');
    // No participant's email on the page (the organizer's own is not shown here either).
    expect(await page.locator('main').innerText()).not.toMatch(/@/);
    await checkState(watched, { test: 'reports', state: 'demo-year', replay: drawn });
    await watched.screenshot('reports-demo-year');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#report-form').isVisible()).toBe(false);
    await watched.screenshot('reports-demo-year-print');
    expect(watched.errors).toEqual([]);
  });
});
