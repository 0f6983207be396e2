import { expect } from 'vitest';
import { openPage, type WatchedPage } from './browser.ts';
import { DEMO_NOW, type WebTest } from './web.ts';

/**
 * Signs in on the organizer desk the way a person does: asks for a link, opens it from the email the
 * loopback SMTP server caught, presses the one button; returns the page on the desk.
 */
export async function signInByEmail(w: WebTest, email: string, options: { viewport?: { width: number; height: number }; now?: string } = {}): Promise<WatchedPage> {
  const watched = await openPage(w.browser, { viewport: options.viewport, now: options.now ?? DEMO_NOW });
  const { page } = watched;
  page.setDefaultTimeout(20_000);
  await page.goto(`${w.url}/organizer`);
  await page.getByLabel('电子邮箱').fill(email);
  const mailsTo = () => w.smtp.messages.filter((m) => m.to.includes(email)).length;
  const before = mailsTo();
  await page.getByRole('button', { name: '发送登录链接' }).click();
  await expect.poll(mailsTo, { timeout: 8_000 }).toBeGreaterThan(before);
  await page.goto(w.linkTo(email, /\/auth\/sign-in\//));
  await page.getByRole('button', { name: '登录 · Sign in' }).click();
  await page.waitForURL(`${w.url}/organizer`);
  await page.getByText(`已登录：${email}`).waitFor();
  return watched;
}
