/// <reference lib="dom" />
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, type WatchedPage } from './browser.ts';
import { zhFirstFindings } from './zh-first.ts';

/**
 * What a person sees, checked in every browser test (issue 11, item 5): each page state a journey
 * visits is looked at in zh-CN and en, at 1280 px and at 390 px, for
 * - axe-core violations of impact serious or critical,
 * - horizontal overflow (the page scrolls sideways),
 * - console errors and uncaught page errors (only those a state names as expected are let through),
 * - an element the page hid (the hidden attribute) that is drawn all the same,
 * - visible text showing `null`, `undefined`, `NaN`, `[object Object]` or an untranslated message key,
 * - in zh-CN, the zh-first check (./zh-first.ts: English words, raw codes, ids as data, zone names),
 * and a screenshot of each lands in test-artifacts/screenshots/<test>-<state>-<lang>-<width>.png.
 *
 * Widths are checked by resizing the same page (its state stays). The other language is the same URL
 * with `?lang=` opened in a second tab of the same browser context (so a session cookie still holds),
 * brought to the same state by `replay`; the first tab's language choice is restored afterwards.
 */
export const WIDTHS = [1280, 390] as const;
export type Language = 'zh-CN' | 'en';

const require = createRequire(import.meta.url);
/** axe-core, pinned in package.json; evaluated through the DevTools protocol, which the pages' CSP does not govern. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Every message key prefix of the pages' dictionaries: a visible "book.title" means a missing translation. */
function keyPattern(): RegExp {
  // Every page script may carry words (the *-strings.js dictionaries, or a panel's own extend() call).
  const files = ['public/js/i18n.js', ...readdirSync(path.resolve('public/js')).filter((f) => f.endsWith('.js')).map((f) => `public/js/${f}`)];
  const sources = [...new Set(files)].map((f) => readFileSync(path.resolve(f), 'utf8'));
  const prefixes = new Set<string>();
  for (const text of sources) for (const m of text.matchAll(/'([a-zA-Z]+)\.[\w.]+'\s*:/g)) prefixes.add(m[1]!);
  return new RegExp(`(?<![\\w@./-])(?:${[...prefixes].join('|')})\\.[A-Za-z_][\\w]*(?![\\w@/-])`);
}
const KEY = keyPattern();
const BAD_WORDS = /(?<![\w-])(null|undefined|NaN)(?![\w-])|\[object Object\]/;

export interface StateOptions {
  /** The test's short name (file-safe), e.g. "organizer-book". */
  test: string;
  /** The page state, e.g. "conflict". */
  state: string;
  /** Console messages this state causes on purpose (Chromium logs every non-2xx fetch). */
  expectedConsole?: RegExp[];
  /** Brings a freshly opened tab of the same URL in the other language to this state; without it, the URL alone is the state. */
  replay?: (page: Page, language: Language) => Promise<void>;
  /** Skip the other language (a state only one language can reach, said why at the call). */
  oneLanguage?: boolean;
  /** Latin-script names from the test's own data that a Chinese page may show (a participant called "Li Hua"). */
  zhAllow?: string[];
}

interface Finding { where: string; problem: string }

async function languageOf(page: Page): Promise<Language> {
  return (await page.evaluate(() => document.documentElement.lang)) === 'en' ? 'en' : 'zh-CN';
}

