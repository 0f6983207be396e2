/// <reference lib="dom" />
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPage, pressForFresh, slowAnswers } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';
import { DEMO_NOW, demoActivityId, startWebTest, type WebTest } from '../helpers/web.ts';

// Every state is also looked at in both languages and at two widths (tests/helpers/page-checks.ts).
vi.setConfig({ testTimeout: 240_000 });
let w: WebTest;
beforeAll(async () => {
  w = await startWebTest();
});
afterAll(() => w?.close());

const activityId = (titleEn: string): Promise<number> => demoActivityId(w, titleEn);

describe('a teacher subscribes to the filtered programme', () => {
  it('filters by kind and grade, copies the webcal link, and that feed serves only the matching activities', async () => {
    const watched = await openPage(w.browser, { now: DEMO_NOW });
    const { page, errors, screenshot } = watched;
    await page.goto(`${w.url}/?date=2026-11-01`);
    await page.getByText('青少年天文观测营').first().waitFor();
    const firstLink = await page.locator('#subscribe-url').inputValue();

    await page.getByLabel('活动类型').selectOption('talent_training');
    await page.getByLabel('年级').selectOption('9');
    await page.waitForFunction((before) => {
      const input = document.querySelector<HTMLInputElement>('#subscribe-url');
      return !!input && input.value !== before && !document.querySelector('#subscribe[aria-busy]');
    }, firstLink);
    await page.locator('#subscribe-copy-webcal').focus();
    await page.keyboard.press('Enter');
    await page.getByText('已复制').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(new RegExp(`^webcal://127\\.0\\.0\\.1:\\d+/feeds/[A-Za-z0-9_-]{43}\\.ics$`));
    expect(await page.locator('#subscribe-webcal').getAttribute('href')).toBe(copied);
    expect(await page.locator('#subscribe-google').getAttribute('href')).toContain(encodeURIComponent(copied));
    await screenshot('teacher-subscribe-filtered');
    await checkState(watched, { test: 'programme', state: 'subscribe' });

    const feed = await request(w.t.app).get(new URL(copied.replace(/^webcal:/, 'http:')).pathname).buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      });
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect(feed.body).toContain('Young astronomers: telescope observation');
    expect(feed.body).not.toContain('Milu'); // science shows, camps and studies are filtered out
    expect(errors).toEqual([]);
  });

  it('also works signed in: the panel sends the session\'s CSRF token', async () => {
    const email = 'organizer@school.example.org';
    const watched = await openPage(w.browser, { now: DEMO_NOW });
    const { page, errors } = watched;
    await request(w.t.app).post('/api/v1/auth/sign-in').send({ email }).expect(202);
    await expect.poll(() => w.smtp.messages.filter((m) => m.to.includes(email)).length, { timeout: 8_000 }).toBeGreaterThan(0);
    await page.goto(w.linkTo(email, /\/auth\/sign-in\//));
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(`${w.url}/desk/`);
    await page.goto(`${w.url}/?date=2026-11-01`);
    await page.waitForFunction(() => !!document.querySelector('#subscribe h2') && !document.querySelector('#subscribe[aria-busy]'));
    expect(await page.locator('#subscribe .error').count()).toBe(0); // it said "unavailable" (a 403) before
    expect(await page.locator('#subscribe-url').inputValue()).toMatch(/\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(errors).toEqual([]);
    await watched.context.close();
  });
});

describe('a student registers', () => {
  let manageLink: string;

  it('fills the form on the activity page, sees a field error first, and gets the confirmation email', async () => {
    const id = await activityId('Young astronomers: telescope observation');
    const watched = await openPage(w.browser, { now: DEMO_NOW });
    const { page, errors, screenshot } = watched;
    await page.goto(`${w.url}/activities/${id}`);
    await expect(page.locator('#activity-when').textContent()).resolves.toMatch(/18:30–20:30 \(北京时间\)/);
    // Seats left, not the capacity: the seeded registrations already hold some of the 20 places.
    const { rows: [places] } = await w.t.db.pool.query(`SELECT a.capacity, count(r.*) FILTER (WHERE r.status = 'confirmed')::int AS confirmed
      FROM activities a LEFT JOIN registrations r ON r.activity_id = a.id WHERE a.id = $1 GROUP BY a.id`, [id]);
    await expect(page.locator('#activity-seats').textContent()).resolves.toBe(`${places.capacity - places.confirmed} / ${places.capacity}`);
    await checkState(watched, { test: 'activity', state: 'open' });
    // A slow server (a loaded machine): each step below must wait for its own answer, not for an element
    // the previous answer already drew (the second submit once read the first one's name error).
    await slowAnswers(page, /\/api\/v1\/activities\/\d+\/registrations$/, 500);
    // Nothing filled in: the messages are the page's own words, and focus goes to the first wrong field.
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.locator('#register-name-error').waitFor();
    await expect(page.locator('#register-name-error').textContent()).resolves.toBe('请填写姓名（不超过 200 字）。');
    await expect(page.locator('#register-status').textContent()).resolves.toBe('请检查标出的字段。');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('register-name');
    expect(await page.getByLabel('姓名').getAttribute('aria-describedby')).toBe('register-name-error');
    await checkState(watched, { test: 'activity', state: 'field-errors', oneLanguage: true, expectedConsole: [/status of 422/] });
    await page.getByLabel('姓名').fill('张小明');
    await page.getByLabel('电子邮箱').fill('not-an-address');
    // The empty submit already drew an email error: wait for the one this submit's answer draws.
    await pressForFresh(page, '#register-email-error', () => page.getByRole('button', { name: '提交报名' }).click());
    expect(await page.getByLabel('电子邮箱').getAttribute('aria-invalid')).toBe('true');
    await expect(page.locator('#register-email-error').textContent()).resolves.toBe('请填写有效的电子邮箱地址。');
    expect(await page.locator('#register-name-error').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('register-email');

    await page.getByLabel('电子邮箱').fill('xiaoming@school.example.org');
    await page.getByLabel('年级').selectOption('9');
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.getByText('报名成功！确认邮件已发送。').waitFor();
    await screenshot('student-registered');
    // Chromium logs every non-2xx fetch; the 422 above was the point of the second submit.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
    errors.splice(0);
    await checkState(watched, { test: 'activity', state: 'registered', oneLanguage: true });

    await w.drainOutbox();
    const mail = w.smtp.messages.find((m) => m.to.includes('xiaoming@school.example.org'));
    expect(mail?.parsed.subject).toBe('报名成功：青少年天文观测营');
    expect(mail?.parsed.text).toContain('2026年11月26日 星期四 18:30–20:30（北京时间）');
    manageLink = w.linkTo('xiaoming@school.example.org', /\/registrations\/\d+\?sig=/);
  });

  it('opens the link from the email on a phone, switches to English and gets a personal feed', async () => {
    const watched = await openPage(w.browser, { viewport: { width: 375, height: 740 }, now: DEMO_NOW });
    const { page, errors, screenshot } = watched;
    await page.goto(manageLink);
    await checkState(watched, { test: 'participant', state: 'confirmed' });
    // The activity page's date format (issue 25 item 10).
    await expect(page.locator('#registration-when').textContent()).resolves.toBe('2026年11月26日周四 18:30–20:30 (北京时间)');
    await page.locator('#lang-switch').click();
    await page.getByRole('heading', { name: 'My registration' }).waitFor();
    await expect(page.locator('#registration-status').textContent()).resolves.toBe('Confirmed');
    await page.getByRole('button', { name: 'Get my calendar feed link' }).click();
    const feedUrl = await page.locator('#feed-url').inputValue();
    expect(feedUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    const feed = await page.request.get(feedUrl);
    expect(feed.status()).toBe(200);
    expect(await feed.text()).toContain('青少年天文观测营'); // the feed speaks the language the student registered in
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot('participant-page-phone-375');
    await checkState(watched, { test: 'participant', state: 'feed' });
    expect(errors).toEqual([]);
  });

  it('cancels only after saying yes on a second page, and a waitlisted registration shows its number', async () => {
    // A full activity: its page says so before anyone submits, and the next registration is waitlisted.
    const id = await activityId('Young astronomers: telescope observation');
    await w.t.db.pool.query('UPDATE activities SET capacity = (SELECT count(*) FROM registrations WHERE activity_id = $1 AND status = $2) WHERE id = $1', [id, 'confirmed']);
    const watched = await openPage(w.browser, { now: DEMO_NOW });
    const { page, errors } = watched;
    await page.goto(`${w.url}/activities/${id}`);
    await expect(page.locator('#activity-seats').textContent()).resolves.toBe('已满，报名将进入候补名单');
    const waiting = await request(w.t.app).post(`/api/v1/activities/${id}/registrations`).send({ name: 'Wang', email: 'xiaoming@school.example.org', role: 'student' });
    expect(waiting.status).toBe(200); // already registered (confirmed) with this address
    const late = await request(w.t.app).post(`/api/v1/activities/${id}/registrations`).send({ name: '李华', email: 'lihua@school.example.org', role: 'student' });
    expect(late.body.status).toBe('waitlisted');
    await page.reload();
    await expect(page.locator('#activity-waitlist').textContent()).resolves.toBe('1 人');
    await checkState(watched, { test: 'activity', state: 'full' });

    // The waitlisted person's other registrations list shows the number, never "第 ? 位".
    await page.goto(manageLink);
    await page.getByRole('link', { name: '取消报名' }).click();
    await page.getByText('确定要取消“青少年天文观测营”的报名吗？').waitFor();
    await checkState(watched, { test: 'participant', state: 'confirm-cancel' });
    await page.getByRole('link', { name: '保留报名，返回' }).click();
    await expect(page.locator('#registration-status').textContent()).resolves.toBe('已确认');
    await page.getByRole('link', { name: '取消报名' }).click();
    await page.getByRole('button', { name: '确定取消报名' }).click();
    await page.getByText('此报名已取消。').waitFor();
    expect(errors).toEqual([]);
  });
});
