/// <reference lib="dom" />
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPage, pressForFresh } from '../helpers/browser.ts';
import { DEMO_NOW, startWebTest, type WebTest } from '../helpers/web.ts';

/**
 * Issue 25 items 3 and 4 on the activity page, in the browser:
 * - after registering, the places left come from the server again, the form empties and a panel says
 *   what is done and what comes next (my registration page, its check-in QR code, a calendar file);
 *   a waitlisted answer shows the position instead;
 * - a weekly activity says its rule in words and lists its upcoming sessions with places left.
 */
vi.setConfig({ testTimeout: 180_000 });
let w: WebTest;
let unitId: number;
beforeAll(async () => {
  w = await startWebTest();
  unitId = (await w.t.db.pool.query("SELECT id FROM units WHERE kind = 'academy_unit' ORDER BY id LIMIT 1")).rows[0].id;
});
afterAll(() => w?.close());

async function activity(body: Record<string, unknown>): Promise<{ id: number }> {
  const res = await request(w.t.app).post('/api/v1/activities').set(w.t.admin).send({ organizerUnitId: unitId, timeZone: 'Asia/Shanghai', status: 'confirmed', kind: 'science_show', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const WORDS = {
  'zh-CN': {
    query: '', name: '姓名', email: '电子邮箱', submit: '提交报名', title: '报名成功', done: '报名成功！确认邮件已发送。',
    manage: '管理我的报名', qr: '查看签到二维码', ics: '加入我的日历 (.ics)', another: '为其他人报名', seats: '499 / 500',
    waitTitle: '已加入候补名单', waitlisted: '已加入候补名单，第 1 位。有空位时会通知你。', page: '我的报名', qrTitle: '签到二维码',
    rule: '每周四 14:00–15:30，共 8 次', upcoming: '近期场次与名额', firstUpcoming: '2026年11月26日', places: '2 / 3',
  },
  en: {
    query: '?lang=en', name: 'Name', email: 'Email', submit: 'Register', title: 'You are registered', done: 'You are registered. A confirmation email is on its way.',
    manage: 'Manage my registration', qr: 'Show my check-in QR code', ics: 'Add to my calendar (.ics)', another: 'Register someone else', seats: '499 of 500',
    waitTitle: 'You are on the waitlist', waitlisted: 'You are on the waitlist at position 1. We will email you when a place frees.', page: 'My registration', qrTitle: 'Check-in code',
    rule: 'Weekly on Thursday 14:00–15:30, 8 times', upcoming: 'Upcoming sessions and places', firstUpcoming: '26 November 2026', places: '2 of 3',
  },
} as const;

describe('after registering on the activity page (issue 25 item 4)', () => {
  it.each(['zh-CN', 'en'] as const)('%s: places left update, the form empties, and a panel links my page, its QR code and a calendar file', async (language) => {
    const words = WORDS[language];
    const show = await activity({
      title: { 'zh-CN': `科普剧演出 ${language}`, en: `Science show ${language}` }, capacity: 500,
      startsAt: '2026-12-10T14:00:00+08:00', endsAt: '2026-12-10T15:30:00+08:00',
    });
    const email = `panel-${language.toLowerCase()}@school.example.org`;
    const { page, errors, screenshot } = await openPage(w.browser, { now: DEMO_NOW });
    await page.goto(`${w.url}/activities/${show.id}${words.query}`);
    await page.locator('#register-form').waitFor();
    await expect(page.locator('#activity-seats').textContent()).resolves.toBe(language === 'en' ? '500 of 500' : '500 / 500');
    await page.getByLabel(words.name, { exact: true }).fill('张小明');
    await page.getByLabel(words.email, { exact: true }).fill(email);
    await pressForFresh(page, '#register-done', () => page.getByRole('button', { name: words.submit }).click());
    const done = page.locator('#register-done');
    await expect(done.locator('h2').textContent()).resolves.toBe(words.title);
    await expect(done.locator('#register-done-message').textContent()).resolves.toBe(words.done);
    await expect.poll(() => page.locator('#activity-seats').textContent(), { timeout: 20_000 }).toBe(words.seats);
    // The form is empty again, ready for someone else.
    await expect(page.getByLabel(words.name, { exact: true }).inputValue()).resolves.toBe('');
    await expect(page.getByLabel(words.email, { exact: true }).inputValue()).resolves.toBe('');
    await expect(page.locator('#register-form h2').textContent()).resolves.toBe(words.another);
    await screenshot(`activity-registered-${language}`);

    // The calendar file is this activity's.
    const ics = await page.request.get(`${w.url}${await page.getByRole('link', { name: words.ics }).getAttribute('href')}`);
    expect(ics.status()).toBe(200);
    expect(await ics.text()).toContain(`SUMMARY:${language === 'en' ? 'Science show en' : '科普剧演出 zh-CN'}`);
    // "Manage my registration" is the confirmation email's link; the QR link opens the same page at its QR code.
    await w.drainOutbox();
    const emailed = new URL(w.linkTo(email, /\/registrations\/\d+\?sig=[^\s"<>]+/));
    const manage = new URL(await page.getByRole('link', { name: words.manage }).getAttribute('href') ?? '', w.url);
    expect(manage.pathname).toBe(emailed.pathname);
    expect(manage.searchParams.get('sig')).toBe(emailed.searchParams.get('sig'));
    await page.getByRole('link', { name: words.qr }).click();
    await page.locator('#check-in-qr img').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe(words.page);
    await expect(page.locator('#check-in-title').textContent()).resolves.toBe(words.qrTitle);
    await screenshot(`activity-registered-page-${language}`);
    expect(errors).toEqual([]);
  });

  it.each(['zh-CN', 'en'] as const)('%s: a waitlisted answer shows the position, not a QR code', async (language) => {
    const words = WORDS[language];
    const full = await activity({
      title: { 'zh-CN': `满员演出 ${language}`, en: `Full show ${language}` }, capacity: 1,
      startsAt: '2026-12-11T14:00:00+08:00', endsAt: '2026-12-11T15:30:00+08:00',
    });
    const taken = await request(w.t.app).post(`/api/v1/activities/${full.id}/registrations`).send({ name: '李雷', email: `first-${language.toLowerCase()}@school.example.org`, role: 'student' });
    expect(taken.status).toBe(201);
    const { page, errors, screenshot } = await openPage(w.browser, { now: DEMO_NOW });
    await page.goto(`${w.url}/activities/${full.id}${words.query}`);
    await page.getByLabel(words.name, { exact: true }).fill('韩梅梅');
    await page.getByLabel(words.email, { exact: true }).fill(`second-${language.toLowerCase()}@school.example.org`);
    await pressForFresh(page, '#register-done', () => page.getByRole('button', { name: words.submit }).click());
    await expect(page.locator('#register-done h2').textContent()).resolves.toBe(words.waitTitle);
    await expect(page.locator('#register-done-message').textContent()).resolves.toBe(words.waitlisted);
    await expect(page.getByRole('link', { name: words.manage }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: words.qr }).count()).resolves.toBe(0);
    await expect.poll(() => page.locator('#activity-waitlist').textContent(), { timeout: 20_000 }).toBe(language === 'en' ? '1 waiting' : '1 人');
    await screenshot(`activity-waitlisted-${language}`);
    expect(errors).toEqual([]);
  });
});

describe('a weekly activity (issue 25 item 3)', () => {
  it.each(['zh-CN', 'en'] as const)('%s: says "every Thursday" with its times and lists the upcoming sessions with places left', async (language) => {
    const words = WORDS[language];
    // Thursdays from 5 November 2026: at DEMO_NOW (24 November) the first three are past.
    const club = await activity({
      kind: 'club_session', title: { 'zh-CN': `天文社 ${language}`, en: `Astronomy club ${language}` }, capacity: 3,
      startsAt: '2026-11-05T14:00:00+08:00', endsAt: '2026-11-05T15:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=8',
    });
    const one = await request(w.t.app).post(`/api/v1/activities/${club.id}/registrations`).send({ name: '李雷', email: `club-${language.toLowerCase()}@school.example.org`, role: 'student' });
    expect(one.status).toBe(201);
    const { page, errors, screenshot } = await openPage(w.browser, { now: DEMO_NOW });
    await page.goto(`${w.url}/activities/${club.id}${words.query}`);
    await page.locator('#activity-sessions').waitFor();
    await expect(page.locator('#activity-when').textContent()).resolves.toBe(words.rule);
    await expect(page.locator('#sessions-title').textContent()).resolves.toBe(words.upcoming);
    const sessions = await page.locator('#activity-sessions li').allTextContents();
    expect(sessions).toHaveLength(5);
    expect(sessions[0]).toContain(words.firstUpcoming);
    for (const s of sessions) expect(s).toContain(words.places);
    expect(sessions.join('\n')).not.toMatch(/11月5日|11月12日|11月19日|5 November|12 November|19 November/);
    await screenshot(`activity-weekly-${language}`);
    expect(errors).toEqual([]);
  });
});

describe('the participant page beside the activity page (issue 25 item 10)', () => {
  it.each(['zh-CN', 'en'] as const)('%s: says the date exactly as the activity page does, and names the venue', async (language) => {
    const words = WORDS[language];
    const { rows: [show] } = await w.t.db.pool.query("SELECT id FROM activities WHERE title_en = 'Science show: \"The Little Milu Going Home\"'");
    const { page, errors, screenshot } = await openPage(w.browser, { now: DEMO_NOW });
    await page.goto(`${w.url}/activities/${show.id}${words.query}`);
    await page.locator('#register-form').waitFor();
    const activityWhen = await page.locator('#activity-when').textContent();
    const activityWhere = await page.locator('#activity-where').textContent();
    expect(activityWhere).toContain(language === 'en' ? 'School auditorium' : '学校礼堂');
    await page.getByLabel(words.name, { exact: true }).fill('张小明');
    await page.getByLabel(words.email, { exact: true }).fill(`venue-${language.toLowerCase()}@school.example.org`);
    await pressForFresh(page, '#register-done', () => page.getByRole('button', { name: words.submit }).click());
    await page.getByRole('link', { name: words.manage }).click();
    await page.locator('#registration-where').waitFor();
    await expect(page.locator('#registration-when').textContent()).resolves.toBe(activityWhen);
    await expect(page.locator('#registration-where').textContent()).resolves.toBe(activityWhere);
    await screenshot(`participant-page-venue-${language}`);
    expect(errors).toEqual([]);
  });
});
