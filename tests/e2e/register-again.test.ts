/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPage } from '../helpers/browser.ts';
import { DEMO_NOW, demoActivityId, startWebTest, type WebTest } from '../helpers/web.ts';

/**
 * Issue 22 item 7: registering again with the same address on the activity page answered
 * "registered!" (or a waitlist position) once more, though nothing happened and no email went.
 * The page must say "already registered", in the reader's language.
 */
vi.setConfig({ testTimeout: 120_000 });
let w: WebTest;
beforeAll(async () => {
  w = await startWebTest();
});
afterAll(() => w?.close());

const activityId = (titleEn: string): Promise<number> => demoActivityId(w, titleEn);

describe('registering again on the activity page', () => {
  it.each([
    ['zh-CN', '', { name: '姓名', email: '电子邮箱', submit: '提交报名' }, '报名成功！确认邮件已发送。', '你已经报过名了，无需再次报名。'],
    ['en', '?lang=en', { name: 'Name', email: 'Email', submit: 'Register' }, 'You are registered. A confirmation email is on its way.', 'You are already registered; there is no need to register again.'],
  ])('says "already registered" (%s), not "registered!" again, and sends no second email', async (language, query, labels, done, existing) => {
    const id = await activityId('Young astronomers: telescope observation');
    const email = `again-${language.toLowerCase()}@school.example.org`;
    const { page, errors } = await openPage(w.browser, { now: DEMO_NOW });
    await page.goto(`${w.url}/activities/${id}${query}`);
    const status = page.locator('#register-status');
    await page.getByLabel(labels.name, { exact: true }).fill('张小明');
    await page.getByLabel(labels.email, { exact: true }).fill(email);
    await page.getByRole('button', { name: labels.submit }).click();
    // Issue 25 item 4: the answer is a panel above the form, which empties for someone else.
    await expect.poll(() => page.locator('#register-done-message').textContent()).toBe(done);
    await w.drainOutbox();
    const mails = () => w.smtp.messages.filter((m) => m.to.includes(email)).length;
    expect(mails()).toBe(1);
    // The same details sent again (typed once more, or coming back later): the answer of the second request.
    await page.evaluate(() => { document.querySelector('#register-status')!.textContent = ''; });
    await page.getByLabel(labels.name, { exact: true }).fill('张小明');
    await page.getByLabel(labels.email, { exact: true }).fill(email);
    await page.getByRole('button', { name: labels.submit }).click();
    await expect.poll(() => status.textContent()).toBe(existing);
    await w.drainOutbox();
    expect(mails()).toBe(1);
    expect(errors).toEqual([]);
  });
});
