/// <reference lib="dom" />
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage } from '../helpers/browser.ts';
import { startWebTest, type WebTest } from '../helpers/web.ts';

let w: WebTest;
beforeAll(async () => {
  w = await startWebTest();
});
afterAll(() => w?.close());

async function activityId(titleEn: string): Promise<number> {
  const { rows } = await w.t.db.pool.query('SELECT id FROM activities WHERE title_en = $1', [titleEn]);
  return rows[0].id;
}

describe('a teacher subscribes to the filtered programme', () => {
  it('filters by kind and grade, copies the webcal link, and that feed serves only the matching activities', async () => {
    const { page, errors, screenshot } = await openPage(w.browser);
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
});

describe('a student registers', () => {
  let manageLink: string;

  it('fills the form on the activity page, sees a field error first, and gets the confirmation email', async () => {
    const id = await activityId('Young astronomers: telescope observation');
    const { page, errors, screenshot } = await openPage(w.browser);
    await page.goto(`${w.url}/activities/${id}`);
    await expect(page.locator('#activity-when').textContent()).resolves.toMatch(/18:30–20:30 \(Asia\/Shanghai\)/);
    await page.getByLabel('姓名').fill('张小明');
    await page.getByLabel('电子邮箱').fill('not-an-address');
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.locator('#register-email-error').waitFor();
    expect(await page.getByLabel('电子邮箱').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('电子邮箱').fill('xiaoming@school.example.org');
    await page.getByLabel('年级').selectOption('9');
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.getByText('报名成功！确认邮件已发送。').waitFor();
    await screenshot('student-registered');
    // Chromium logs every non-2xx fetch; the one 422 above was the point of the first submit.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);

    await w.drainOutbox();
    const mail = w.smtp.messages.find((m) => m.to.includes('xiaoming@school.example.org'));
    expect(mail?.parsed.subject).toBe('报名成功：青少年天文观测营');
    expect(mail?.parsed.text).toContain('2026年11月26日 星期四 18:30–20:30（Asia/Shanghai, UTC+08:00）');
    manageLink = w.linkTo('xiaoming@school.example.org', /\/registrations\/\d+\?sig=/);
  });

  it('opens the link from the email on a phone, switches to English and gets a personal feed', async () => {
    const { page, errors, screenshot } = await openPage(w.browser, { viewport: { width: 375, height: 740 } });
    await page.goto(manageLink);
    await expect(page.locator('#registration-when').textContent()).resolves.toBe('2026年11月26日 星期四 18:30–20:30（Asia/Shanghai, UTC+08:00）');
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
    expect(errors).toEqual([]);
  });
});
