import { expect } from 'vitest';
import { openPage, type WatchedPage } from './browser.ts';
import { DEMO_NOW, type WebTest } from './web.ts';

/**
 * Signs in on the organizer desk the way a person does: asks for a link, opens it from the email the
 * loopback SMTP server caught, presses the one button; returns the page on the desk. `start` is the
 * address first opened (an emailed link into the desk, e.g. `/organizer#approvals/12`). Signing in lands
 * on the desk's home; without `start` the page then opens /organizer (the older tabs) unless `desk`.
 */
export async function signInByEmail(w: WebTest, email: string, options: { viewport?: { width: number; height: number }; now?: string; start?: string; locale?: string; desk?: boolean } = {}): Promise<WatchedPage> {
  const watched = await openPage(w.browser, { viewport: options.viewport, now: options.now ?? DEMO_NOW, ...(options.locale ? { locale: options.locale } : {}) });
  const { page } = watched;
  // Fail with Playwright's own message, well inside a test's timeout.
  page.setDefaultTimeout(20_000);
  await page.goto(options.start ?? `${w.url}/organizer`);
  await page.getByLabel('电子邮箱').fill(email);
  const mailsTo = () => w.smtp.messages.filter((m) => m.to.includes(email)).length;
  const before = mailsTo();
  await page.getByRole('button', { name: '发送登录链接' }).click();
  // The link is mailed after the answer (the answer's timing must not tell who has an account).
  await expect.poll(mailsTo, { timeout: 8_000 }).toBeGreaterThan(before);
  await page.goto(w.linkTo(email, /\/auth\/sign-in\//));
  // The link's page speaks the browser's language (a browser started in en-US says "Sign in").
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  // Signing in lands on the desk's home (/desk/); an emailed link's view (`start`) goes on to /organizer.
  await page.getByText(`已登录：${email}`).waitFor();
  if (!options.start && !options.desk) {
    await page.goto(`${w.url}/organizer`);
    await page.getByText(`已登录：${email}`).waitFor();
  }
  return watched;
}
