/// <reference lib="dom" />
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPage, type WatchedPage } from '../helpers/browser.ts';
import { fakeCameraArgs, writeQrVideo } from '../helpers/fake-camera.ts';
import { pickDay } from '../helpers/desk.ts';
import { checkState } from '../helpers/page-checks.ts';
import { zhFirstFindings, zhFirstProblems } from '../helpers/zh-first.ts';
import { DEMO_NOW, startWebTest, type WebTest } from '../helpers/web.ts';
import { checkInSigner } from '../../src/attendance/code.ts';
import { resolveSecret } from '../../src/auth/signed-links.ts';

/**
 * A person new to the project (issue 25, the last "Done when" line): follows the README's sign-in, lands
 * on the desk's home, books another unit's telescopes (they need that unit's approval), signs in as that
 * unit's organizer and approves, registers a class on the activity's page, scans the registration's code
 * with a (fake) camera at the door and downloads a report in Chinese — by the pages' visible words and
 * roles only. The only reads outside the pages: the demo clock (DEMO_NOW) and the QR payload the fake
 * camera plays (the same signer the participant page uses). Each step: axe, both languages, 1280 and 390 px
 * (checkState) and the zh-first check.
 */
vi.setConfig({ testTimeout: 900_000 });
const VIDEO = path.resolve('test-artifacts/fake-camera/new-user.y4m');
let w: WebTest;

beforeAll(async () => {
  await mkdir(path.dirname(VIDEO), { recursive: true });
  await writeQrVideo(VIDEO, 'no registration yet'); // Chromium wants the file to exist when it starts
  w = await startWebTest({}, { browserArgs: fakeCameraArgs(VIDEO) });
}, 300_000);
afterAll(() => w?.close());

