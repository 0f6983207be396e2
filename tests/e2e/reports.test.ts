/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from '../helpers/browser.ts';
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

describe('reports page', () => {
  it('renders the demo year with charts, tables and exports, in both languages at both widths', async () => {
    const watched = await openPage(w.browser, { now: DEMO_NOW });
    const { page } = watched;
    page.setDefaultTimeout(30_000);
    const email = 'organizer@planetarium.example.org';
    await page.goto(`${w.url}/organizer`);
    await page.getByLabel('电子邮箱').fill(email);
    await page.getByRole('button', { name: '发送登录链接' }).click();
    await expect.poll(() => w.smtp.messages.filter((m) => m.to.includes(email)).length, { timeout: 8_000 }).toBeGreaterThan(0);
    await page.goto(w.linkTo(email, /\/auth\/sign-in\//));
    await page.getByRole('button', { name: '登录 · Sign in' }).click();
    await page.waitForURL(`${w.url}/organizer`);

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
