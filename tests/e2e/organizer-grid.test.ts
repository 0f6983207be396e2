/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pressForFresh } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { startWebTest, type WebTest } from '../helpers/web.ts';

// Issue 13: the organizer's loop — a full edit with its live conflict check, and the booking grid.
/**
 * A field's value as the form's code reads it: date and time fields show the page's format
 * ("2026年12月3日", issue 25 item 13) and read as ISO in the page's own world (Playwright's
 * inputValue reads the shown text from its isolated world).
 */
const formValue = (e: Element) => (e as HTMLInputElement).value;

vi.setConfig({ testTimeout: 240_000 });
let w: WebTest;
let telescopes: number;
let planetarium: number;
beforeAll(async () => {
  w = await startWebTest();
  const { rows } = await w.t.db.pool.query(`SELECT r.id, r.unit_id AS "unitId" FROM resources r WHERE r.name_en = 'Astronomical telescope'`);
  telescopes = rows[0].id;
  planetarium = rows[0].unitId;
});
afterAll(() => w?.close());

const ORGANIZER = 'organizer@planetarium.example.org';


const claim = (quantity: number) => ({ resourceId: telescopes, quantity, setupMinutes: 0, teardownMinutes: 0 });

async function showDay(page: Page, date: string, labels = { view: '显示范围', date: '显示日期' }) {
  await page.getByLabel(labels.view, { exact: true }).selectOption('day');
  await page.getByLabel(labels.date).fill(date);
  await page.getByLabel(labels.date).dispatchEvent('change');
  await page.locator(`.booking-grid.view-day .grid-cell[aria-label*="${date.slice(5)}"]`).first().waitFor();
}

