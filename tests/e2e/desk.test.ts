/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { checkState, type Language } from '../helpers/page-checks.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { zhFirstFindings } from '../helpers/zh-first.ts';
import { startWebTest, type WebTest } from '../helpers/web.ts';
import { seedDemoDesk } from '../../src/seed/demo-life-desk.ts';
import { createLogger } from '../../src/shared/logger.ts';

/**
 * The organizer desk (web/desk, docs/desk.md; issue 25: the desk on a typed component front end, the
 * organizer home, item 16 desk imports). An organizer signs in and lands on the home in zh-CN with the
 * demo programme's sections, follows one action; imports a CSV through the desk (a bad row → the
 * problem table by line and column → fixed → applied). Each state at 390 and 1280 px in both languages.
 */
vi.setConfig({ testTimeout: 240_000 });
let w: WebTest;
const PLANETARIUM = 'organizer@planetarium.example.org';
const SCHOOL = 'organizer@school.example.org';

beforeAll(async () => {
  w = await startWebTest();
  // What waits on the demo's desks today (src/seed/demo-life-desk.ts, what `npm start` seeds): loans (one
  // overdue), the school's request for the planetarium's telescopes, a hold about to lapse.
  const deps = { pool: w.t.db.pool, clock: w.clock, config: w.t.config, log: createLogger('silent') };
  const seeded = await seedDemoDesk(deps);
  expect(seeded.loans).toBeGreaterThan(0);
  expect(seeded.requests).toBe(2);
  // A visit leaving the school next week (its destination known, nothing else arranged yet): not ready.
  const { rows } = await w.t.db.pool.query<{ id: number }>("SELECT id FROM units WHERE slug = 'beijing-school'");
  const venue = (await w.t.api.get('/api/v1/resources?kind=venue&limit=200')).body.items.find((r: { name: { en: string } }) => r.name.en === 'Science classroom');
  const visit = await w.t.api.post('/api/v1/activities').send({
    kind: 'field_visit', title: { 'zh-CN': '八年级地质公园考察', en: 'Grade 8 geopark visit' }, organizerUnitId: rows[0]!.id, venueId: venue.id,
    startsAt: '2026-12-03T09:00:00+08:00', endsAt: '2026-12-03T15:00:00+08:00', timeZone: 'Asia/Shanghai', status: 'confirmed', audienceGrades: [8], destination: '石景山地质公园',
  });
  expect(visit.status, JSON.stringify(visit.body)).toBe(201);
  visitId = visit.body.id;
}, 120_000);
let visitId: number;
afterAll(() => w?.close());

/** Latin-script words a Chinese desk may show: the product's name, the language switch, file formats and units. */
const ALLOWED_LATIN = new Set(['Orrery', 'English', 'CSV', 'csv', 'Excel', 'xlsx', 'UTF', 'GBK', 'MB']);
async function latinWords(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const withoutEmails = text.replace(/[\w.+-]+@[\w.-]+/g, '');
  return [...new Set((withoutEmails.match(/[A-Za-z][A-Za-z_]+/g) ?? []).filter((word) => !ALLOWED_LATIN.has(word)))];
}

const SECTIONS: Record<Language, string[]> = {
  'zh-CN': ['今天', '等待我审批', '即将失效的预留', '缺少家长同意', '逾期未还', '发送失败的邮件', '本周其余安排'],
  en: ['Today', 'Waiting for my approval', 'Holds about to lapse', 'Consents missing', 'Items overdue', 'Emails that failed', 'Rest of this week'],
};

async function homeReady(page: Page): Promise<void> {
  await page.locator('.home[data-ready]').waitFor();
}

