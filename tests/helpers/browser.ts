import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

/** Debian's Chromium driven by playwright-core; never a downloaded browser. `extraArgs`: e.g. a fake camera's flags. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', ...extraArgs],
  });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  screenshot(name: string): Promise<string>;
}

/**
 * A page in its own context. `now` starts the browser's clock there (it then runs on), so pages that
 * read "today" agree with the server's injected clock whatever the real date is.
 */
export async function openPage(browser: Browser, options: { locale?: string; viewport?: { width: number; height: number }; now?: string } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ locale: options.locale ?? 'zh-CN', viewport: options.viewport ?? { width: 1280, height: 900 }, timezoneId: 'Europe/Berlin' });
  if (options.now) await context.clock.install({ time: new Date(options.now) });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    page,
    context,
    errors,
    async screenshot(name: string) {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
  };
}

/**
 * Does `act` (a press, a submit) and waits for the state it causes: an element matching `selector`
 * that was not on the page before `act`. Waiting for the selector alone is a race whenever an earlier
 * step already drew such an element (the field error of the previous submit, the "saved" note of the
 * previous save): the wait passes at once and the step reads the page before its own answer arrives
 * (issue 22, item 11). The pages redraw these elements for every answer, so a new node is the answer.
 */
export async function pressForFresh(page: Page, selector: string, act: () => Promise<unknown>, options: { timeout?: number } = {}): Promise<void> {
  const before = await page.locator(selector).elementHandles();
  await act();
  await page.waitForFunction(({ selector: s, before: old }) => [...document.querySelectorAll(s)].some((e) => !old.includes(e)),
    { selector, before }, { timeout: options.timeout });
  await Promise.all(before.map((h) => h.dispose()));
}

/**
 * Holds every request matching `url` and `method` for `ms` before it goes to the server: a server
 * answering slowly, as it does on a loaded machine. A step that reads the page before its own answer
 * arrived then fails every time instead of once in a few hundred runs.
 */
export async function slowAnswers(page: Page, url: RegExp, ms: number, method = 'POST'): Promise<void> {
  await page.route(url, async (route) => {
    if (route.request().method() === method) await new Promise((resolve) => setTimeout(resolve, ms));
    await route.fallback();
  });
}
