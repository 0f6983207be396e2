/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../src/shared/clock.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { listen, startTestApp, type TestContext } from '../helpers/app.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';

// Every state is also looked at in both languages and at two widths (tests/helpers/page-checks.ts).
vi.setConfig({ testTimeout: 240_000 });
let t: TestContext;
let server: Awaited<ReturnType<typeof listen>>;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db.pool, new FixedClock('2026-11-24T02:00:00Z'));
  server = await listen(t.app);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

describe('public programme page', () => {
  it('shows the month with the seeded activities in zh-CN, filters by kind, and names the zone', async () => {
    const watched = await openPage(browser, { now: '2026-11-24T02:00:00Z' });
    const { page, errors, screenshot } = watched;
    await page.goto(`${server.url}/?date=2026-11-01`);
    await page.getByText('年轻', { exact: false }).or(page.getByText('青少年天文观测营')).first().waitFor();
    await checkState(watched, { test: 'programme', state: 'month' });
    await expect(page.locator('.zone-note').textContent()).resolves.toContain('时间均为北京时间');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');

    await page.getByLabel('活动类型').selectOption('club_session');
    await page.getByText('科普剧社排练').first().waitFor({ state: 'attached' });
    await page.waitForFunction(() => !document.body.textContent?.includes('青少年天文观测营'));
    await screenshot('programme-filtered-zh');
    expect(errors).toEqual([]);
    await checkState(watched, { test: 'programme', state: 'week', replay: async (twin) => {
      await twin.goto(`${server.url}/?date=2026-11-23&view=timeGridWeek&lang=${await twin.evaluate(() => document.documentElement.lang)}`);
      await twin.locator('.fc-event').first().waitFor();
    } });
  });

  it('shows every week of the weekly drama club, not only its first session', async () => {
    const { page, errors } = await openPage(browser, { now: '2026-11-24T02:00:00Z' });
    await page.goto(`${server.url}/?date=2026-12-01&lang=en`);
    await page.getByLabel('Kind').selectOption('club_session');
    const sessions = page.locator('.fc-event', { hasText: 'drama club rehearsal' });
    await sessions.nth(2).waitFor();
    expect(await sessions.count()).toBeGreaterThanOrEqual(4);
    expect(errors).toEqual([]);
  });

  it('shows titles in a phone-wide month, not only "● 16时"', async () => {
    const { page, errors } = await openPage(browser, { viewport: { width: 390, height: 800 }, now: '2026-11-24T02:00:00Z' });
    await page.goto(`${server.url}/?date=2026-11-01&view=dayGridMonth`);
    const event = page.locator('.fc-daygrid-event', { hasText: '青少年天文观测营' });
    await event.waitFor();
    const title = await event.locator('.fc-event-title').boundingBox();
    expect(title!.width).toBeGreaterThan(20);
    expect(await event.evaluate((e) => (e as HTMLElement).innerText)).toContain('青少年');
    expect(errors).toEqual([]);
  });

  it('switches to English and opens an activity page showing its time with the zone', async () => {
    const watched = await openPage(browser, { now: '2026-11-24T02:00:00Z' });
    const { page, errors, screenshot } = watched;
    await page.goto(`${server.url}/?date=2026-11-01&lang=en`);
    const link = page.getByText('Young astronomers: telescope observation').first();
    await link.waitFor();
    await checkState(watched, { test: 'programme', state: 'month-en' });
    await link.click();
    await page.waitForURL(/\/activities\/\d+/);
    await expect(page.locator('#activity-when').textContent()).resolves.toMatch(/18:30.*20:30.*\(Beijing time\)/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Young astronomers: telescope observation');
    await screenshot('activity-en');
    expect(errors).toEqual([]);
    await checkState(watched, { test: 'activity', state: 'open' });
  });
});
