/// <reference lib="dom" />
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pressForFresh } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { startWebTest, type WebTest } from '../helpers/web.ts';
import { userWithToken } from '../helpers/auth.ts';

// Two sign-ins, three plans and the page checks in two languages: slow on a loaded 2-core machine.
vi.setConfig({ testTimeout: 420_000 });
let w: WebTest;
beforeAll(async () => {
  w = await startWebTest();
});
afterAll(() => w?.close());

const TERM = 'winter-2026';

async function unitId(slug: string): Promise<number> {
  const { rows } = await w.t.db.pool.query<{ id: number }>('SELECT id FROM units WHERE slug = $1', [slug]);
  return rows[0]!.id;
}

describe('an organizer plans a term from a commitment and accepts the plan', () => {
  it('enters a commitment, plans, sees one unplaced with its reason, pins, re-plans, accepts; the bookings and approval requests exist', async () => {
    const watched = await signInByEmail(w, 'organizer@school.example.org');
    const { page, errors, screenshot } = watched;
    // A bookmark of the planner's old place with its term leads to the desk's planner (issue 25: the planner moved).
    await page.goto(`${w.url}/organizer#planner/${TERM}`);
    await page.waitForURL((url) => url.pathname === '/desk/' && url.hash === `#planner/${TERM}`);
    await page.locator('#commitments-none').waitFor();
    // The desk's "更多工具" no longer links to the old planner tab.
    expect(await page.locator('.desk-classic a[href="/organizer#planner"]').count()).toBe(0);
    // The term is chosen by its name, not typed as a code (issue 25 item 13).
    expect(await page.getByLabel('学期', { exact: true }).inputValue()).toBe(TERM);
    expect(await page.locator('#planner-term option:checked').innerText()).toBe('2026 冬季学期');

    // A bad commitment: the field says what is wrong, nothing is stored.
    await page.getByLabel('标题（中文）').fill('天象厅观测课');
    await page.getByLabel('标题（英文）').fill('Dome session');
    await page.getByRole('checkbox', { name: '八年级1班' }).check();
    await page.getByRole('checkbox', { name: '八年级2班' }).check();
    await page.getByLabel('时长（分钟）').fill('120');
    await page.getByLabel('场地').selectOption({ label: '天象厅' });
    await page.getByRole('button', { name: '添加设备或人员' }).click();
    await page.locator('#need-0-resource').selectOption({ label: '天文望远镜（共 5）' });
    await page.locator('#need-0-quantity').fill('2');
    // TDesign's date pickers in the page's language: a typed date counts once Enter is pressed.
    await page.getByLabel('最早日期').fill('2026-12-15');
    await page.getByLabel('最早日期').press('Enter');
    await page.getByLabel('最晚日期').fill('2026-12-14');
    await page.getByLabel('最晚日期').press('Enter');
    await page.getByRole('button', { name: '添加', exact: true }).click();
    await page.locator('#commitment-ends-error').waitFor();
    expect(await page.locator('#commitments-none').count()).toBe(1);
    expect(errors).toEqual([expect.stringContaining('422')]);
    errors.length = 0;

    // Fixed: one Tuesday morning, two classes, one dome — one of them cannot fit.
    expect(await page.locator('#commitment-ends-error').innerText()).toBe('最晚日期须不早于最早日期。');
    await page.getByLabel('最晚日期').fill('2026-12-15');
    await page.getByLabel('最晚日期').press('Enter');
    await page.getByRole('button', { name: '添加', exact: true }).click();
    await page.locator('#commitment-status', { hasText: '已添加：天象厅观测课' }).waitFor();
    await page.locator('tr[data-commitment]').waitFor();

    await page.getByRole('button', { name: '生成方案' }).click();
    await page.locator('#plan-summary', { hasText: '已安排 1 / 2 次，1 次排不下' }).waitFor({ timeout: 60_000 });
    const unplaced = page.locator('#plan-unplaced li[data-unplaced]');
    await expect.poll(() => unplaced.count()).toBe(1);
    const reason = await unplaced.first().innerText();
    expect(reason).toContain('天象厅');
    expect(reason).toMatch(/即可排下/);
    const item = page.locator('li.plan-item').first();
    expect(await item.innerText()).toContain('天象厅、天文望远镜 · 均需所属单位审批');
    await screenshot('planner-proposal-1280-zh');
    await checkState(watched, { test: 'planner', state: 'proposal' });

    // Pin the placed one, plan again: it stays where it was.
    const key = await item.locator('button[data-pin]').getAttribute('data-pin');
    const before = await item.locator('.when').innerText();
    await item.locator('button[data-pin]').click();
    await page.locator(`li.plan-item.pinned[data-item="${key}"]`).waitFor();
    // The first plan's summary already says "已安排 1 / 2 次": wait for the summary of the new plan.
    await pressForFresh(page, '#plan-summary', () => page.getByRole('button', { name: '保留已固定的项目重新规划' }).click(), { timeout: 60_000 });
    await expect(page.locator('#plan-summary').textContent()).resolves.toContain('已安排 1 / 2 次');
    await page.locator(`li.plan-item.pinned[data-item="${key}"]`).waitFor();
    expect(await page.locator(`li.plan-item[data-item="${key}"] .when`).innerText()).toBe(before);

    // The same plan seen after its week has passed (the browser's clock on 20 December): the week is
    // headed as past, its item marked 已过去 with no pin, and nothing is offered for acceptance.
    const later = await signInByEmail(w, 'organizer@school.example.org', { desk: true, now: '2026-12-20T02:00:00Z' });
    await later.page.goto(`${w.url}/desk/#planner/${TERM}`);
    const pastWeek = later.page.locator('section.plan-week.past');
    await pastWeek.waitFor();
    expect(await pastWeek.locator('h4').innerText()).toMatch(/^2026年12月14日起的一周（已过去）$/);
    expect(await pastWeek.locator('li.plan-item.past').innerText()).toContain('已过去');
    expect(await pastWeek.locator('button[data-pin]').count()).toBe(0);
    expect(await later.page.getByRole('button', { name: '接受并预约全部' }).count()).toBe(0);
    await later.context.close();

    // Accepting asks first (a TDesign dialog saying how many future items it books).
    await page.getByRole('button', { name: '接受并预约全部' }).click();
    const confirm = page.getByRole('dialog', { name: '接受并预约全部？' });
    await expect.poll(() => confirm.innerText()).toContain('将预约 1 个将来的项目');
    await confirm.getByRole('button', { name: '接受并预约', exact: true }).click();
    await page.locator('#plan-acceptance li[data-outcome="booked"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('#plan-acceptance').innerText()).toContain('待审批');
    await screenshot('planner-accepted-1280-zh');
    expect(errors).toEqual([]);

    // The booking exists and waits in the planetarium's approval queue.
    const planetarium = await userWithToken(w.t, 'organizer', await unitId('planetarium'));
    const queue = await request(w.t.app).get('/api/v1/approvals').set(planetarium.headers).expect(200);
    const mine = queue.body.items.filter((c: { activityTitle: { en: string } }) => c.activityTitle.en.startsWith('Dome session ('));
    expect(mine.map((c: { resourceName: { en: string }; quantity: number }) => `${c.resourceName.en} × ${c.quantity}`).sort()).toEqual(['Astronomical telescope × 2', 'Planetarium dome × 1']);
    expect(mine[0].activityTitle['zh-CN']).toMatch(/^天象厅观测课（八年级[12]班）$/);
    const { rows } = await w.t.db.pool.query("SELECT status FROM activities WHERE title_en LIKE 'Dome session (%'");
    expect(rows.map((r) => r.status)).toEqual(['requested']);
  });
});