describe('the organizer edits a booked series and books from the grid', () => {
  it('grows the telescopes of a series from 2 to 3, sees the conflict live, and saves a time that fits', async () => {
    const series = await w.t.api.post('/api/v1/activities').send({
      kind: 'talent_training', title: { 'zh-CN': '冬季观星', en: 'Winter stargazing' }, organizerUnitId: planetarium, status: 'confirmed',
      startsAt: '2026-12-02T19:00:00+08:00', endsAt: '2026-12-02T21:00:00+08:00', timeZone: 'Asia/Shanghai', recurrenceRule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=4',
      claims: [claim(2)],
    });
    expect(series.status, JSON.stringify(series.body)).toBe(201);
    // Another booking takes 3 of the 5 telescopes on the third Wednesday, 19:30–20:30.
    const other = await w.t.api.post('/api/v1/activities').send({
      kind: 'talent_training', title: { 'zh-CN': '月食观测', en: 'Lunar eclipse' }, organizerUnitId: planetarium, status: 'confirmed',
      startsAt: '2026-12-16T19:30:00+08:00', endsAt: '2026-12-16T20:30:00+08:00', timeZone: 'Asia/Shanghai', claims: [claim(3)],
    });
    expect(other.status, JSON.stringify(other.body)).toBe(201);

    const watched = await signInByEmail(w, ORGANIZER);
    const { page, errors, screenshot } = watched;
    await page.getByRole('button', { name: '修改: 冬季观星' }).click();
    const editor = page.locator(`#edit-${series.body.id}-full`);
    const quantity = editor.locator('[name="claims.0.quantity"]');
    await expect(quantity.inputValue()).resolves.toBe('2');
    await quantity.fill('3');
    // The dry run on the server names the clash before anything is saved.
    const conflict = editor.locator('.conflict');
    await conflict.getByText('2026-12-16').first().waitFor();
    await editor.locator(`#edit-${series.body.id}-conflict`).waitFor();
    await screenshot('organizer-edit-conflict');
    expect((await w.t.api.get(`/api/v1/activities/${series.body.id}`)).body.claims[0].quantity).toBe(2);
    // Starting at 20:30 misses the other booking: the check now says it fits.
    await editor.getByLabel('开始时间').fill('20:30');
    await editor.getByLabel(/结束时间/).fill('22:00');
    await editor.locator(`#edit-${series.body.id}-fits`).waitFor();
    await editor.getByRole('button', { name: '保存修改' }).click();
    await page.locator('#editor-saved').waitFor();
    const saved = (await w.t.api.get(`/api/v1/activities/${series.body.id}`)).body;
    expect(saved).toMatchObject({ startsAt: '2026-12-02T20:30:00+08:00', claims: [{ resourceId: telescopes, quantity: 3 }] });
    const occurrences = (await w.t.api.get(`/api/v1/activities/${series.body.id}/occurrences`)).body.items;
    expect(occurrences.map((o: { startsAt: string }) => o.startsAt.slice(0, 16))).toEqual(['2026-12-02T20:30', '2026-12-09T20:30', '2026-12-16T20:30', '2026-12-23T20:30']);

    // This and following: from the last Wednesday on, 4 telescopes (the earlier ones keep 3).
    await editor.getByLabel('修改范围').selectOption(String(occurrences.at(-1).id));
    await expect(editor.locator('[name="date"]').evaluate(formValue)).resolves.toBe('2026-12-23');
    await editor.locator('[name="claims.0.quantity"]').fill('4');
    await editor.locator(`#edit-${series.body.id}-fits`).waitFor();
    // The first save's "saved" note is still on the page: wait for the one this save's answer draws.
    await pressForFresh(page, '#editor-saved', () => editor.getByRole('button', { name: '保存修改' }).click());
    const quantities = async () => (await w.t.db.pool.query(
      `SELECT c.quantity FROM claims c JOIN activities a ON a.id = c.activity_id WHERE a.title_en = 'Winter stargazing' ORDER BY a.id`)).rows.map((r) => r.quantity);
    await expect.poll(quantities).toEqual([3, 4]);

    // "Duplicate" starts a new booking like this one.
    await page.locator(`#duplicate-${series.body.id}`).click();
    await expect(page.locator('#book-form [name="title.zh-CN"]').inputValue()).resolves.toBe('冬季观星');
    await expect(page.locator('#book-form [name="claims.0.quantity"]').inputValue()).resolves.toBe('3');
    expect(errors.filter((e) => !/409/.test(e))).toEqual([]);
  });

  it('drags over a free evening of the telescopes on the grid, books it pre-filled, and sees its bar', async () => {
    const watched = await signInByEmail(w, ORGANIZER);
    const { page, errors, screenshot } = watched;
    await page.getByRole('tab', { name: '资源时间轴' }).click();
    await showDay(page, '2026-12-03');
    const row = page.locator(`.resource-row[data-resource="${telescopes}"]`);
    const from = row.locator('.grid-cell[data-cell="19"]');
    const to = row.locator('.grid-cell[data-cell="20"]');
    await expect(from.getAttribute('aria-label')).resolves.toMatch(/19:00–20:00 · 空闲$/);
    await to.scrollIntoViewIfNeeded();
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 });
    await page.mouse.up();
    const form = page.locator('#timeline-book #book-form');
    await expect.poll(() => form.locator('[name="date"]').evaluate(formValue)).toBe('2026-12-03');
    await expect(form.locator('[name="startsAt"]').evaluate(formValue)).resolves.toBe('19:00');
    await expect(form.locator('[name="endsAt"]').evaluate(formValue)).resolves.toBe('21:00');
    await expect(form.locator('[name="claims.0.resourceId"]').inputValue()).resolves.toBe(String(telescopes));
    await form.getByLabel('标题（中文）').fill('木星观测');
    await form.getByLabel('标题（英文）').fill('Jupiter night');
    await form.locator('#book-free').waitFor();
    await form.getByRole('button', { name: '预约', exact: true }).click();
    await form.locator('#book-done').waitFor();
    await row.locator('a.grid-bar', { hasText: '木星观测' }).waitFor();
    await expect(row.locator('a.grid-bar', { hasText: '木星观测' }).getAttribute('class')).resolves.toContain('bar-confirmed');
    const { rows } = await w.t.db.pool.query(`SELECT status FROM activities WHERE title_en = 'Jupiter night'`);
    expect(rows).toEqual([{ status: 'confirmed' }]);

    // The keyboard reaches the same: focus a cell, arrows move, Shift widens, Enter starts a booking.
    await row.locator('.grid-cell[data-cell="9"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => form.locator('[name="startsAt"]').evaluate(formValue)).toBe('10:00');
    await expect(form.locator('[name="claims.0.resourceId"]').inputValue()).resolves.toBe(String(telescopes));
    await expect(form.getByLabel('标题（中文）').inputValue()).resolves.toBe('');
    await expect(form.locator('[name="endsAt"]').evaluate(formValue)).resolves.toBe('12:00');
    await screenshot('organizer-grid-day');
    await checkState(watched, { test: 'organizer-grid', state: 'day', replay: async (twin) => {
      await twin.getByRole('tab', { name: 'Resource timeline' }).click();
      await showDay(twin, '2026-12-03', { view: 'Show', date: 'Show date' });
      await twin.locator(`.resource-row[data-resource="${telescopes}"] a.grid-bar`, { hasText: 'Jupiter night' }).waitFor();
    } });
    expect(errors).toEqual([]);
  });
});

