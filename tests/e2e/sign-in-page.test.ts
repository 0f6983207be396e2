/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';
import { startWebTest, type WebTest } from '../helpers/web.ts';

/**
 * Issue 25 item 15: the page an emailed sign-in link opens wears the same stylesheet and shell as the
 * other pages (header, card, button), speaks the reader's language, and axe finds nothing serious.
 */
let w: WebTest;
const EMAIL = 'sign-in-page@organizer.example.org';

beforeAll(async () => {
  w = await startWebTest();
  expect((await w.t.api.post('/api/v1/users').send({ email: EMAIL, role: 'admin' })).status).toBe(201);
});
afterAll(() => w?.close());

const styles = (page: Page) => page.evaluate(() => {
  const body = getComputedStyle(document.body);
  const button = document.querySelector('main button');
  return {
    font: body.fontFamily, background: body.backgroundColor,
    accent: getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
    button: button ? getComputedStyle(button).backgroundColor : '',
    header: Boolean(document.querySelector('header.top .brand')),
  };
});

describe('the sign-in page', () => {
  it('uses the shared stylesheet and shell in zh-CN at 390 and 1280 px, axe finds nothing serious, and its button signs in', async () => {
    const res = await w.t.api.post('/api/v1/auth/sign-in').send({ email: EMAIL });
    expect(res.status).toBe(202);
    await expect.poll(() => w.smtp.messages.filter((m) => m.to.includes(EMAIL)).length, { timeout: 8_000 }).toBe(1);
    const link = w.linkTo(EMAIL, /\/auth\/sign-in\//);

    const other = await openPage(w.browser);
    other.page.setDefaultTimeout(15_000);
    await other.page.goto(`${w.url}/`);
    const reference = await styles(other.page);
    await other.context.close();

    const watched = await openPage(w.browser, { locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const { page } = watched;
    // Fail with Playwright's own message, well inside the test's timeout.
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(link);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      await page.getByRole('heading', { name: '登录' }).waitFor();
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        const seen = await styles(page);
        expect(seen.header, `the shared header at ${width} px`).toBe(true);
        expect(seen.font, `the shared font at ${width} px`).toBe(reference.font);
        expect(seen.background).toBe(reference.background);
        expect(seen.accent, 'app.css is applied').not.toBe('');
        expect(seen.button, `the button wears the accent at ${width} px`).not.toBe('rgba(0, 0, 0, 0)');
        expect(seen.button).toBe((await page.evaluate((c) => { const d = document.createElement('div'); d.style.color = c; document.body.append(d); const v = getComputedStyle(d).color; d.remove(); return v; }, seen.accent)));
        const box = await page.locator('main .panel').boundingBox();
        expect(box, `the card fits at ${width} px`).not.toBeNull();
        expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      await checkState(watched, { test: 'sign-in-page', state: 'link-opened' });
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/desk/');
    } finally {
      await watched.context.close();
    }
  }, 90_000);
});
