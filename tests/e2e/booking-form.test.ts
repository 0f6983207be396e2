/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkState } from '../helpers/page-checks.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { startWebTest, type WebTest } from '../helpers/web.ts';

// Issue 25 items 13 and 4: the booking form and the planner laid out as forms, the term chosen by its
// name, zones by their names, the booking status said in words, date and time fields in the page's
// language whatever the browser's; no keyboard hint on a phone; chart legends that say what they show.
vi.setConfig({ testTimeout: 300_000 });
let w: WebTest;
beforeAll(async () => {
  w = await startWebTest();
});
afterAll(() => w?.close());

const IANA = /\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)\/[A-Za-z_]+|^UTC$/;

/** The distinct left edges (rounded) of the visible fields of a group: one per column. */
async function columnsOf(page: Page, group: string): Promise<number> {
  const lefts = await page.locator(`${group} > .field:visible`).evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
  return new Set(lefts).size;
}

/** What a date or time field shows (its own text, not the value the form code reads). */
const shown = (page: Page, selector: string) => page.locator(selector).evaluate((e) => {
  const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
  return { text: native.get!.call(e) as string, type: (e as HTMLInputElement).type };
});

describe('the booking form as a form (issue 25 item 13)', () => {
  it('groups its fields in two columns at 1280 px and one at 390 px, names zones and explains the status', async () => {
    const watched = await signInByEmail(w, 'organizer@school.example.org');
    const { page, errors, screenshot } = watched;
    await page.locator('#book-form').waitFor();
    expect(await page.locator('#book-form fieldset.form-group > legend').allInnerTexts()).toEqual(['活动', '时间与地点', '行程（离校活动）', '预约状态']);
    expect(await columnsOf(page, '#book-what')).toBe(2);
    expect(await columnsOf(page, '#book-when')).toBe(2);
    // Zones by their names in the reader's language, the unit's own first and chosen.
    const zones = await page.locator('#book-zone option').allInnerTexts();
    expect(zones[0]).toBe('北京时间');
    for (const z of zones) expect(z).not.toMatch(IANA);
    // Each status said in words beside its choice.
    await expect(page.locator('#book-status-confirmed-hint').innerText()).resolves.toContain('立即预约场地和资源');
    await expect(page.locator('#book-status-draft-hint').innerText()).resolves.toContain('不占用任何场地或资源');
    const [radio, hint] = await Promise.all([page.locator('#book-status-draft').boundingBox(), page.locator('#book-status-draft-hint').boundingBox()]);
    expect(Math.abs(hint!.y - radio!.y)).toBeLessThan(40);
    await page.locator('#book-form').screenshot({ path: 'test-artifacts/screenshots/booking-form-1280-zh-CN.png' });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await columnsOf(page, '#book-what')).toBe(1);
    expect(await columnsOf(page, '#book-when')).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot('booking-form-390-zh-CN');
    await page.setViewportSize({ width: 1280, height: 900 });
    await checkState(watched, { test: 'booking-form', state: 'empty' });
    expect(errors).toEqual([]);
  });

  const browsers = [
    { browser: 'en-US', page: 'zh-CN', query: '', date: '2026年12月1日', typed: '2026年12月3日', label: '日期' },
    { browser: 'zh-CN', page: 'en', query: '?lang=en', date: '1 Dec 2026', typed: '3 Dec 2026', label: 'Date' },
  ] as const;
  for (const c of browsers) {
    it(`shows dates and 24-hour times in the page's language (${c.page}) in a ${c.browser} browser`, async () => {
      const { page, errors, screenshot } = await signInByEmail(w, 'organizer@school.example.org', { locale: c.browser });
      await page.goto(`${w.url}/organizer${c.query}#book`);
      await page.reload();
      await page.locator('#book-form').waitFor();
      // A week from the demo's today (24 November 2026), in the page's format; times in 24 h.
      expect(await shown(page, '#book-date')).toEqual({ text: c.date, type: 'text' });
      expect(await shown(page, '#book-start')).toEqual({ text: '09:00', type: 'text' });
      await page.locator('#book-venue').selectOption({ index: 2 });
      await page.locator('#book-end').fill('19:30');
      await page.locator('#book-date').fill(c.typed);
      await page.locator('#book-start').fill('18:00');
      await page.locator('#book-start').blur();
      // What the form sends is the ISO date and time the person meant.
      expect(await page.locator('#book-form').evaluate((f) => {
        const v = (n: string) => ((f as HTMLFormElement).elements.namedItem(n) as HTMLInputElement).value;
        return [v('date'), v('startsAt'), v('endsAt')];
      })).toEqual(['2026-12-03', '18:00', '19:30']);
      expect((await shown(page, '#book-end')).text).toBe('19:30');
      // The availability search reads the same values: it answers for that evening.
      await page.locator('#book-free, #book-conflict-preview').first().waitFor();
      await screenshot(`booking-form-times-${c.page}-in-${c.browser}`);
      expect(errors).toEqual([]);
    });
  }
});

describe('the planner chooses a term by its name (issue 25 item 13)', () => {
  it('offers the terms of the school calendar by name, with no code to type', async () => {
    const { page, errors, screenshot } = await signInByEmail(w, 'organizer@school.example.org', { desk: true });
    // The planner is a view of the desk (web/desk/src/planner).
    await page.getByRole('link', { name: '学期规划' }).click();
    const term = page.getByLabel('学期', { exact: true });
    await term.waitFor();
    expect(await term.evaluate((e) => e.tagName)).toBe('SELECT');
    const names = await page.locator('#planner-term option').allInnerTexts();
    expect(names).toContain('2026 秋季学期');
    for (const n of names) expect(n).not.toMatch(/[a-z]+-\d{4}/);
    await term.selectOption({ label: '2026 秋季学期' });
    await page.waitForFunction(() => location.hash === '#planner/autumn-2026');
    await page.locator('tr[data-commitment]').first().waitFor();
    expect(await columnsOf(page, '#commitment-what')).toBe(2);
    expect(await columnsOf(page, '#commitment-when')).toBe(2);
    await expect(page.locator('#commitment-status-requested-hint').innerText()).resolves.toContain('待审批');
    await screenshot('planner-term-by-name-zh-CN');
    expect(errors).toEqual([]);
  });
});

describe('a phone shows no keyboard hints, and chart legends say what they show (issue 25 item 4)', () => {
  it('hides the timeline\'s keyboard hint at 390 px and keeps it at 1280 px', async () => {
    const { page, errors } = await signInByEmail(w, 'organizer@planetarium.example.org');
    await page.getByRole('tab', { name: '资源时间轴' }).click();
    await page.locator('#timeline-help').waitFor();
    expect(await page.locator('#timeline-keys').isVisible()).toBe(true);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await page.locator('#timeline-help').innerText()).not.toMatch(/Shift|方向键|回车/);
    expect(errors).toEqual([]);
  });

  it('names the utilisation chart\'s series in words, not "%"', async () => {
    const { page, errors, screenshot } = await signInByEmail(w, 'organizer@planetarium.example.org');
    await page.goto(`${w.url}/organizer/reports`);
    const chart = page.locator('#report-utilisation .chart');
    await chart.locator('svg text').first().waitFor();
    const words = await chart.locator('svg text').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(words).toContain('使用率（开放时间中被占用的百分比）');
    expect(words).not.toContain('%');
    await chart.screenshot({ path: 'test-artifacts/screenshots/reports-utilisation-legend-zh-CN.png' });
    await screenshot('reports-legend-zh-CN');
    expect(errors).toEqual([]);
  });
});
