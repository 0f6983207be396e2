/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPage } from '../helpers/browser.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { DEMO_NOW, startWebTest, type WebTest } from '../helpers/web.ts';

// Issue 25 item 7: names of places in the reader's language. A venue's location and an item's label
// and home have a zh-CN and an en form; the Chinese page showed "学校礼堂 — Beijing School, main
// building" and "望远镜 1 / Telescope 1", the English page the Chinese half.
vi.setConfig({ testTimeout: 240_000 });
let w: WebTest;
beforeAll(async () => {
  w = await startWebTest();
});
afterAll(() => w?.close());

const LATIN_WORD = /[A-Za-z]{3,}/;

async function auditoriumActivity(): Promise<number> {
  const { rows } = await w.t.db.pool.query<{ id: number }>(
    `SELECT a.id FROM activities a JOIN activity_venues av ON av.activity_id = a.id JOIN resources v ON v.id = av.venue_id
      WHERE v.name_en = 'School auditorium' AND a.status = 'confirmed' ORDER BY a.starts_at LIMIT 1`);
  return rows[0]!.id;
}

describe('places named in the reader\'s language (issue 25 item 7)', () => {
  const cases = [
    { language: 'zh-CN', query: '', where: '学校礼堂 — 北京学校主楼', item: '望远镜 1', home: '北京天文馆器材库', foreign: /Telescope|Beijing School|store room/i },
    { language: 'en', query: '?lang=en', where: 'School auditorium — Beijing School, main building', item: 'Telescope 1', home: 'Planetarium store room', foreign: /[\u4e00-\u9fff]/ },
  ] as const;
  for (const c of cases) {
    it(`shows a venue's location on the activity page in ${c.language} only`, async () => {
      const { page, errors, screenshot } = await openPage(w.browser, { now: DEMO_NOW });
      await page.goto(`${w.url}/activities/${await auditoriumActivity()}${c.query}`);
      const where = await page.locator('#activity-where').innerText();
      expect(where).toBe(c.where);
      if (c.language === 'zh-CN') expect(where).not.toMatch(LATIN_WORD);
      await screenshot(`place-names-activity-${c.language}`);
      expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
    });

    it(`names lent items and their home in ${c.language} only on the desk's loans view`, async () => {
      const watched = await signInByEmail(w, 'organizer@planetarium.example.org');
      const { page, errors, screenshot } = watched;
      // The loans view is the desk's (web/desk/src/loans); the old address leads there.
      await page.goto(`${w.url}/organizer${c.language === 'en' ? '?lang=en' : ''}#loans`);
      await page.waitForURL((url) => url.pathname === '/desk/');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(c.language);
      const row = page.locator('tr[data-item]').first();
      await row.waitFor();
      const text = await row.innerText();
      expect(text).toContain(c.item);
      expect(text).toContain(c.home);
      expect(text).not.toMatch(c.foreign);
      expect(await page.locator('#loans').innerText()).not.toContain(' / ');
      await screenshot(`place-names-loans-${c.language}`);
      expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
    });
  }
});