/** The checks of one page at its current width; returns what is wrong. */
async function inspect(page: Page, where: string, zhAllow?: string[]): Promise<Finding[]> {
  const found: Finding[] = [];
  if ((await languageOf(page)) === 'zh-CN') {
    for (const problem of await zhFirstFindings(page, { allow: zhAllow ?? [] })) found.push({ where, problem: `zh-first: ${problem}` });
  }
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  if (scrollWidth > innerWidth) {
    const wide = await page.evaluate((limit) => [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > limit + 0.5 && getComputedStyle(e).position !== 'fixed')
      .slice(-3).map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ')[0]}` : ''}`), innerWidth);
    found.push({ where, problem: `scrolls sideways: ${scrollWidth} px wide in a ${innerWidth} px window (${wide.join(', ')})` });
  }
  // A part the page hid with the hidden attribute must not be drawn (issue 22, item 10): a CSS display
  // rule beating [hidden] left the hidden "cancel this one" button pressable a second time.
  const drawnHidden = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[hidden]')]
    .filter((e) => e.getClientRects().length > 0)
    .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className.split(' ').join('.')}` : ''} "${(e.textContent ?? '').trim().slice(0, 40)}"`));
  for (const e of drawnHidden) found.push({ where, problem: `shows ${e}, which the page hid (hidden attribute)` });
  const text = await page.evaluate(() => document.body.innerText);
  for (const line of text.split('\n')) {
    if (BAD_WORDS.test(line)) found.push({ where, problem: `shows "${line.trim().slice(0, 120)}"` });
    const key = KEY.exec(line);
    if (key) found.push({ where, problem: `shows the untranslated key "${key[0]}" in "${line.trim().slice(0, 120)}"` });
  }
  // Colours are measured as they end, not halfway through a fade (a button easing back from its pressed or
  // loading colour measured 4.43:1 mid-way in CI); an endless animation (a spinner) cannot finish and stays.
  await page.evaluate(() => {
    for (const animation of document.getAnimations()) {
      try { animation.finish(); } catch { /* endless */ }
    }
  });
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').split('\n').slice(1, 2).join('').trim()}`).join(' | ')}`);
  });
  for (const v of violations) found.push({ where, problem: `axe ${v}` });
  return found;
}

async function atBothWidths(page: Page, test: string, state: string, language: Language, zhAllow?: string[]): Promise<Finding[]> {
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  const found: Finding[] = [];
  await mkdir(SCREENSHOTS, { recursive: true });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: original.height });
    // Layout and media queries settle in a frame or two.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const where = `${page.url().replace(/sig=[^&]+/, 'sig=…')} state "${state}" at ${width} px in ${language}`;
    found.push(...await inspect(page, where, zhAllow));
    await page.screenshot({ path: path.join(SCREENSHOTS, `${test}-${state}-${language}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
  return found;
}

function consoleFindings(errors: string[], expected: RegExp[], where: string): Finding[] {
  const unexpected = errors.filter((e) => !expected.some((p) => p.test(e)));
  errors.splice(0);
  return unexpected.map((e) => ({ where, problem: `console error: ${e}` }));
}

/** The other language's URL of a page: the same with ?lang=. */
function inLanguage(url: string, language: Language): string {
  const u = new URL(url);
  u.searchParams.set('lang', language);
  return u.toString();
}

/**
 * Checks the state `watched` is in now, then the same state in the other language; throws one error
 * listing every finding with its page, state, width and language.
 */
export async function checkState(watched: WatchedPage, options: StateOptions): Promise<void> {
  const { page, errors, context } = watched;
  const expected = options.expectedConsole ?? [];
  const language = await languageOf(page);
  const found = [...consoleFindings(errors, expected, `${options.state} in ${language}`), ...await atBothWidths(page, options.test, options.state, language, options.zhAllow)];
  if (!options.oneLanguage) {
    const other: Language = language === 'en' ? 'zh-CN' : 'en';
    const remembered = await page.evaluate(() => localStorage.getItem('orrery.lang'));
    const twin = await context.newPage();
    const twinErrors: string[] = [];
    twin.on('console', (m) => { if (m.type() === 'error') twinErrors.push(m.text()); });
    twin.on('pageerror', (e) => twinErrors.push(e.message));
    try {
      await twin.setViewportSize(page.viewportSize() ?? { width: 1280, height: 900 });
      await twin.goto(inLanguage(page.url(), other));
      await twin.waitForLoadState('networkidle');
      if (options.replay) await options.replay(twin, other);
      await twin.waitForLoadState('networkidle');
      found.push(...await atBothWidths(twin, options.test, options.state, await languageOf(twin), options.zhAllow));
      found.push(...consoleFindings(twinErrors, expected, `${options.state} in ${other}`));
      if ((await languageOf(twin)) !== other) found.push({ where: `${options.state} in ${other}`, problem: `the page did not switch to ${other}` });
    } finally {
      await twin.close();
      await page.evaluate((value) => (value === null ? localStorage.removeItem('orrery.lang') : localStorage.setItem('orrery.lang', value)), remembered);
    }
  }
  if (found.length > 0) {
    if (process.env.PAGE_CHECKS_WARN) return void console.warn(`What a person sees in ${options.test} / ${options.state}:\n${found.map((f) => `- ${f.where}: ${f.problem}`).join('\n')}`);
    throw new Error(`What a person sees in ${options.test} / ${options.state}:\n${found.map((f) => `- ${f.where}: ${f.problem}`).join('\n')}`);
  }
}