/** The README's own words: where to go and which demo address to ask a link for. */
async function readmeSignIn(): Promise<{ address: string; email: string }> {
  const readme = await readFile(path.resolve('README.md'), 'utf8');
  const found = /open `(\/[\w/]+)`, ask for a sign-in link for `([^`]+)`/.exec(readme);
  expect(found, 'the README says how a demo organizer signs in').not.toBeNull();
  return { address: found![1]!, email: found![2]! };
}

/** Signs in the way the README says: ask for the link, open it from the email, press the one button. */
async function signIn(address: string, email: string): Promise<WatchedPage> {
  const watched = await openPage(w.browser, { now: DEMO_NOW });
  const { page } = watched;
  page.setDefaultTimeout(30_000);
  await page.goto(`${w.url}${address}`);
  await page.getByLabel('电子邮箱').fill(email);
  const mails = () => w.smtp.messages.filter((m) => m.to.includes(email)).length;
  const before = mails();
  await page.getByRole('button', { name: '发送登录链接' }).click();
  await page.getByText('如果该邮箱有账号，登录链接已发送').waitFor();
  await expect.poll(mails, { timeout: 10_000 }).toBeGreaterThan(before);
  await page.goto(w.linkTo(email, /\/auth\/sign-in\//));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`${w.url}/desk/`);
  await page.locator('.home[data-ready]').waitFor();
  return watched;
}

/** Every step is looked at: axe, both languages, 1280 and 390 px, and what a Chinese page may show. */
async function look(watched: WatchedPage, state: string, options: Omit<Parameters<typeof checkState>[1], 'test' | 'state'> = {}): Promise<void> {
  expect(await zhFirstFindings(watched.page), state).toEqual([]);
  await checkState(watched, { test: 'new-user', state, ...options });
}

const settle = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

describe('a person new to the project', () => {
  it('signs in from the README, books, has it approved, registers a class, scans it at the door and downloads a Chinese report', async () => {
    const { address, email } = await readmeSignIn();
    const school = await signIn(address, email);
    const { page } = school;
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByRole('heading', { name: '今天' }).first().waitFor();
    await look(school, 'home', { replay: async (twin) => { await twin.locator('.home[data-ready]').waitFor(); } });

    // Book the planetarium's telescopes for this evening at the school: they need the planetarium's approval.
    await page.getByRole('link', { name: '预约', exact: true }).click();
    await page.getByRole('heading', { name: '预约活动' }).waitFor();
    await page.getByLabel('活动类型').selectOption({ label: '科技人才培养' });
    await page.getByLabel('标题（中文）').fill('天文社观测夜');
    await page.getByLabel('标题（英文）').fill('Astronomy club night');
    await page.getByLabel('场地').selectOption({ label: '学校礼堂' });
    // Today (the demo's 24 November) in the date picker: the form starts a week ahead, in December.
    await pickDay(page, (await page.getByLabel('日期').getAttribute('id'))!, 24, 1);
    for (const [label, time] of [['开始时间', '19:00'], ['结束时间', '20:30']] as const) {
      await page.getByLabel(label, { exact: true }).click();
      await page.getByLabel(label, { exact: true }).fill(time);
      await page.getByLabel(label, { exact: true }).press('Enter');
      await page.getByRole('heading', { name: '预约活动' }).click();
    }
    expect(await page.getByLabel('日期').inputValue()).toBe('2026年11月24日');
    await page.getByRole('button', { name: '添加设备或人员' }).click();
    await page.getByLabel('资源', { exact: true }).selectOption({ label: '天文望远镜 · 共 5 个 · 需北京天文馆审批' });
    await page.getByLabel('数量', { exact: true }).fill('2');
    await page.locator('.needs-approval', { hasText: '需北京天文馆审批' }).waitFor();
    await page.getByText('所选时间空闲，可以预约。').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await settle(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await school.screenshot('new-user-book-390-zh-CN');
    await page.setViewportSize({ width: 1280, height: 900 });
    await look(school, 'book-filled', { oneLanguage: true });
    await page.getByRole('button', { name: '预约', exact: true }).click();
    await page.getByText('已提交申请：需由资源所属单位审批').waitFor();
    const open = page.getByRole('link', { name: '查看刚预约的活动' });
    const activityPath = (await open.getAttribute('href'))!;
    await expect(page.locator('#book-done').innerText()).resolves.toContain('设备与人员：天文望远镜 × 2');
    await look(school, 'booked', { oneLanguage: true });

    // The planetarium's organizer: the home shows the request waiting; one click decides it.
    const planetarium = await signIn(address, email.replace('school', 'planetarium'));
    const desk = planetarium.page;
    const waiting = desk.locator('#home-approvals li', { hasText: '天文社观测夜' });
    await waiting.waitFor();
    await look(planetarium, 'approval-waiting', { replay: async (twin) => { await twin.locator('.home[data-ready]').waitFor(); } });
    await waiting.getByRole('link', { name: /去审批/ }).click();
    // The desk's approvals view (web/desk/src/approvals), that claim picked out; deciding asks to confirm.
    const card = desk.locator('.approval.linked', { hasText: '天文社观测夜' });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('2 / 5');
    await look(planetarium, 'approval', { oneLanguage: true });
    await card.getByRole('button', { name: '批准' }).click();
    await desk.getByRole('dialog').getByRole('button', { name: '批准' }).click();
    await card.getByText('已批准。活动状态：已确认。').waitFor();
    await planetarium.context.close();

    // A teacher registers a class on the activity's page (no account).
    const teacher = await openPage(w.browser, { now: DEMO_NOW });
    const public_ = teacher.page;
    public_.setDefaultTimeout(30_000);
    await public_.goto(`${w.url}${activityPath}`);
    await public_.getByRole('heading', { name: '天文社观测夜' }).waitFor();
    await public_.getByLabel('姓名', { exact: true }).fill('李老师');
    await public_.getByLabel('电子邮箱', { exact: true }).fill('li.teacher@school.example.org');
    await public_.getByLabel('身份', { exact: true }).selectOption({ label: '教师' });
    await public_.getByLabel('班级', { exact: true }).fill('初二3班');
    await public_.getByRole('button', { name: '提交报名' }).click();
    await public_.getByText('报名成功！确认邮件已发送。').waitFor();
    await look(teacher, 'registered', { oneLanguage: true });
    await teacher.context.close();

    // At the door this evening: the registration's QR code in front of the (fake) camera.
    const { rows } = await w.t.db.pool.query<{ registration: number; occurrence: number }>(
      `SELECT r.id AS registration, o.id AS occurrence FROM registrations r JOIN activities a ON a.id = r.activity_id
         JOIN occurrences o ON o.activity_id = a.id WHERE r.email = 'li.teacher@school.example.org'`);
    await writeQrVideo(VIDEO, checkInSigner(resolveSecret(w.t.config)).sign({ registrationId: rows[0]!.registration, occurrenceId: rows[0]!.occurrence }));
    await page.goto(`${w.url}/desk/#registrations`);
    await page.locator('#registrations-overview').waitFor();
    const option = await page.locator('#registrations-activity option', { hasText: '天文社观测夜' }).textContent();
    await page.getByLabel('活动', { exact: true }).selectOption({ label: option ?? '' });
    await page.locator('#attendance-links a').first().click();
    await page.waitForURL(/\/organizer\/attendance\/\d+$/);
    await page.getByRole('button', { name: '用摄像头扫码' }).click();
    await page.locator('#scan-result.scan-ok:not([hidden])', { hasText: '李老师' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '关闭摄像头' }).click();
    const mark = await w.t.db.pool.query('SELECT status, method FROM attendance WHERE registration_id = $1', [rows[0]!.registration]);
    expect(mark.rows).toEqual([{ status: 'present', method: 'scan' }]);
    await look(school, 'scanned', { oneLanguage: true });

    // A report to hand on, downloaded in Chinese.
    await page.goto(`${w.url}/desk/`);
    await page.getByRole('link', { name: '报告' }).click();
    const csv = page.getByRole('link', { name: /^CSV：/ }).first();
    await csv.waitFor();
    await look(school, 'reports', { oneLanguage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
    const text = await readFile((await download.path())!, 'utf8');
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    const header = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]!;
    expect(zhFirstProblems(header), header).toEqual([]);
    expect(zhFirstProblems(text.replace(/[\w.+-]+@[\w.-]+/g, '')), 'the downloaded report').toEqual([]);
    expect(school.errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