// Issue 25, item 5: the week opened at 00:00 (1.7 of 7 days at 1280 px, mostly night; a phone saw
// Monday 00:00–07:00) and names broke mid-word ("Planetariu m dome").
const LANGUAGES = [
  { lang: 'zh-CN', tab: '资源时间轴', view: '显示范围', unit: '单位', next: '下一页', free: '空闲', book: '预约' },
  { lang: 'en', tab: 'Resource timeline', view: 'Show', unit: 'Unit', next: 'Next', free: 'free', book: 'Book' },
] as const;

async function openGrid(language: (typeof LANGUAGES)[number], viewport: { width: number; height: number }) {
  const watched = await signInByEmail(w, ORGANIZER, { viewport });
  if (language.lang === 'en') await watched.page.goto(`${w.url}/organizer?lang=en`);
  await watched.page.getByRole('tab', { name: language.tab }).click();
  return watched;
}

/** Names (grid labels, list headings) whose text breaks onto a new line anywhere but at a space. */
async function namesBrokenMidWord(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll('.grid-label, .grid-list-name')].flatMap((label) => {
    const node = label.firstChild;
    if (!node || node.nodeType !== Node.TEXT_NODE) return [];
    const text = node.textContent ?? '';
    const range = document.createRange();
    const tops: number[] = [];
    for (let i = 0; i < text.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      tops.push(range.getClientRects()[0]?.top ?? tops.at(-1) ?? 0);
    }
    const breaks = tops.flatMap((top, i) => (i > 0 && top > (tops[i - 1] ?? top) + 2 ? [i] : []));
    // Between words: at a space, or after a hyphen the name itself has ("Popular-science").
    const bad = breaks.filter((i) => text[i - 1] !== ' ' && text[i] !== ' ' && text[i - 1] !== '-');
    return bad.length ? [breaks.reduce((s, i, k) => `${s.slice(0, i + k)}/${s.slice(i + k)}`, text)] : [];
  }));
}

