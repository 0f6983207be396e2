/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { seedDemoLife } from '../../src/seed/demo-life.ts';
import { listen, startTestApp, type TestContext } from '../helpers/app.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';

/**
 * Issue 25 item 14: the programme calendar colours events by activity kind with a legend (one colour
 * set, public/css/app.css --kind-*), and on a phone the filters are one "筛选" control so the first
 * screen shows events. On the living demo term (src/seed/demo-life.ts), as a first start shows it.
 */
vi.setConfig({ testTimeout: 240_000 });
const NOW = '2026-12-07T02:00:00Z';
let t: TestContext;
let server: Awaited<ReturnType<typeof listen>>;
let browser: Browser;

beforeAll(async () => {
  const clock = new FixedClock(NOW);
  t = await startTestApp({ clock });
  await seedDemo(t.db.pool, clock);
  await seedDemoLife({ pool: t.db.pool, clock, config: t.config, log: createLogger('silent') });
  server = await listen(t.app);
  browser = await launchBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

/** Each kind shown → the background colours of its events; and the legend's swatch colour per kind. */
const colours = () => {
  const kindOf = (e: Element) => [...e.classList].find((c) => c.startsWith('kind-'))?.slice(5) ?? 'none';
  const events: Record<string, string[]> = {};
  for (const e of document.querySelectorAll('.fc-event')) {
    const kind = kindOf(e);
    const colour = getComputedStyle(e).backgroundColor;
    events[kind] = [...new Set([...(events[kind] ?? []), colour])];
  }
  const legend = Object.fromEntries([...document.querySelectorAll('.kind-legend li')].map((li) => [kindOf(li), getComputedStyle(li.querySelector('.kind-swatch')!).backgroundColor]));
  const texts = [...document.querySelectorAll('.kind-legend li')].map((li) => (li as HTMLElement).innerText.trim());
  return { events, legend, texts };
};

/** WCAG contrast of white text on an rgb() colour. */
function contrastWithWhite(rgb: string): number {
  const [r, g, b] = rgb.match(/\d+/g)!.slice(0, 3).map((v) => Number(v) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const l = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return 1.05 / (l + 0.05);
}

describe('programme colours and phone filters', () => {
  it('colours each event by its kind, one colour per kind matching a legend that names every kind', async () => {
    const watched = await openPage(browser, { now: NOW });
    const { page, errors } = watched;
    await page.goto(`${server.url}/?date=2026-10-01&view=dayGridMonth`);
    await page.locator('.fc-event').nth(5).waitFor();
    await page.locator('.kind-legend').waitFor();
    const { events, legend, texts } = await page.evaluate(colours);
    expect(texts).toEqual(['展览进校园', '教师培训', '夏令营', '实践参观', '研学', '社团活动', '科技人才培养', '科普演出']);
    const shown = Object.keys(events);
    expect(shown.length, JSON.stringify(events)).toBeGreaterThanOrEqual(3);
    for (const kind of shown) {
      expect(events[kind], kind).toHaveLength(1);
      expect(events[kind]![0], kind).toBe(legend[kind]);
      expect(contrastWithWhite(events[kind]![0]!), kind).toBeGreaterThanOrEqual(4.5);
    }
    expect(new Set(Object.values(legend)).size).toBe(8);
    expect(errors).toEqual([]);
    await checkState(watched, { test: 'programme-kinds', state: 'month-legend', replay: async (twin) => {
      await twin.locator('.fc-event').nth(5).waitFor();
    } });
  });

  it('on a phone shows one 筛选 control above events on the first screen, and filters from it', async () => {
    const watched = await openPage(browser, { viewport: { width: 390, height: 844 }, now: NOW });
    const { page, errors } = watched;
    await page.goto(`${server.url}/?date=2026-10-01`);
    const first = page.locator('.fc-list-event').first();
    await first.waitFor();
    const toggle = page.locator('summary', { hasText: '筛选' });
    await expect(toggle.isVisible()).resolves.toBe(true);
    await expect(page.locator('#filter-kind').isVisible()).resolves.toBe(false);
    // The first screen (844 px high) shows events, not four stacked filters.
    const box = (await page.locator('.fc-list-event').nth(2).boundingBox())!;
    expect(box.y + box.height).toBeLessThan(844);
    await checkState(watched, { test: 'programme-kinds', state: 'phone-first-screen', replay: async (twin) => {
      await twin.locator('.fc-list-event').first().waitFor();
    } });

    await toggle.click();
    await page.getByLabel('活动类型').selectOption('field_visit');
    await page.waitForFunction(() => [...document.querySelectorAll('.fc-list-event')].every((e) => e.classList.contains('kind-field_visit')));
    await expect(toggle.textContent()).resolves.toBe('筛选（1）');
    expect(errors).toEqual([]);

    // The filter lives in the URL: the English page of the same URL counts it too.
    const english = new URL(page.url());
    english.searchParams.set('lang', 'en');
    expect(english.searchParams.get('kind')).toBe('field_visit');
    await page.goto(english.toString());
    await page.locator('.fc-list-event').first().waitFor();
    await expect(page.locator('summary').first().textContent()).resolves.toBe('Filters (1)');
  });
});