describe('the organizer desk', () => {
  it('lands an organizer on the home in zh-CN with the demo sections, in both languages at 390 and 1280 px, and one click acts', async () => {
    const watched = await signInByEmail(w, PLANETARIUM, { desk: true });
    const { page } = watched;
    expect(new URL(page.url()).pathname).toBe('/desk/');
    await homeReady(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    for (const heading of SECTIONS['zh-CN']) await expect.poll(() => page.getByRole('heading', { name: heading }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#home-approvals').innerText()).toContain('天文社观星夜');
    await expect.poll(() => page.locator('#home-overdue').innerText()).toContain('张老师');
    expect(await latinWords(page)).toEqual([]);
    // The time until the home shows its lists, from a fresh load (printed, not asserted: a speed goal).
    const started = performance.now();
    await page.reload();
    await homeReady(page);
    const ready = performance.now() - started;
    console.log(`desk: the home was ready ${Math.round(ready)} ms after a reload (goal 1,000 ms; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
    await checkState(watched, { test: 'desk', state: 'home', replay: async (twin, language) => {
      await homeReady(twin);
      for (const heading of SECTIONS[language]) await twin.getByRole('heading', { name: heading }).first().waitFor();
    } });
    // One click from its action: the waiting approval opens the desk's approvals view, that claim picked out.
    const approve = page.locator('#home-approvals a', { hasText: '去审批' }).first();
    const href = await approve.getAttribute('href');
    expect(href).toMatch(/^#approvals\/\d+$/);
    const claimId = href!.split('/').at(-1)!;
    await approve.click();
    await page.waitForURL((url) => url.pathname === '/desk/' && url.hash === href);
    const card = page.locator(`#approval-${claimId}.linked`);
    await card.waitFor();
    await expect(card.innerText()).resolves.toContain('天文社观星夜');
    await expect(page.locator('#tab-approvals').getAttribute('aria-current')).resolves.toBe('page');
    expect(await latinWords(page)).toEqual([]);
    expect(await zhFirstFindings(page)).toEqual([]);

    // Declining asks for a reason in a confirmation: none given, nothing changes and the field says why.
    const activityOf = async () => (await w.t.db.pool.query(`SELECT a.id, a.status, c.approval AS claim FROM claims c JOIN activities a ON a.id = c.activity_id WHERE c.id = $1`, [claimId])).rows[0];
    const before = await activityOf();
    expect(before.status).toBe('requested');
    await card.getByRole('button', { name: '拒绝' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('拒绝这项申请？').first().waitFor();
    await expect(dialog.innerText()).resolves.toContain('北京学校');
    await dialog.getByRole('button', { name: '拒绝' }).click();
    await dialog.getByText('请写明拒绝的原因。').waitFor();
    expect(await activityOf()).toEqual(before);
    await checkState(watched, { test: 'desk', state: 'approval-decline-reason', oneLanguage: true });
    await dialog.getByLabel('拒绝原因').fill('当晚望远镜送修，请改期');
    await dialog.getByRole('button', { name: '拒绝' }).click();
    await card.getByText('已拒绝。活动退回草稿。').waitFor();
    await page.locator('.t-dialog').waitFor({ state: 'hidden' });
    // Decided: no button offers to decide again.
    expect(await card.locator('.buttons').count()).toBe(0);
    expect(await activityOf()).toMatchObject({ status: 'draft', claim: 'declined' });
    await w.drainOutbox();
    const decision = w.smtp.messages.filter((m) => m.to.includes(SCHOOL) && m.parsed.subject?.includes('天文社观星夜')).at(-1);
    expect(decision?.parsed.text).toContain('当晚望远镜送修，请改期');
    expect(watched.errors).toEqual([]);
    await watched.context.close();
  });

  it('imports a CSV through the desk: the dry run shows the bad row by line and column, the fixed file applies', async () => {
    const watched = await signInByEmail(w, SCHOOL, { desk: true });
    const { page } = watched;
    await homeReady(page);
    // The school's own home: its request to the museum, whose hold lapses within hours.
    await expect.poll(() => page.locator('#home-holds').innerText()).toContain('七年级生物标本课');
    // Visits not ready (GET /readiness?notReady=true): what is missing in words, one click to the checklist.
    const readiness = page.locator('#home-readiness');
    await expect.poll(() => readiness.innerText()).toContain('八年级地质公园考察');
    expect(await readiness.innerText()).toContain('行程信息不全');
    expect(await page.getByRole('heading', { name: '出行尚未就绪' }).count()).toBe(1);
    await checkState(watched, { test: 'desk', state: 'home-school', replay: homeReady });
    const toReadiness = readiness.locator('a', { hasText: '查看准备情况' }).first();
    expect(await toReadiness.getAttribute('href')).toBe(`/organizer#readiness/${visitId}`);
    await toReadiness.click();
    await page.waitForURL((url) => url.pathname === '/organizer' && url.hash === `#readiness/${visitId}`);
    await page.getByText('八年级地质公园考察').first().waitFor();
    await page.goto(`${w.url}/desk/`);
    await homeReady(page);
    await page.getByRole('link', { name: '批量导入' }).click();
    await page.getByRole('heading', { name: '批量导入' }).waitFor();
    await page.getByLabel('导入类型').selectOption('resources');
    // The template downloads from the desk.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: '下载模板' }).click();
    expect((await download).suggestedFilename()).toBe('resources-template.csv');
    const header = 'kind,category,name_zh,name_en,quantity,location,description';
    const upload = async (p: Page, quantity: string) => {
      await p.locator('#import-file').setInputFiles({ name: '显微镜.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\r\nequipment,microscope,显微镜,Microscope,4,实验室,\r\nequipment,slides,玻片,Slides,${quantity},实验室,\r\n`) });
      await p.getByRole('button', { name: /^(检查|Check)$/ }).click();
    };
    await upload(page, 'many');
    const table = page.locator('.imports-problems');
    await table.waitFor().catch(async (error: unknown) => {
      await watched.screenshot('desk-import-no-table');
      throw new Error(`no problem table; the page says: ${(await page.locator("main").innerText()).slice(-200)}; console: ${watched.errors.join(" | ")}`, { cause: error });
    });
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('第 3 行');
    expect(rows[0]).toContain('数量');
    expect(await latinWords(page)).toEqual([]);
    await checkState(watched, { test: 'desk', state: 'import-problems', replay: async (twin, language) => {
      await twin.getByRole('link', { name: language === 'en' ? 'Imports' : '批量导入' }).click();
      await twin.locator('#import-kind').selectOption('resources');
      await upload(twin, 'many');
      await twin.locator('.imports-problems').waitFor();
    } });
    await upload(page, '12');
    await page.getByText('检查通过：共 2 行，可以导入。').waitFor();
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '导入' }).click();
    await page.getByText('导入成功：新建 2 条，更新 0 条。').waitFor();
    // The confirmation fades out: axe would measure its buttons' colours half-way (CI saw 2.2:1 mid-fade).
    await page.locator('.t-dialog').waitFor({ state: 'hidden' });
    // One language: applying the same file again in the other would refuse it (already imported), another state.
    await checkState(watched, { test: 'desk', state: 'import-applied', oneLanguage: true });
    const names = ((await w.t.api.get('/api/v1/resources?kind=equipment')).body.items as { name: { 'zh-CN': string } }[]).map((r) => r.name['zh-CN']);
    expect(names).toEqual(expect.arrayContaining(['显微镜', '玻片']));
    expect(watched.errors).toEqual([]);
    await watched.context.close();
  });
});
