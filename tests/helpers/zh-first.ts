/// <reference lib="dom" />
import type { Page } from 'playwright-core';

/**
 * The zh-first check (issue 25, "zh-first words"): what a Chinese page shows must be Chinese. It fails on
 * - Latin-script words that are not proper names or units of the allow-list (Orrery, QR, iCal, CSV …),
 * - raw codes: snake_case tokens (`field_visit`, `opening_hours`) and UPPER_CASE codes (`FREQ=WEEKLY`),
 * - ids shown as data ("#12", "编号 12", "id 12"),
 * - zone names: IANA ids ("Asia/Shanghai") and offsets written as a zone ("UTC+8", "GMT+08:00").
 * Email addresses, web addresses and file names are data a person types or copies, and pass; so does
 * what a page marks as not to be translated (translate="no": a code to read out, a person's name).
 * The words looked at are what a person reads: the visible text, and the names a screen reader
 * speaks or a field shows before typing (aria-label, placeholder, title).
 */

/** Proper names and units a Chinese page may show in Latin script. */
export const ZH_ALLOWED_WORDS = new Set([
  'Orrery', 'QR', 'iCal', 'ICS', 'ics', 'CSV', 'csv', 'XLSX', 'xlsx', 'PDF', 'pdf', 'Excel', 'Google', 'Outlook', 'Apple', 'webcal', 'Webcal',
  'English', // the language switch names the other language in that language
  'Shift', 'Enter', 'Esc', 'Tab', // names printed on keys
  'Internet', // Outlook's own menu item in Chinese: "从 Internet 订阅"
  'BJAST', 'Orrery', 'URL', 'ID', // ID only when not followed by a number (checked below)
  'km', 'kg', 'cm', 'mm', 'h', 'min', 'KB', 'MB', 'px', 'am', 'pm', 'AM', 'PM',
  'UTF', 'GBK', // names of text encodings a file may be saved in ("CSV（UTF-8、GBK 或 UTF-16）")
]);

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const URL_LIKE = /\b(?:https?|webcal):\/\/\S+|(?<!\w)\/(?:[\w.-]+\/)*[\w.-]+(?:\?\S*)?/g;
const FILE_NAME = /\b[\w-]+\.(?:ics|csv|xlsx|pdf|png)\b/gi;
const ZONE_ID = /\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)\/[A-Za-z_]+(?:\/[A-Za-z_]+)?/;
const OFFSET_AS_ZONE = /\b(?:UTC|GMT)\s*[+-−]\s*\d{1,2}(?::?\d{2})?\b/;
const SNAKE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/;
const UPPER_CODE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z]{2,}=[A-Z0-9]+/;
const ID_AS_DATA = /(?:^|[\s（(])#\d+\b|编号\s*[:：]?\s*\d+|\b(?:id|ID|Id)\s*[:：=]?\s*\d+/;
const LATIN_WORD = /[A-Za-z][A-Za-z'’-]*/g;

export interface ZhFirstOptions {
  /** More words this page may show: names from the test's own data (a participant called "Li Hua"). */
  allow?: string[];
  /** Only this part of the page (a selector), without the document's title. */
  scope?: string;
}

/** What is wrong with one text a Chinese reader sees; each problem names the word and its line. */
export function zhFirstProblems(text: string, options: ZhFirstOptions = {}): string[] {
  const allowed = new Set([...ZH_ALLOWED_WORDS, ...(options.allow ?? []).flatMap((a) => a.split(/\s+/))]);
  const problems: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const shown = line.slice(0, 120);
    if (ZONE_ID.test(line)) problems.push(`zone name "${ZONE_ID.exec(line)![0]}" in "${shown}"`);
    if (OFFSET_AS_ZONE.test(line)) problems.push(`offset as zone "${OFFSET_AS_ZONE.exec(line)![0]}" in "${shown}"`);
    const data = line.replace(EMAIL, ' ').replace(URL_LIKE, ' ').replace(FILE_NAME, ' ');
    if (SNAKE.test(data)) problems.push(`raw code "${SNAKE.exec(data)![0]}" in "${shown}"`);
    else if (UPPER_CODE.test(data)) problems.push(`raw code "${UPPER_CODE.exec(data)![0]}" in "${shown}"`);
    if (ID_AS_DATA.test(data)) problems.push(`id shown as data "${ID_AS_DATA.exec(data)![0].trim()}" in "${shown}"`);
    // A word's trailing hyphen or apostrophe is punctuation ("UTF-8" reads as the name UTF).
    const words = [...data.replace(ZONE_ID, ' ').matchAll(LATIN_WORD)].map((m) => m[0].replace(/[-'’]+$/, '')).filter((w) => !allowed.has(w) && !SNAKE.test(w));
    if (words.length > 0) problems.push(`English words "${[...new Set(words)].slice(0, 6).join(' ')}" in "${shown}"`);
  }
  return [...new Set(problems)];
}

/** The words a person reads on the page now: visible text, then spoken names and placeholders. */
export async function wordsOnPage(page: Page, scope?: string): Promise<string> {
  return page.evaluate((scope) => {
    // innerText of a detached copy has no layout: keep its lines by block elements.
    const textOf = (root: HTMLElement) => {
      const host = document.createElement('div');
      host.style.cssText = 'position:absolute;left:-99999px;top:0;width:1200px';
      host.append(root);
      document.documentElement.append(host);
      const text = root.innerText;
      host.remove();
      return text;
    };
    const visible = (e: Element) => (e as HTMLElement).offsetParent !== null || getComputedStyle(e).position === 'fixed';
    const root = (scope ? document.querySelector(scope) : document.body) as HTMLElement | null;
    if (!root) return `(nothing matches ${scope})`;
    const attributes = [...root.querySelectorAll('[aria-label], [placeholder], [title]:not(html):not(title), img[alt]')]
      .filter(visible)
      .flatMap((e) => ['aria-label', 'placeholder', 'title', 'alt'].map((a) => e.getAttribute(a) ?? '').filter(Boolean));
    // Text marked translate="no" is data, not words: left out of the copy that is read.
    const copy = root.cloneNode(true) as HTMLElement;
    for (const e of copy.querySelectorAll('[translate="no"]')) e.remove();
    const words = root.querySelectorAll('[translate="no"]').length > 0 ? textOf(copy) : root.innerText;
    return [scope ? '' : document.title, words, ...attributes].join('\n');
  }, scope);
}

/** The zh-first problems of the page as it is now (it must be a Chinese page). */
export async function zhFirstFindings(page: Page, options: ZhFirstOptions = {}): Promise<string[]> {
  return zhFirstProblems(await wordsOnPage(page, options.scope), options);
}
