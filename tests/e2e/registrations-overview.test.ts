/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/shared/logger.ts';
import { seedDemoLife } from '../../src/seed/demo-life.ts';
import { checkState } from '../helpers/page-checks.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { zhFirstFindings } from '../helpers/zh-first.ts';
import { DEMO_NOW, startWebTest, type WebTest } from '../helpers/web.ts';

/**
 * Issue 25 item 11: the registrations tab opens on who is coming across the unit's activities
 * (places, waitlist, next session, consents missing), not on an empty page with one dropdown; one
 * click opens an activity's list. On the living demo term, as a first start shows it.
 */
vi.setConfig({ testTimeout: 240_000 });
let w: WebTest;
beforeAll(async () => {
  w = await startWebTest({ CONSENT_KINDS: 'field_visit,research_study,summer_camp' });
  await seedDemoLife({ pool: w.t.db.pool, clock: w.clock, config: w.t.config, log: createLogger('silent') });
}, 240_000);
afterAll(() => w?.close());

const ORGANIZER = 'organizer@school.example.org';
const CLUB = '科普剧社排练';

describe("the desk's registrations view", () => {
  it('opens on an overview of who is coming, and one click opens an activity’s list', async () => {
    const watched = await signInByEmail(w, ORGANIZER, { now: DEMO_NOW, desk: true });
    const { page, errors } = watched;
    // The desk's registrations view (web/desk/src/registrations) opens on the overview.
    await page.getByRole('link', { name: '报名', exact: true }).click();
    const overview = page.locator('#registrations-overview');
    await overview.getByRole('heading', { name: '谁会来' }).waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#registrations');
    // The drama club is full, with two on its waitlist; the school's planned visits are there too.
    const club = overview.locator('.overview-card', { hasText: CLUB });
    const text = await club.innerText();
    expect(text).toContain('已确认 30 / 名额 30');
    expect(text).toContain('已满');
    expect(text).toContain('候补 2 人');
    expect(text).toMatch(/下一场：.*北京时间/);
    expect(await overview.locator('.overview-card').count()).toBeGreaterThanOrEqual(5);
    await expect(overview.locator('.overview-summary').innerText()).resolves.toMatch(/未来 90 天有 \d+ 项活动：\d+ 人已确认，2 人候补。/);
    // The first screen shows the overview, not an empty page: a card is in view at 1280 px and at 390 px.
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 844 });
      const box = (await overview.locator('.overview-card').first().boundingBox())!;
      expect(box.y, `first card at ${width} px`).toBeLessThan(844);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await zhFirstFindings(page)).toEqual([]);
    await checkState(watched, { test: 'registrations-overview', state: 'overview', replay: async (twin) => {
      await twin.locator('#registrations-overview .overview-card').first().waitFor();
    } });

    await club.getByRole('link', { name: CLUB }).click();
    await page.locator('#registrations-list table').waitFor();
    await expect(page.locator('#registrations-activity option:checked').textContent()).resolves.toContain(CLUB);
    await expect(page.getByRole('heading', { name: CLUB }).count()).resolves.toBeGreaterThan(0);
    await expect.poll(() => page.locator('#registrations-list tbody tr').count()).toBe(32);
    // The list lives in the URL; the browser's back button returns to the overview.
    expect(await page.evaluate(() => location.hash)).toMatch(/^#registrations\/\d+$/);
    await page.locator('.registrations-count').getByText('30 人已确认，2 人候补').waitFor();
    expect(await zhFirstFindings(page)).toEqual([]);
    await checkState(watched, { test: 'registrations-overview', state: 'list' });
    await page.goBack();
    await overview.getByRole('heading', { name: '谁会来' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('counts the consents guardians have not answered, for an admin across units', async () => {
    const overview = await w.t.api.get('/api/v1/registration-overview?days=200');
    expect(overview.status).toBe(200);
    const study = (overview.body.items as { title: { en: string }; consentsMissing: number; confirmed: number }[]).find((i) => i.title.en.startsWith('Research study'));
    expect(study).toMatchObject({ consentsMissing: 5, confirmed: 5 });
    const asOrganizer = await w.t.api.get('/api/v1/registration-overview?unitId=999999');
    expect(asOrganizer.status).toBe(200); // an admin may name any unit (an unknown one has nothing)
    for (const bad of ['days=0', 'days=367', 'days=abc', 'unitId=-1', 'unitId=x', 'unitId=1&unitId=2', 'other=1']) {
      const res = await w.t.api.get(`/api/v1/registration-overview?${bad}`);
      expect([400, 422], bad).toContain(res.status);
      expect(res.headers['content-type'], bad).toMatch(/^application\/problem\+json/);
    }
  });
});
