/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInByEmail } from '../helpers/sign-in.ts';
import { zhFirstFindings } from '../helpers/zh-first.ts';
import { startWebTest, type WebTest } from '../helpers/web.ts';

// Issue 25 items 1 and 2: the demo term's plan as a Chinese (and an English) reader sees it. The demo
// clock says 24 November 2026, halfway through the autumn term, so half of its weeks are past.
vi.setConfig({ testTimeout: 300_000 });
let w: WebTest;
beforeAll(async () => {
  w = await startWebTest();
});
afterAll(() => w?.close());

const TERM = 'autumn-2026';
/** Monday of the demo clock's week (DEMO_NOW is Tuesday 24 November 2026 in Beijing). */
const THIS_WEEK = '2026-11-23';

/** Every text the progress line shows while a plan runs (the page polls every 500 ms; this looks every 50 ms). */
async function watchStatus(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenStatus: string[] }).seenStatus = seen;
    setInterval(() => {
      const text = document.querySelector('#plan-status')?.textContent ?? '';
      if (text && seen.at(-1) !== text) seen.push(text);
    }, 50);
  });
}

/** Items whose hint names one resource twice, or whose words run together ("instructorNeeds"). */
async function itemProblems(page: Page): Promise<string[]> {
  return page.locator('li.plan-item').evaluateAll((items) => items.flatMap((li) => {
    const text = (li as HTMLElement).innerText;
    const names = (li.querySelector('.hint')?.textContent ?? '').split(/、|, /).map((n) => n.replace(/（.*）| \(.*\)| · .*/, '')).filter(Boolean);
    // Said twice: a name repeated in the list, or said again in a badge beside it.
    const badges = [...li.querySelectorAll('.badge')].map((b) => b.textContent ?? '').join(' ');
    const twice = names.filter((n, i) => names.indexOf(n) !== i || badges.includes(n));
    const together = text.match(/[a-z][A-Z]|[\u4e00-\u9fff][A-Za-z]|[A-Za-z][\u4e00-\u9fff]/g) ?? [];
    return [...twice.map((n) => `${n} twice in "${text}"`), ...together.map((m) => `"${m}" run together in "${text}"`)];
  }));
}

describe('the term planner in Chinese and English (issue 25 items 1, 2)', () => {
  it('plans only weeks from now on, and says every reason, phase and result in the reader\'s words', async () => {
    const watched = await signInByEmail(w, 'organizer@school.example.org');
    const { page, errors, screenshot } = watched;
    await page.goto(`${w.url}/desk/#planner/${TERM}`);
    await page.locator('tr[data-commitment]').first().waitFor();
    await watchStatus(page);
    await page.getByRole('button', { name: '生成方案' }).click();
    await page.locator('#plan-summary').waitFor({ timeout: 180_000 });

    // The progress line said where the planner was in words, never a phase code.
    const seen = await page.evaluate(() => (window as unknown as { seenStatus: string[] }).seenStatus);
    expect(seen.length).toBeGreaterThan(0);
    for (const text of seen) expect(text).not.toMatch(/[A-Za-z]/);

    // The result in plain words: no solver gap.
    const summary = await page.locator('#plan-summary').innerText();
    expect(summary).toMatch(/^已安排 \d+ \/ \d+ 次，\d+ 次排不下。/);
    expect(summary).not.toMatch(/差距|最优解|\d\.\d+ ?%/);

    // Item 2: no proposed week lies before this week, and nothing proposed is past.
    // (Each week is headed by its Monday in words, "2026年11月23日起的一周"; its date is the section's data-week.)
    const weeks = await page.locator('section.plan-week').evaluateAll((list) => list.map((s) => s.getAttribute('data-week') ?? ''));
    expect(weeks.length).toBeGreaterThan(0);
    for (const week of weeks) expect(week >= THIS_WEEK, week).toBe(true);
    expect(await page.locator('li.plan-item.past').allInnerTexts()).toEqual([]);
    expect(await page.locator('section.plan-week.past').count()).toBe(0);
    for (const heading of await page.locator('section.plan-week h4').allInnerTexts()) expect(heading).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日起的一周$/);

    // Item 1: reasons in Chinese, with the past weeks said as such; no English sentence, no code.
    const unplaced = await page.locator('#plan-unplaced').innerText();
    expect(unplaced).toContain('允许的时间已经过去');
    expect(unplaced).not.toMatch(/[A-Za-z]{3,}/);
    expect(await itemProblems(page)).toEqual([]);
    // The whole planner in zh-first words: no English, no code, no id, no zone name anywhere on it.
    expect(await zhFirstFindings(page)).toEqual([]);
    await screenshot('planner-words-1280-zh');

    // The same plan in English: reasons worded from their codes, each resource named once.
    const en = await page.context().newPage();
    await en.goto(`${w.url}/desk/?lang=en#planner/${TERM}`);
    await en.locator('#plan-summary').waitFor({ timeout: 60_000 });
    expect(await en.locator('#plan-summary').innerText()).not.toMatch(/gap|\d\.\d+ ?%/);
    expect(await en.locator('#plan-unplaced').innerText()).toContain('its allowed time is already past');
    expect(await itemProblems(en)).toEqual([]);
    await en.screenshot({ path: 'test-artifacts/screenshots/planner-words-1280-en.png', fullPage: true });
    await en.close();
    expect(errors).toEqual([]);
  });
});
