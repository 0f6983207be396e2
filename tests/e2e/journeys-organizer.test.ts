/// <reference lib="dom" />
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPage, pressForFresh, slowAnswers, type WatchedPage } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';
import { fillTelescopeEveningInDesk } from '../helpers/desk.ts';
import { zhFirstFindings } from '../helpers/zh-first.ts';
import { DEMO_NOW, startWebTest, type WebTest } from '../helpers/web.ts';

// Every state is also looked at in both languages and at two widths (tests/helpers/page-checks.ts).
// Generous: under a load of 25+ the approval test's checks in two languages took over 240 s.
vi.setConfig({ testTimeout: 420_000 });
let w: WebTest;
beforeAll(async () => {
  w = await startWebTest();
});
afterAll(() => w?.close());


/** Asks for a sign-in link on the organizer page, opens it from the captured email, presses the button. */
async function signIn(email: string, options: { viewport?: { width: number; height: number }; check?: boolean; desk?: boolean } = {}): Promise<WatchedPage> {
  const watched = await openPage(w.browser, { ...options, now: DEMO_NOW });
  const { page } = watched;
  // Fail with Playwright's own message, well inside the test's timeout (the page checks share the CPU).
  page.setDefaultTimeout(20_000);
  await page.goto(`${w.url}/organizer`);
  await page.getByLabel('电子邮箱').waitFor();
  // Signed out is an answer, not an error: nothing in the console (it used to log /auth/me's 401).
  if (options.check) await checkState(watched, { test: 'organizer', state: 'signed-out' });
  expect(watched.errors).toEqual([]);
  await page.getByLabel('电子邮箱').fill(email);
  const mailsTo = () => w.smtp.messages.filter((m) => m.to.includes(email)).length;
  const before = mailsTo();
  await page.getByRole('button', { name: '发送登录链接' }).click();
  await page.getByText('如果该邮箱有账号，登录链接已发送').waitFor();
  // The link is mailed after the answer (the answer's timing must not tell who has an account).
  await expect.poll(mailsTo, { timeout: 8_000 }).toBeGreaterThan(before);
  const link = w.linkTo(email, /\/auth\/sign-in\//);
  expect(new URL(link).origin).toBe(w.url);
  await page.goto(link);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  // Signing in lands on the desk's home; its booking tab is the desk's own (web/desk/src/book/).
  await page.waitForURL(`${w.url}/desk/`);
  await page.getByText(`已登录：${email}（组织者）`).waitFor();
  if (options.desk) {
    await page.locator('nav.desk-tabs').getByRole('link', { name: '预约', exact: true }).click();
    await page.waitForURL(`${w.url}/desk/#book`);
  } else {
    // The older tabs (approvals, timeline, my activities …) are still on /organizer.
    await page.goto(`${w.url}/organizer`);
  }
  await page.getByText(`已登录：${email}（组织者）`).waitFor();
  expect(watched.errors).toEqual([]);
  return watched;
}

describe('an organizer books a telescope session and the owning unit approves it', () => {
  let activityId: number;

  it('signs in by emailed link, sees the conflict while typing and at submit, picks a suggested slot and books in the desk', async () => {
    const watched = await signIn('organizer@school.example.org', { check: true, desk: true });
    const { page, errors, screenshot } = watched;
    await page.locator('#book-form').waitFor();
    await fillTelescopeEveningInDesk(page, { monthsBack: 1, day: 26 });
    // Another unit's telescopes say, in the list and beside the row, that their unit approves them.
    await expect(page.locator('[data-field="claim-0-resource"] .needs-approval').innerText()).resolves.toBe('需北京天文馆审批');

    // Before submitting: the availability search says why the chosen time does not work.
    // Each keystroke starts a search; an early one may draw first, so wait for the answer to the finished form.
    await page.locator('#book-conflict-preview', { hasText: '天文望远镜：需要 3，只剩 2' }).waitFor();
    const suggestion = page.locator('button.suggestion').first();
    await suggestion.waitFor();
    expect(await suggestion.getAttribute('data-starts-at')).toBe('2026-11-27T19:00:00+08:00');

    // Submitting anyway: the 409 names the resource, what was free and who holds it.
    await page.getByRole('button', { name: '预约', exact: true }).click();
    const conflicts = page.locator('#book-conflicts');
    await conflicts.getByText('资源已被占用').waitFor();
    await expect(conflicts.textContent()).resolves.toMatch(/天文望远镜：.*需要 3，只有 2\/5 空闲（占用：青少年天文观测营）/);
    await expect(conflicts.textContent()).resolves.toContain('(北京时间)');
    expect(await zhFirstFindings(page, { scope: '#book-form' })).toEqual([]);
    await screenshot('desk-book-conflict');
    await checkState(watched, { test: 'desk-book', state: 'conflict', expectedConsole: [/status of 409/], replay: async (twin) => {
      await twin.locator('#book-form').waitFor();
      await fillTelescopeEveningInDesk(twin, { monthsBack: 1, day: 26 });
      await twin.locator('#book-conflict-preview', { hasText: 'Astronomical telescope: 3 needed, 2 free' }).waitFor();
      await twin.locator('#book-submit').click();
      await twin.locator('#book-conflicts', { hasText: 'A resource is already booked' }).waitFor();
    } });

    await suggestion.click();
    await page.locator('#book-free').waitFor();
    // The field shows the page's date format (issue 25 item 13), whatever the browser's locale.
    expect(await page.getByLabel('日期').inputValue()).toBe('2026年11月27日');
    expect(await page.getByLabel('开始时间').inputValue()).toBe('19:00');
    await page.getByRole('button', { name: '预约', exact: true }).click();
    await page.getByText('已提交申请：需由资源所属单位审批').waitFor();
    await expect(page.locator('#book-result').textContent()).resolves.toContain('(北京时间)');
    // Success says what was booked, with a link to it.
    const done = page.locator('#book-done');
    await expect(done.innerText()).resolves.toContain('月球观测 · 2026-11-27 周五 19:00–20:30 (北京时间) · 学校礼堂');
    await expect(done.innerText()).resolves.toContain('设备与人员：天文望远镜 × 3');
    const open = done.getByRole('link', { name: '查看刚预约的活动' });
    await open.waitFor();
    // The form offers what comes next instead of searching again and finding the booking just made.
    await page.waitForTimeout(800);
    expect(await page.locator('#book-conflict-preview').count()).toBe(0);
    expect(await page.locator('#book-conflicts').count()).toBe(0);
    expect(await zhFirstFindings(page, { scope: '#book-form' })).toEqual([]);
    await screenshot('desk-booked-requested');
    await checkState(watched, { test: 'desk-book', state: 'booked', oneLanguage: true });
    const { rows } = await w.t.db.pool.query(`SELECT id, status FROM activities WHERE title_en = 'Observing the Moon'`);
    expect(rows).toEqual([{ id: expect.any(Number), status: 'requested' }]);
    activityId = rows[0].id;
    expect(await open.getAttribute('href')).toBe(`/activities/${activityId}`);
    await page.getByRole('button', { name: '再预约一个' }).click();
    expect(await page.getByLabel('标题（中文）').inputValue()).toBe('');
    expect(errors.filter((e) => !/409/.test(e))).toEqual([]);
  });

  it("an organizer of the telescopes' unit approves the claim from the queue", async () => {
    const watched = await signIn('organizer@planetarium.example.org');
    const { page, errors, screenshot } = watched;
    // The timeline names the activity waiting for this unit's approval, with its status in words.
    await page.getByRole('tab', { name: '资源时间轴' }).click();
    await page.getByLabel('显示日期').fill('2026-11-23');
    await page.getByLabel('显示日期').dispatchEvent('change');
    const telescopes = page.locator('.resource-row', { hasText: '天文望远镜' });
    await telescopes.getByText('月球观测').waitFor();
    expect(await telescopes.textContent()).not.toMatch(/#\d+/);
    await expect(telescopes.textContent()).resolves.toContain('待审批');
    await checkState(watched, { test: 'organizer-timeline', state: 'waiting-approval', replay: async (twin) => {
      await twin.getByLabel('Show date').fill('2026-11-23');
      await twin.getByLabel('Show date').dispatchEvent('change');
      await twin.locator('.resource-row', { hasText: 'Telescope' }).getByText('Observing the Moon').waitFor();
    } });
    // The queue is the desk's approvals view (web/desk/src/approvals), one link from the desk's tabs.
    await page.goto(`${w.url}/desk/`);
    await page.locator('#tab-approvals').click();
    const card = page.locator('.approval', { hasText: '月球观测' });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('2026年11月27日');
    await expect(card.textContent()).resolves.toContain('3 / 5');
    await screenshot('organizer-approval-queue');
    await checkState(watched, { test: 'desk-approvals', state: 'queue', replay: async (twin) => {
      await twin.locator('.approval', { hasText: 'Observing the Moon' }).waitFor();
    } });
    await card.getByRole('button', { name: '批准' }).click();
    await page.getByRole('dialog').getByLabel('备注（可选）').fill('望远镜周五送到');
    await page.getByRole('dialog').getByRole('button', { name: '批准' }).click();
    await card.getByText('已批准。活动状态：已确认。').waitFor();
    const activity = await w.t.api.get(`/api/v1/activities/${activityId}`);
    expect(activity.body.status).toBe('confirmed');
    expect(errors).toEqual([]);
  });
});

describe('the other organizer panels', () => {
  it('are reachable by keyboard, show the timeline, registrations with CSV and the email log with a retry, on a phone too', async () => {
    // A confirmation the mail server refused for good: the log must show it and offer to send it again.
    const [{ id }] = (await w.t.db.pool.query(`SELECT id FROM activities WHERE title_en = 'Young astronomers: telescope observation'`)).rows;
    const registered = await w.t.api.post(`/api/v1/activities/${id}/registrations`).send({ name: 'Bounce', email: 'bounce@school.example.org', role: 'teacher' });
    expect(registered.status).toBe(201);
    w.smtp.refuse(550);
    await w.drainOutbox();
    w.smtp.refuse(null);

    const watched = await signIn('organizer@planetarium.example.org', { viewport: { width: 375, height: 800 } });
    const { page, errors, screenshot } = watched;
    await page.locator('#book-form').waitFor();
    // Arrow keys move between tabs (ARIA tabs pattern).
    await page.getByRole('tab', { name: '我的活动' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: '资源时间轴' }).getAttribute('aria-selected')).resolves.toBe('true');
    // A phone opens on the day list (issue 25, item 5); the week grid is one choice away.
    await page.getByLabel('显示范围', { exact: true }).selectOption('week');
    await page.getByLabel('显示日期').fill('2026-11-23');
    await page.getByLabel('显示日期').dispatchEvent('change');
    const telescopes = page.locator('.resource-row', { hasText: '天文望远镜' });
    await telescopes.getByText('青少年天文观测营').waitFor();
    await expect(telescopes.textContent()).resolves.toContain('3/5 在用');
    await expect(page.locator('.zone-note').textContent()).resolves.toContain('时间均为北京时间');
    await screenshot('organizer-timeline-phone-375');
    await checkState(watched, { test: 'organizer-timeline', state: 'week', replay: async (twin) => {
      await twin.getByLabel('Show', { exact: true }).selectOption('week');
      await twin.getByLabel('Show date').fill('2026-11-23');
      await twin.getByLabel('Show date').dispatchEvent('change');
      await twin.locator('.resource-row', { hasText: 'Telescope' }).first().waitFor();
    } });

    // Registrations are the desk's view now (web/desk/src/registrations): pick the activity, export its CSV.
    await page.goto(`${w.url}/desk/#registrations`);
    await page.locator('#registrations-overview').waitFor();
    await page.getByLabel('活动', { exact: true }).selectOption({ label: await page.locator('#registrations-activity option', { hasText: '青少年天文观测营' }).textContent() ?? '' });
    const csv = page.locator('#registrations-csv');
    await csv.waitFor();
    const download = await page.request.get(`${w.url}${await csv.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toMatch(/^text\/csv/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot('desk-registrations-phone-375');

    // The email log is still the older page's tab.
    await page.goto(`${w.url}/organizer#deliveries`);
    await expect.poll(() => page.locator('#failed-count').textContent()).toBe('1 封发送失败');
    const failed = page.locator('tr.failed', { hasText: 'bounce@school.example.org' });
    await expect(failed.textContent()).resolves.toContain('邮件服务器拒收（550）');
    await expect(failed.textContent()).resolves.toContain('青少年天文观测营');
    await checkState(watched, { test: 'organizer-email-log', state: 'failed' });
    await failed.getByRole('button', { name: '重新发送' }).click();
    await page.getByText('已重新排队。').waitFor();
    await w.drainOutbox();
    expect(w.smtp.messages.filter((m) => m.to.includes('bounce@school.example.org'))).toHaveLength(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot('organizer-email-log-phone-375');
    expect(errors).toEqual([]);
  });

  it('move one occurrence of a series and cancel another, from the list of my unit\'s activities', async () => {
    const watched = await signIn('organizer@school.example.org');
    const { page, errors, screenshot } = watched;
    await page.getByRole('button', { name: '修改: 科普剧社排练' }).click();
    const editor = page.locator('.editor');
    await editor.getByRole('heading', { name: '各次活动' }).waitFor();
    // The series' rule in words, never FREQ=…
    await expect(editor.locator('h4').first().textContent()).resolves.toMatch(/^整个系列：每周四/);
    const { rows } = await w.t.db.pool.query(
      `SELECT o.id FROM occurrences o JOIN activities a ON a.id = o.activity_id WHERE a.title_en = 'Popular-science drama club rehearsal' ORDER BY o.starts_at`);
    const [second, third] = [rows[1].id, rows[2].id];

    // Cancelling emails everyone: the first press only asks; "不取消" goes back, the second press cancels.
    await page.locator(`#occurrence-${second}`).getByRole('button', { name: '取消这一次' }).click();
    await page.locator(`#occurrence-${second} .confirm-question`).getByText('所有报名者都会收到取消通知邮件').waitFor();
    // The first press hid its button (issue 22, item 10): not drawn and not pressable, so the question
    // cannot be stacked a second time (button { display: inline-block } used to beat [hidden]).
    const firstPress = page.locator(`#occurrence-${second} button`, { hasText: /^取消这一次$/ });
    await expect(firstPress.getAttribute('hidden')).resolves.toBe('');
    expect(await firstPress.isVisible()).toBe(false);
    expect(await firstPress.boundingBox()).toBeNull();
    await expect(firstPress.click({ timeout: 1_500 })).rejects.toThrow(/Timeout/);
    expect(await page.locator(`#occurrence-${second} .confirm-step`).count()).toBe(1);
    await checkState(watched, { test: 'organizer-series', state: 'confirm-cancel', oneLanguage: true });
    await page.locator(`#occurrence-${second}`).getByRole('button', { name: '不取消' }).click();
    expect((await w.t.db.pool.query('SELECT status FROM occurrences WHERE id = $1', [second])).rows[0].status).toBe('scheduled');
    await page.locator(`#occurrence-${second}`).getByRole('button', { name: '取消这一次' }).click();
    await page.locator(`#occurrence-${second}`).getByRole('button', { name: '确定取消这一次' }).click();
    await page.locator('#editor-saved').waitFor();
    await page.locator(`#occ-${third}-start`).fill('17:00');
    await page.locator(`#occ-${third}-end`).fill('18:30');
    // The cancellation's "saved" note is still on the page: wait for the note this change's answer draws
    // (a slow answer made the step read the database before the change had landed).
    await slowAnswers(page, /\/api\/v1\/activities\/\d+\/occurrences\/\d+$/, 500, 'PATCH');
    await pressForFresh(page, '#editor-saved', () => page.locator(`#occurrence-${third}`).getByRole('button', { name: '只改这一次' }).click());
    await expect(page.locator(`#occ-${third}-start`).inputValue()).resolves.toBe('17:00');
    await screenshot('organizer-series-edited');

    const after = await w.t.db.pool.query(`SELECT id, status, to_char(starts_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS local FROM occurrences WHERE id = ANY($1) ORDER BY starts_at`, [[second, third]]);
    expect(after.rows).toEqual([
      { id: second, status: 'cancelled', local: '2026-12-10 16:00' },
      { id: third, status: 'scheduled', local: '2026-12-17 17:00' },
    ]);
    expect(errors).toEqual([]);
  });
});

describe('a school organizer books a weekly club session', () => {
  it('repeats it on Tuesdays for 4 weeks, and the series has the 4 expected local times', async () => {
    const watched = await signIn('organizer@school.example.org');
    const { page, errors, screenshot } = watched;
    await page.locator('#book-form').waitFor();
    await page.getByLabel('活动类型').selectOption('club_session');
    await page.getByLabel('标题（中文）').fill('天文社团');
    await page.getByLabel('标题（英文）').fill('Astronomy club');
    await page.getByLabel('场地').selectOption({ label: '科学教室' });
    await page.getByLabel('日期').fill('2026-12-01');
    await page.getByLabel('开始时间').fill('15:30');
    await page.getByLabel('结束时间').fill('17:00');
    await page.getByLabel('重复方式').selectOption('weekly');
    // The series starts on the chosen date, so its weekday is ticked for the organizer.
    await expect(page.getByRole('checkbox', { name: '周二' }).isChecked()).resolves.toBe(true);
    await page.getByLabel('重复次数').fill('4');
    // The last date comes from the server's expansion of the rule (POST /recurrence/preview), the booking's own.
    await page.locator('#book-rule', { hasText: '每周二，共 4 次 · 15:30 (北京时间) · 最后一次 2026-12-22' }).waitFor();
    // The all-day box is a target a finger can hit (≥ 24 px), and its label ticks it.
    const box = await page.getByLabel('全天').boundingBox();
    expect(Math.min(box!.width, box!.height)).toBeGreaterThanOrEqual(24);
    // The availability search as you type still checks the first occurrence.
    await page.locator('#book-free').waitFor();
    await page.getByRole('button', { name: '预约', exact: true }).click();
    await page.locator('#book-occurrence-count', { hasText: '已排期 4 次' }).waitFor();
    await expect(page.locator('#book-occurrences li.occurrence').first().textContent()).resolves.toMatch(/^2026-12-01 .* 15:30 \(北京时间\)$/);
    await screenshot('organizer-book-weekly-club');
    await checkState(watched, { test: 'organizer-book', state: 'weekly-series', oneLanguage: true });

    const { rows } = await w.t.db.pool.query(`SELECT id, recurrence_rule FROM activities WHERE title_en = 'Astronomy club'`);
    expect(rows).toEqual([{ id: expect.any(Number), recurrence_rule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4' }]);
    const listed = await w.t.api.get(`/api/v1/activities/${rows[0].id}/occurrences`);
    expect(listed.status).toBe(200);
    const local = (iso: string) => DateTime.fromISO(iso, { setZone: true }).setZone('Asia/Shanghai').toFormat('yyyy-MM-dd HH:mm');
    expect(listed.body.items.map((o: { startsAt: string; endsAt: string }) => `${local(o.startsAt)}–${local(o.endsAt).slice(11)}`)).toEqual([
      '2026-12-01 15:30–17:00', '2026-12-08 15:30–17:00', '2026-12-15 15:30–17:00', '2026-12-22 15:30–17:00',
    ]);
    expect(errors).toEqual([]);
  });
});
