/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPage } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { zhFirstFindings } from '../helpers/zh-first.ts';
import { fillTelescopeEvening } from '../helpers/desk.ts';
import { DEMO_NOW, startWebTest, type WebTest } from '../helpers/web.ts';

// The approval loop by email: the school asks for the planetarium's telescopes, the planetarium's
// organizer follows the emailed link into the desk and approves, the school hears of it.
// Each desk state is looked at in two languages and widths (axe, zh-first): slow on a loaded 2-core machine.
vi.setConfig({ testTimeout: 300_000 });
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

    // Signed out, the link asks to sign in first; signing in lands on the linked approval, in the desk.
    const planetarium = await signInByEmail(w, PLANETARIUM, { start: link });
    const { page: desk, errors, screenshot } = planetarium;
    await expect.poll(() => desk.evaluate(() => location.pathname + location.hash)).toBe(`/desk/#approvals/${claimId}`);
    const card = desk.locator(`#approval-${claimId}`);
    await card.waitFor();
    await expect(card.getAttribute('class')).resolves.toContain('linked');
    // The linked card has the focus (its title), so a keyboard or screen reader starts there.
    await expect.poll(() => desk.evaluate(() => document.activeElement?.id)).toBe(`approval-title-${claimId}`);
    await expect(card.locator('dd.venue').textContent()).resolves.toBe('学校礼堂');
    await expect(card.locator('dd.buffers').textContent()).resolves.toBe('布置 30 分钟，撤场 45 分钟');
    await expect(card.textContent()).resolves.toContain('3 / 5');
    await expect(card.locator('dd.when').textContent()).resolves.toContain('2026年11月27日');
    await expect(card.locator('dd.span').textContent()).resolves.toContain('18:30–21:15');
    // When the hold lapses, and how long is left by the (fake) clock.
    await expect(card.locator('dd.hold').textContent()).resolves.toMatch(/还剩 \d+ 小时/);
    await expect(desk.locator('#approvals-count').textContent()).resolves.toContain('时间均为北京时间');
    // The navigation counts what waits for this unit.
    const waiting = await desk.locator('.approval').count();
    expect(waiting).toBeGreaterThan(0);
    await expect(desk.locator('#tab-approvals .count').textContent()).resolves.toBe(String(waiting));
    expect(await zhFirstFindings(desk)).toEqual([]);
    await screenshot('approvals-linked-card');
    await checkState(planetarium, { test: 'desk-approvals', state: 'linked-card', replay: async (twin) => {
      await twin.locator(`#approval-${claimId}.linked`).waitFor();
    } });
    // Reloading the emailed URL opens the same card.
    await desk.reload();
    await desk.locator(`#approval-${claimId}.linked`).waitFor();
    // An old link into the classic page opens the desk's view too.
    await desk.goto(`${w.url}/organizer#approvals/${claimId}`);
    await desk.waitForURL((url) => url.pathname === '/desk/' && url.hash === `#approvals/${claimId}`);
    await desk.locator(`#approval-${claimId}.linked`).waitFor();

    // Approving asks to confirm; the note goes with the decision.
    await card.getByRole('button', { name: '批准' }).click();
    const dialog = desk.getByRole('dialog');
    await dialog.getByText('批准这项申请？').first().waitFor();
    await expect(dialog.innerText()).resolves.toContain('天文望远镜 × 3');
    await dialog.getByLabel('备注（可选）').fill('望远镜周五送到');
    await checkState(planetarium, { test: 'desk-approvals', state: 'confirm-approve', oneLanguage: true });
    await dialog.getByRole('button', { name: '批准' }).click();
    await card.getByText('已批准。活动状态：已确认。').waitFor();
    await desk.locator('.t-dialog').waitFor({ state: 'hidden' });
    if (waiting > 1) await expect.poll(() => desk.locator('#tab-approvals .count').textContent()).toBe(String(waiting - 1));
    else await expect.poll(() => desk.locator('#tab-approvals .count').count()).toBe(0);
    // Decided: no button offers to decide again.
    expect(await card.locator('.buttons').count()).toBe(0);
    expect(errors).toEqual([]);

    await w.drainOutbox();
    const decision = w.smtp.messages.filter((m) => m.to.includes(SCHOOL) && m.parsed.subject?.startsWith('已批准')).at(-1);
    expect(decision?.parsed.subject).toBe('已批准：月球观测 · Approved: Observing the Moon');
    expect(decision?.parsed.text).toContain('望远镜周五送到');
    expect(decision?.parsed.text).toContain('Resources: Astronomical telescope (Beijing Planetarium) × 3 of 5; set-up 30 min, tear-down 45 min');
  });

  it("the desk's registrations view and the programme's view live in the URL: a reload restores them", async () => {
    const watched = await signInByEmail(w, PLANETARIUM);
    const { page, errors } = watched;
    const [{ id }] = (await w.t.db.pool.query(`SELECT id FROM activities WHERE title_en = 'Young astronomers: telescope observation'`)).rows;
    // The old address of the view leads to the desk's registrations view, with the same state.
    await page.goto(`${w.url}/organizer#registrations/${id}?status=confirmed`);
    await page.waitForURL((url) => url.pathname === '/desk/');
    // The list has answered (no one confirmed yet: it says none matches the filter).
    await page.locator('#registrations-list', { hasText: '没有符合条件的报名。' }).or(page.locator('#registrations-list table')).first().waitFor();
    await expect(page.locator('#registrations-status').inputValue()).resolves.toBe('confirmed');
    // An organizer adds a teacher by hand; the confirmation goes out like a self-registration's.
    const add = page.locator('#registrations-add');
    // Nothing filled in: the fields say so and nothing is sent.
    await add.getByRole('button', { name: '添加' }).click();
    await page.locator('#registrations-add-status', { hasText: '请检查标出的字段。' }).waitFor();
    await expect(page.locator('#add-name').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.locator('#add-name').fill('Ms Gao');
    await page.locator('#add-email').fill('gao@school.example.org');
    await page.locator('#add-role').selectOption('teacher');
    await add.getByRole('button', { name: '添加' }).click();
    await page.locator('#registrations-add-status', { hasText: '已添加' }).waitFor();
    await page.locator('#registrations-search').fill('gao@');
    // Ms Gao's row was listed before the search too: wait for the search's answer (her row alone).
    await expect.poll(() => page.locator('#registrations-list tr[data-registration]').allTextContents()).toEqual([expect.stringContaining('Ms Gao')]);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#registrations/${id}?q=gao%40&status=confirmed`);
    await page.reload();
    await page.locator('#registrations-list tr[data-registration]', { hasText: 'Ms Gao' }).waitFor();
    await expect(page.locator('#registrations-search').inputValue()).resolves.toBe('gao@');
    expect(await page.locator('#registrations-list tr[data-registration]').count()).toBe(1);
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
