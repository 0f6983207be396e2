import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInMailer } from '../../src/auth/sign-in.email.ts';
import { smtpMailer, type Mailer } from '../../src/notifications/transport.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp.ts';

/**
 * Issue 25 item 15: the sign-in email's link must be one unbroken line in the text part, both as a
 * mail app shows it (decoded) and in the message itself (an .eml in the outbox folder, "show
 * original"), where quoted-printable used to cut it every 76 characters with "=". A long public
 * address makes the link well over 76 characters.
 */
const BASE = 'https://orrery.beijing-no4-high-school.example.edu.cn/science-programme-office';
let t: TestContext;
let smtp: SmtpCapture;
let mailer: Mailer;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  mailer = smtpMailer(smtp.url, { rejectUnauthorized: true, maxConnections: 1 });
  t = await startTestApp({ env: { PUBLIC_BASE_URL: BASE }, deps: { signInMailer: signInMailer(mailer, { name: 'Orrery', address: 'orrery@orrery.test' }, createLogger('silent')) } });
  expect((await t.api.post('/api/v1/users').send({ email: 'organizer@long-link.example.org', role: 'admin' })).status).toBe(201);
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await t.close();
});

describe('the sign-in email', () => {
  it('carries the whole link on one line of its text part (decoded and raw), and the link signs in', async () => {
    expect((await request(t.app).post('/api/v1/auth/sign-in').send({ email: 'organizer@long-link.example.org' })).status).toBe(202);
    await expect.poll(() => smtp.messages.length, { timeout: 10_000 }).toBe(1);
    const mail = smtp.messages[0]!;
    const text = mail.parsed.text ?? '';
    const links = text.match(/https?:\/\/\S+/g) ?? [];
    expect(links).toHaveLength(1);
    const link = links[0]!;
    expect(link).toMatch(new RegExp(`^${BASE.replace(/[.]/g, '\\.')}/auth/sign-in/orrlink_[A-Za-z0-9_-]{20,}$`));
    expect(link.length).toBeGreaterThan(76);
    expect(text.split('\n'), 'the decoded text part has the link as a line of its own').toContain(link);
    // The message as sent: the text part's own line holds the link, no soft break ("=") inside it.
    const rawLines = mail.raw.split(/\r?\n/);
    expect(rawLines, `the raw message has the link on one line:\n${mail.raw}`).toContain(link);

    const path = new URL(link).pathname.replace('/science-programme-office', '');
    const page = await request(t.app).get(path);
    expect(page.status).toBe(200);
    const signedIn = await request(t.app).post(path);
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers['set-cookie']![0]!.split(';')[0]!;
    const me = await request(t.app).get('/api/v1/auth/me').set('Cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('organizer@long-link.example.org');
  });
});
