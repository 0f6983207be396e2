/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkState } from '../helpers/page-checks.ts';
import { zhFirstFindings } from '../helpers/zh-first.ts';
import { pickDay } from '../helpers/desk.ts';
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

/** Types into a TDesign date or time field as a person does: select what is there, type, leave the field. */
async function typeInto(page: Page, label: string, text: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(text);
  await input.press('Enter');
  await page.locator('#book-form h2').click();
}

/** What a date or time field shows (its own text, not the value the form code reads). */
const shown = (page: Page, selector: string) => page.locator(selector).evaluate((e) => {
  const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
  return { text: native.get!.call(e) as string, type: (e as HTMLInputElement).type };
});

/** Opens the desk's booking tab (web/desk/src/book/) the way a person does: the tab named 预约 / Book. */
async function openBook(page: Page, name = '预约'): Promise<void> {
  await page.locator('nav.desk-tabs').getByRole('link', { name, exact: true }).click();
  await page.locator('#book-form').waitFor();
}

/** The zh-first problems of the booking form (tests/helpers/zh-first.ts). */
const zhFirst = (page: Page) => zhFirstFindings(page, { scope: '#book-form' });

describe('the booking form as a form in the desk (issue 25 item 13)', () => {
  it('groups its fields in two columns at 1280 px and one at 390 px, names zones and explains the status', async () => {
    const watched = await signInByEmail(w, 'organizer@school.example.org', { desk: true });
    const { page, errors, screenshot } = watched;
    // The old address of the tab leads to the desk's.
    await page.goto(`${w.url}/organizer#book`);
    await page.waitForURL(`${w.url}/desk/#book`);
    await page.locator('#book-form').waitFor();
    await page.goto(`${w.url}/desk/`);
    await openBook(page);
    expect(await page.locator('#book-form fieldset.form-group > legend').allInnerTexts()).toEqual(['活动', '时间与地点', '行程（离校活动）', '预约状态']);
    expect(await columnsOf(page, '#book-what')).toBe(2);
    expect(await columnsOf(page, '#book-when')).toBe(2);
    expect(await columnsOf(page, '#book-trip')).toBe(2);
    // Zones by their names in the reader's language, the unit's own first and chosen.
    const zones = await page.locator('#book-zone option').allInnerTexts();
    expect(zones[0]).toBe('北京时间');
    expect(await page.getByLabel('时区').evaluate((e) => (e as HTMLSelectElement).selectedOptions[0]!.text)).toBe('北京时间');
    for (const z of zones) expect(z).not.toMatch(IANA);
    // Each status said in words beside its choice.
    await expect(page.locator('#book-status-confirmed-hint').innerText()).resolves.toContain('立即预约场地和资源');
    await expect(page.locator('#book-status-draft-hint').innerText()).resolves.toContain('不占用任何场地或资源');
    const [radio, hint] = await Promise.all([page.locator('#book-status-draft').boundingBox(), page.locator('#book-status-draft-hint').boundingBox()]);
    expect(Math.abs(hint!.y - radio!.y)).toBeLessThan(40);
    // The trip fields for activities that leave the school, each with its label.
    for (const label of ['目的地', '集合地点', '集合时间（当天）', '交通方式', '当天联系人', '联系电话']) await page.getByLabel(label, { exact: true }).waitFor();
    expect(await zhFirst(page)).toEqual([]);
    await page.locator('#book-form').screenshot({ path: 'test-artifacts/screenshots/booking-form-1280-zh-CN.png' });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await columnsOf(page, '#book-what')).toBe(1);
    expect(await columnsOf(page, '#book-when')).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot('booking-form-390-zh-CN');
    await page.setViewportSize({ width: 1280, height: 900 });
    await checkState(watched, { test: 'booking-form', state: 'empty', replay: async (twin) => {
      await twin.locator('#book-form').waitFor();
    } });
    expect(errors).toEqual([]);
  });

  it("lists resources with their pool quantities, marks another unit's as needing its approval, and shows field errors beside their fields", async () => {
    const watched = await signInByEmail(w, 'organizer@school.example.org', { desk: true });
    const { page, errors, screenshot } = watched;
    await openBook(page);
    await page.getByRole('button', { name: '添加设备或人员' }).click();
    const options = await page.locator('#claim-0-resource option').allInnerTexts();
    // The planetarium's telescopes: a pool of 5, and the planetarium must approve.
    expect(options).toContain('天文望远镜 · 共 5 个 · 需北京天文馆审批');
    await page.locator('#claim-0-resource').selectOption({ label: '天文望远镜 · 共 5 个 · 需北京天文馆审批' });
    await expect(page.locator('[data-field="claim-0-resource"] .needs-approval').innerText()).resolves.toBe('需北京天文馆审批');
    await expect(page.locator('#claim-0-quantity-hint').innerText()).resolves.toBe('共 5 个');
    // Nothing typed in the titles, a bad phone and a quantity of 0: each error beside its field, in Chinese.
    await page.getByLabel('联系电话').fill('call me');
    await page.locator('#claim-0-quantity').fill('0');
    await page.getByRole('button', { name: '预约', exact: true }).click();
    await expect(page.locator('#book-title-zh-error').innerText()).resolves.toBe('请填写标题（中文）。');
    await expect(page.locator('#book-contact-phone-error').innerText()).resolves.toBe('请填写电话号码：数字，可含空格、横线或括号。');
    await expect(page.locator('#claim-0-quantity-error').innerText()).resolves.toBe('第 1 项 数量填写有误。');
    expect(await page.getByLabel('标题（中文）').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('标题（中文）').getAttribute('aria-describedby')).toContain('book-title-zh-error');
    await expect(page.locator('#book-conflicts').innerText()).resolves.toMatch(/^有 \d+ 处需要修改/);
    // Beside: the error sits right under its own field.
    const [field, error] = await Promise.all([page.locator('#book-contact-phone').boundingBox(), page.locator('#book-contact-phone-error').boundingBox()]);
    expect(error!.y - field!.y).toBeLessThan(60);
    expect(Math.abs(error!.x - field!.x)).toBeLessThan(20);
    expect(await zhFirst(page)).toEqual([]);
    await screenshot('booking-form-field-errors-zh-CN');
    await checkState(watched, { test: 'booking-form', state: 'field-errors', oneLanguage: true, expectedConsole: [/status of 422/] });
    // Typing in a field takes its error away.
    await page.getByLabel('标题（中文）').fill('月球观测');
    await expect.poll(() => page.locator('#book-title-zh-error').count()).toBe(0);
    expect(errors.filter((e) => !/422/.test(e))).toEqual([]);
  });

  const browsers = [
    { browser: 'en-US', page: 'zh-CN', query: '', tab: '预约', date: '2026年12月1日', picked: '2026年12月3日', label: '日期', start: '开始时间', end: '结束时间' },
    // English shows the ISO date: TDesign 1.18 formats month names in Chinese whatever its locale.
    { browser: 'zh-CN', page: 'en', query: '?lang=en', tab: 'Book', date: '2026-12-01', picked: '2026-12-03', label: 'Date', start: 'Starts', end: 'Ends' },
  ] as const;
  for (const c of browsers) {
    it(`shows dates and 24-hour times in the page's language (${c.page}) in a ${c.browser} browser`, async () => {
      const { page, errors, screenshot } = await signInByEmail(w, 'organizer@school.example.org', { locale: c.browser, desk: true });
      await page.goto(`${w.url}/desk/${c.query}`);
      await openBook(page, c.tab);
      // A week from the demo's today (24 November 2026), in the page's format; times in 24 h.
      expect(await shown(page, '#book-date')).toEqual({ text: c.date, type: 'text' });
      expect(await shown(page, '#book-start')).toEqual({ text: '09:00', type: 'text' });
      await page.locator('#book-venue').selectOption({ index: 2 });
      await typeInto(page, c.end, '19:30');
      // The date from the picker's month, as a person picks it.
      expect(await page.getByLabel(c.label, { exact: true }).getAttribute('id')).toBe('book-date');
      await pickDay(page, 'book-date', 3);
      await expect.poll(async () => (await shown(page, '#book-date')).text, { timeout: 15_000 }).toBe(c.picked);
      // What the form sends is the ISO date and time the person meant: the search asks for that evening.
      const searched = page.waitForRequest((r) => r.url().endsWith('/availability/search') && (r.postDataJSON() as { limit: number }).limit === 1
        && (r.postDataJSON() as { hours: { from: string } }).hours.from === '18:00');
      await typeInto(page, c.start, '18:00');
      const body = (await searched).postDataJSON() as { from: string; to: string; hours: { from: string; to: string }; durationMinutes: number };
      expect([body.from, body.hours.from, body.hours.to, body.durationMinutes]).toEqual(['2026-12-03', '18:00', '19:30', 90]);
      expect((await shown(page, '#book-end')).text).toBe('19:30');
      expect((await shown(page, '#book-date')).text).toBe(c.picked);
      // The availability search answers for that evening.
      await page.locator('#book-free, #book-conflict-preview').first().waitFor();
      await screenshot(`booking-form-times-${c.page}-in-${c.browser}`);
      expect(errors).toEqual([]);
    });
  }

  it('opens the date picker in the page\'s language', async () => {
    const { page, errors } = await signInByEmail(w, 'organizer@school.example.org', { locale: 'en-US', desk: true });
    await openBook(page);
    await page.getByLabel('日期').click();
    const panel = page.locator('.t-date-picker__panel').first();
    await panel.waitFor();
    const words = await panel.innerText();
    expect(words).toMatch(/一|二|三/);
    expect(words).not.toMatch(/\b(?:Mon|Tue|Sun|Dec)\b/);
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });
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