describe('the booking grid opens on the opening hours: the whole week at 1280 px, a day list on a phone (issue 25, item 5)', () => {
  for (const language of LANGUAGES) {
    it(`shows all 7 days from the earliest opening hour at 1280 px, names unbroken (${language.lang})`, async () => {
      const { page, errors, screenshot } = await openGrid(language, { width: 1280, height: 900 });
      const grid = page.locator('.booking-grid.view-week');
      await grid.waitFor();
      // The demo's earliest opening is the school's 07:30: the first row's first cell is 07:00–08:00 on Monday.
      const first = page.locator('.resource-row').first().locator('.grid-cell').first();
      await expect(first.getAttribute('aria-label')).resolves.toMatch(/11-23 \S+ 07:00–08:00/);
      await expect(page.locator('.grid-head .grid-tick').first().textContent()).resolves.toBe('07');
      const days = page.locator('.resource-row').first().locator('.grid-cell.day-start');
      await expect(days.count()).resolves.toBe(7);
      const last = (await page.locator('.resource-row').first().locator('.grid-cell').last().boundingBox())!;
      expect(last.x + last.width).toBeLessThanOrEqual(1280);
      for (const box of await Promise.all((await days.all()).map((d) => d.boundingBox()))) expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
      const scroll = await page.locator('.grid-scroll').evaluate((s) => ({ scrollWidth: s.scrollWidth, clientWidth: s.clientWidth }));
      expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth);
      // The planetarium alone opens at 09:00.
      const planetariumName = await page.locator('#timeline-unit option').evaluateAll((os, id) => os.find((o) => (o as HTMLOptionElement).value === String(id))!.textContent, planetarium);
      await page.getByLabel(language.unit, { exact: true }).selectOption({ label: planetariumName! });
      await expect.poll(() => page.locator('.resource-row').first().locator('.grid-cell').first().getAttribute('aria-label'), { timeout: 20_000 }).toMatch(/09:00–10:00/);
      await page.getByLabel(language.unit, { exact: true }).selectOption('');
      await page.locator('.resource-row').nth(10).waitFor();
      await screenshot(`organizer-grid-week-1280-${language.lang}`);
      expect(await namesBrokenMidWord(page)).toEqual([]);
      expect(errors).toEqual([]);
    });

    it(`shows one day as a list of free times at 390 px, turns by day, books from a free time (${language.lang})`, async () => {
      const { page, errors, screenshot } = await openGrid(language, { width: 390, height: 844 });
      const list = page.locator('.grid-list');
      await list.waitFor();
      await expect(page.getByLabel(language.view, { exact: true }).inputValue()).resolves.toBe('list');
      await expect(list.locator('.grid-list-day').textContent()).resolves.toMatch(/^11-24 /);
      const row = list.locator(`.grid-list-resource[data-resource="${telescopes}"]`);
      const free = row.locator('button.slot-free').first();
      // Free times start at the opening hour, not at midnight, and fit the phone's width.
      await expect(free.getAttribute('aria-label')).resolves.toMatch(new RegExp(`07:00–\\d\\d:\\d\\d · ${language.free}`));
      const box = (await free.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(`organizer-grid-day-list-390-${language.lang}`);
      expect(await namesBrokenMidWord(page)).toEqual([]);
      await page.getByRole('button', { name: language.next, exact: true }).click();
      await expect.poll(() => list.locator('.grid-list-day').textContent(), { timeout: 20_000 }).toMatch(/^11-25 /);
      await page.locator('.grid-list .grid-list-day', { hasText: '11-25' }).waitFor();
      await page.locator(`.grid-list-resource[data-resource="${telescopes}"] button.slot-free`).first().click();
      const form = page.locator('#timeline-book #book-form');
      await expect.poll(() => form.locator('[name="date"]').evaluate(formValue), { timeout: 20_000 }).toBe('2026-11-25');
      await expect(form.locator('[name="startsAt"]').evaluate(formValue)).resolves.toBe('07:00');
      await expect(form.locator('[name="endsAt"]').evaluate(formValue)).resolves.toBe('08:00');
      await expect(form.locator('[name="claims.0.resourceId"]').inputValue()).resolves.toBe(String(telescopes));
      // The week grid on a phone scrolls inside its box; its names still break only between words.
      await page.getByLabel(language.view, { exact: true }).selectOption('week');
      await page.locator('.booking-grid.view-week').waitFor();
      await screenshot(`organizer-grid-week-390-${language.lang}`);
      expect(await namesBrokenMidWord(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});
