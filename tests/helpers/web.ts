import { createServer } from 'node:net';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { seedDemo } from '../../src/seed/demo.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { smtpMailer } from '../../src/notifications/transport.ts';
import { signInMailer } from '../../src/auth/sign-in.email.ts';
import { createWorker } from '../../src/notifications/worker.ts';
import { linkSigner, resolveSecret } from '../../src/auth/signed-links.ts';
import { checkInSigner } from '../../src/attendance/code.ts';
import { emailKinds } from '../../src/emails.ts';
import { startTestApp, type TestContext } from './app.ts';
import { launchBrowser } from './browser.ts';
import { startSmtpCapture, type SmtpCapture } from './smtp.ts';

/** The demo programme's "now": before the telescope evening of 26 November (day 86 of the school year). */
export const DEMO_NOW = '2026-11-24T02:00:00Z';
const SECRET = 'web-test-secret-web-test-secret-0123456789';

export interface WebTest {
  t: TestContext;
  url: string;
  smtp: SmtpCapture;
  browser: Browser;
  clock: FixedClock;
  /** Sends every due email (confirmations, sign-in links go out directly) to the loopback SMTP server. */
  drainOutbox(): Promise<void>;
  /** The first link in the newest email to `to` that matches `pattern`. */
  linkTo(to: string, pattern: RegExp): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The app with the demo programme behind a real socket whose address is also PUBLIC_BASE_URL (so
 * feed and sign-in links work as they are), emails to a loopback SMTP server, and one browser.
 */
export async function startWebTest(env: Record<string, string> = {}, options: { browserArgs?: string[] } = {}): Promise<WebTest> {
  const smtp = await startSmtpCapture();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const clock = new FixedClock(DEMO_NOW);
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const mailer = smtpMailer(smtp.url, { rejectUnauthorized: true, maxConnections: 2 });
  const from = { name: 'Orrery', address: 'orrery@orrery.test' };
  const t = await startTestApp({
    clock,
    env: { PUBLIC_BASE_URL: url, SMTP_URL: smtp.url, ORRERY_SECRET: SECRET, MAIL_FROM: 'Orrery <orrery@orrery.test>', ...env },
    deps: { signInMailer: signInMailer(mailer, from, log) },
  });
  await seedDemo(t.db.pool, clock);
  const server: Server = t.app.listen(port, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const browser = await launchBrowser(options.browserArgs);
  const compose = { publicBaseUrl: url, from: t.config.mailFrom };
  const kinds = emailKinds({ signer: linkSigner(resolveSecret(t.config)), checkIn: checkInSigner(resolveSecret(t.config)) });
  return {
    t, url, smtp, browser, clock,
    drainOutbox: async () => void (await createWorker({ pool: t.db.pool, mailer, clock, log, compose, kinds, concurrency: 2 }).drain()),
    linkTo(to, pattern) {
      const mail = smtp.messages.filter((m) => m.to.includes(to)).at(-1);
      expect(mail, `an email to ${to}`).toBeDefined();
      const link = (mail!.parsed.text ?? '').match(/https?:\/\/\S+/g)?.find((l) => pattern.test(l));
      expect(link, `a link matching ${pattern} in the email to ${to}`).toBeDefined();
      return link!;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      mailer.close();
      await smtp.close();
      await t.close();
    },
  };
}

/** The id of a demo activity, found by its English title. */
export async function demoActivityId(w: WebTest, titleEn: string): Promise<number> {
  const { rows } = await w.t.db.pool.query('SELECT id FROM activities WHERE title_en = $1', [titleEn]);
  return rows[0].id;
}
