/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPage } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { fillTelescopeEvening } from '../helpers/desk.ts';
import { DEMO_NOW, startWebTest, type WebTest } from '../helpers/web.ts';

// The approval loop by email: the school asks for the planetarium's telescopes, the planetarium's
// organizer follows the emailed link into the desk and approves, the school hears of it.
vi.setConfig({ testTimeout: 180_000 });
let w: WebTest;
beforeAll(async () => {
  w = await startWebTest();
});
afterAll(() => w?.close());

const SCHOOL = 'organizer@school.example.org';
const PLANETARIUM = 'organizer@planetarium.example.org';

/** Signs in by emailed link, as the organizer journey does, starting from `start` (a desk URL). */

describe('an approval request reaches the owner unit by email', () => {
  it('the school requests 3 telescopes, the planetarium approves from the emailed link, the school is told', async () => {
    const school = await signInByEmail(w, SCHOOL);
    const { page } = school;
    await page.locator('#book-form').waitFor();
    await fillTelescopeEvening(page, { date: '2026-11-27', teardownMinutes: 45 });
    await page.locator('#book-free').waitFor();
    await page.getByRole('button', { name: '预约', exact: true }).click();
    await page.getByText('已提交申请：需由资源所属单位审批').waitFor();
    expect(school.errors).toEqual([]);
    await school.page.context().close();

    await w.drainOutbox();
    const request = w.smtp.messages.filter((m) => m.to.includes(PLANETARIUM)).at(-1)!;
    expect(request.parsed.subject).toBe('审批申请：月球观测 · Approval requested: Observing the Moon');
    expect(request.parsed.text).toContain('含布置和撤场：2026年11月27日 星期五 18:30–21:15');
    const link = w.linkTo(PLANETARIUM, /\/organizer#approvals\/\d+$/);
    const claimId = link.split('/').at(-1)!;

    // Signed out, the link asks to sign in first; signing in lands on the linked approval.
    const planetarium = await signInByEmail(w, PLANETARIUM, { start: link });
    const { page: desk, errors, screenshot } = planetarium;
    await expect.poll(() => desk.evaluate(() => location.hash)).toBe(`#approvals/${claimId}`);
    const card = desk.locator(`#approval-${claimId}`);
    await card.waitFor();
    await expect(card.getAttribute('class')).resolves.toContain('linked');
    await expect(card.locator('dd.venue').textContent()).resolves.toBe('学校礼堂');
    await expect(card.locator('dd.buffers').textContent()).resolves.toBe('布置 30 分钟，撤场 45 分钟');
    await expect(card.textContent()).resolves.toContain('3 / 5');
    // The navigation counts what waits for this unit.
    const waiting = await desk.locator('form.approval').count();
    await expect(desk.locator('#tab-approvals .count').textContent()).resolves.toBe(String(waiting));
    await screenshot('approvals-linked-card');
    await checkState(planetarium, { test: 'organizer-approvals', state: 'linked-card' });
    // Reloading the emailed URL opens the same card.
    await desk.reload();
    await desk.locator(`#approval-${claimId}.linked`).waitFor();

    await card.getByRole('button', { name: '批准' }).click();
    await card.getByText('已批准。活动状态：已确认。').waitFor();
    await expect(desk.locator('#tab-approvals .count').textContent()).resolves.toBe(String(waiting - 1));
    expect(errors).toEqual([]);

    await w.drainOutbox();
    const decision = w.smtp.messages.filter((m) => m.to.includes(SCHOOL) && m.parsed.subject?.startsWith('已批准')).at(-1);
    expect(decision?.parsed.subject).toBe('已批准：月球观测 · Approved: Observing the Moon');
    expect(decision?.parsed.text).toContain('Resources: Astronomical telescope (Beijing Planetarium) × 3 of 5; set-up 30 min, tear-down 45 min');
  });

  it("the desk's registrations view and the programme's view live in the URL: a reload restores them", async () => {
    const watched = await signInByEmail(w, PLANETARIUM);
    const { page, errors } = watched;
    const [{ id }] = (await w.t.db.pool.query(`SELECT id FROM activities WHERE title_en = 'Young astronomers: telescope observation'`)).rows;
    await page.goto(`${w.url}/organizer#registrations/${id}?status=confirmed`);
    await page.locator('#registrations-list').waitFor();
    await expect(page.locator('#registrations-status').inputValue()).resolves.toBe('confirmed');
    // An organizer adds a teacher by hand; the confirmation goes out like a self-registration's.
    await page.locator('#add-name').fill('Ms Gao');
    await page.locator('#add-email').fill('gao@school.example.org');
    await page.locator('#add-role').selectOption('teacher');
    await page.locator('#registrations-add').getByRole('button', { name: '添加' }).click();
    await page.locator('#registrations-add-status', { hasText: '已添加' }).waitFor();
    await page.locator('#registrations-search').fill('gao@');
    // Ms Gao's row was listed before the search too: wait for the search's answer (her row alone).
    await expect.poll(() => page.locator('#registrations-list tbody tr').allTextContents()).toEqual([expect.stringContaining('Ms Gao')]);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#registrations/${id}?q=gao%40&status=confirmed`);
    await page.reload();
    await page.locator('#registrations-list tbody tr', { hasText: 'Ms Gao' }).waitFor();
    await expect(page.locator('#registrations-search').inputValue()).resolves.toBe('gao@');
    expect(await page.locator('#registrations-list tbody tr').count()).toBe(1);
    await w.drainOutbox();
    expect(w.smtp.messages.filter((m) => m.to.includes('gao@school.example.org')).map((m) => m.parsed.subject)).toHaveLength(1);

    expect(errors).toEqual([]);
    await page.context().close();

    // The programme, as the public sees it (signed in, its subscribe panel's POST /feeds/public lacks the CSRF token today: a 403 in the console).
    const visitor = await openPage(w.browser, { now: DEMO_NOW });
    const programme = visitor.page;
    await programme.goto(`${w.url}/?view=listMonth&date=2026-12-01&kind=club_session`);
    await programme.locator('.fc-list').waitFor();
    await expect(programme.locator('#filter-kind').inputValue()).resolves.toBe('club_session');
    await programme.locator('#filter-grade').selectOption('8');
    await expect.poll(() => programme.evaluate(() => location.search)).toBe('?view=listMonth&date=2026-12-01&kind=club_session&grade=8');
    await programme.locator('.fc-next-button').click();
    await expect.poll(() => programme.evaluate(() => new URLSearchParams(location.search).get('date'))).toBe('2027-01-01');
    await programme.reload();
    await programme.locator('.fc-list, .fc-list-empty').first().waitFor();
    await expect(programme.locator('#filter-grade').inputValue()).resolves.toBe('8');
    await expect(programme.locator('.fc-toolbar-title').textContent()).resolves.toMatch(/2027/);
    expect(visitor.errors).toEqual([]);
  });
});
