import ICAL from 'ical.js';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { confirmedActivity, invitationOf, patchActivity, register, startMailTest, type MailTest } from '../helpers/mail.ts';
import type { CapturedMail } from '../helpers/smtp.ts';
import { signInMailer } from '../../src/auth/sign-in.email.ts';
import { createLogger } from '../../src/shared/logger.ts';

/**
 * The form of every participant email (issue 10, item 15), read from what the loopback SMTP
 * server received: one-click List-Unsubscribe on optional mail only, and honoured (issue 22 item 5:
 * docs/email.md#unsubscribe), the invitation exactly once (a
 * text/calendar part inside multipart/alternative, no application/ics attachment besides), and
 * English text that starts its sentences with a capital letter.
 */
let m: MailTest;
beforeAll(async () => {
  m = await startMailTest();
});
afterAll(() => m.close());
beforeEach(() => m.smtp.clear());

function only(to: string): CapturedMail {
  const found = m.smtp.messages.filter((x) => x.to.includes(to));
  expect(found, `messages to ${to}`).toHaveLength(1);
  return found[0]!;
}

const headerOf = (mail: CapturedMail, name: string) => {
  const unfolded = mail.raw.replace(/\r?\n[ \t]+/g, ' ');
  return unfolded.match(new RegExp(`^${name}: *(.*?)\\r?$`, 'mi'))?.[1];
};

/** One-click unsubscribe (RFC 8058): an https/http URL in List-Unsubscribe and the Post header. */
function expectOneClick(mail: CapturedMail, registrationId: number): string {
  expect(headerOf(mail, 'List-Unsubscribe-Post'), mail.parsed.subject).toBe('List-Unsubscribe=One-Click');
  const url = headerOf(mail, 'List-Unsubscribe')?.match(/<(https?:[^>]+)>/)?.[1];
  expect(url, mail.parsed.subject).toMatch(new RegExp(`/registrations/${registrationId}/unsubscribe\\?sig=`));
  return url!;
}

/** Mail about the participant's own place cannot be opted out of, so it must not offer to (issue 22 item 5). */
function expectNoUnsubscribe(mail: CapturedMail): void {
  expect(headerOf(mail, 'List-Unsubscribe'), mail.parsed.subject).toBeUndefined();
  expect(headerOf(mail, 'List-Unsubscribe-Post'), mail.parsed.subject).toBeUndefined();
  expect(mail.parsed.text, mail.parsed.subject).not.toMatch(/\/unsubscribe\?/);
}

/** The MIME parts' content types, in order, from the raw message. */
const contentTypes = (mail: CapturedMail) => [...mail.raw.matchAll(/^Content-Type: *([^;\r\n]+)(.*)$/gim)].map((x) => `${x[1]!.toLowerCase()}${x[2]!.toLowerCase()}`);

function expectOneInvitation(mail: CapturedMail, method: string): void {
  const types = contentTypes(mail);
  expect(types[0], mail.parsed.subject).toMatch(/^multipart\/alternative/);
  const calendars = types.filter((type) => /text\/calendar|application\/ics/.test(type));
  expect(calendars, mail.parsed.subject).toHaveLength(1);
  expect(calendars[0]).toMatch(new RegExp(`^text/calendar;.*method=${method.toLowerCase()}`));
  expect(calendars[0]).toMatch(/charset=utf-8/);
  expect(types.filter((type) => !type.startsWith('multipart/')).map((type) => type.split(';')[0])).toEqual(['text/plain', 'text/html', 'text/calendar']);
  expect(mail.parsed.attachments.filter((a) => a.contentType === 'application/ics')).toHaveLength(0);
  const calendar = new ICAL.Component(ICAL.parse(invitationOf(mail)));
  expect(calendar.getFirstPropertyValue('method')).toBe(method);
}

/** The first sentence after the greeting starts with a capital letter (or a quotation mark and one). */
function expectCapitalised(mail: CapturedMail, name: string): void {
  const text = mail.parsed.text!;
  expect(text.startsWith(`Dear ${name},\n\n`), text).toBe(true);
  const lead = text.slice(`Dear ${name},\n\n`.length);
  expect(lead, mail.parsed.subject).toMatch(/^[“"]?[A-Z]/);
}

describe('participant emails', () => {
  it('confirmation, waitlist, change, promotion, cancellation: no List-Unsubscribe (not optional), one invitation, capitalised English, Content-Language', async () => {
    const activity = await confirmedActivity(m, { capacity: 1 });
    const first = await register(m.t.app, activity.id, { email: 'p1@example.org', name: 'P1', language: 'en' });
    const second = await register(m.t.app, activity.id, { email: 'p2@example.org', name: 'P2', language: 'en' });
    expect([first.status, second.status]).toEqual([201, 201]);
    await m.worker().drain();

    const confirmation = only('p1@example.org');
    expect(confirmation.parsed.subject).toMatch(/^Registered: /);
    expect(confirmation.parsed.text).toContain('Dear P1,\n\nYour place');
    expectNoUnsubscribe(confirmation);
    expect(headerOf(confirmation, 'Content-Language')).toBe('en');
    expectOneInvitation(confirmation, 'REQUEST');
    expectCapitalised(confirmation, 'P1');

    const waitlisted = only('p2@example.org');
    expect(waitlisted.parsed.subject).toMatch(/^Waitlist: /);
    expectNoUnsubscribe(waitlisted);
    expectCapitalised(waitlisted, 'P2');

    m.smtp.clear();
    await patchActivity(m, activity.id, { startsAt: '2027-03-03T14:00:00+08:00', endsAt: '2027-03-03T16:00:00+08:00' });
    await m.worker().drain();
    const change = only('p1@example.org');
    expect(change.parsed.subject).toMatch(/^Changed: /);
    expectNoUnsubscribe(change);
    expectOneInvitation(change, 'REQUEST');
    expectCapitalised(change, 'P1');

    m.smtp.clear();
    const manage = new URL(confirmation.parsed.text!.match(/https?:\/\/\S+\/registrations\/\d+\?sig=\S+/)![0]);
    const cancelled = await request(m.t.app).post(`/api/v1/registrations/${first.body.id}/cancel${manage.search}`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBeLessThan(300);
    await m.worker().drain();
    const cancellation = only('p1@example.org');
    expectNoUnsubscribe(cancellation);
    expectOneInvitation(cancellation, 'CANCEL');
    expectCapitalised(cancellation, 'P1');
    const promotion = only('p2@example.org');
    expect(promotion.parsed.subject).toMatch(/^A place for you: /);
    expectNoUnsubscribe(promotion);
    expectOneInvitation(promotion, 'REQUEST');
    expectCapitalised(promotion, 'P2');

    m.smtp.clear();
    await patchActivity(m, activity.id, { status: 'cancelled' });
    await m.worker().drain();
    const gone = only('p2@example.org');
    expect(gone.parsed.subject).toMatch(/^Cancelled: /);
    expectNoUnsubscribe(gone);
    expectOneInvitation(gone, 'CANCEL');
    expectCapitalised(gone, 'P2');
  });

  it('reminders keep their one-click header, with no invitation, and capitalised English', async () => {
    const activity = await confirmedActivity(m, { kind: 'exhibition' });
    const { body } = await register(m.t.app, activity.id, { email: 'r1@example.org', name: 'R1', language: 'en' });
    await m.worker().drain();
    m.smtp.clear();
    m.clock.set('2027-02-23T01:00:00Z');
    await m.worker().drain();
    const reminder = only('r1@example.org');
    expectOneClick(reminder, body.id);
    expectCapitalised(reminder, 'R1');
    expect(contentTypes(reminder).filter((type) => /calendar|ics/.test(type))).toHaveLength(0);
    m.clock.set('2026-11-24T00:00:00Z');
  });

  it('honours List-Unsubscribe where offered: one click on an organizer’s message stops the next message and the reminders, not the mail about the place', async () => {
    const activity = await confirmedActivity(m, { kind: 'exhibition', capacity: 5 });
    const organizerHeaders = m.admin.headers;
    const { body } = await register(m.t.app, activity.id, { email: 'u1@example.org', name: 'U1', language: 'zh-CN' });
    const other = await register(m.t.app, activity.id, { email: 'u2@example.org', name: 'U2', language: 'en' });
    await m.worker().drain();
    m.smtp.clear();
    const write = (subject: string) => request(m.t.app).post(`/api/v1/activities/${activity.id}/messages`).set(organizerHeaders)
      .send({ audience: 'registrants', subject, body: 'Bring boots.' }).expect(202);
    await write('First note');
    await m.worker().drain();
    const message = only('u1@example.org');
    expect(headerOf(message, 'Content-Language')).toBe('zh-CN');
    const url = new URL(expectOneClick(message, body.id));
    expect(message.parsed.text).toContain('不再接收提醒和主办方消息');
    // RFC 8058: the mail provider POSTs List-Unsubscribe=One-Click to the header's URL.
    const oneClick = await request(m.t.app).post(url.pathname + url.search).type('form').send('List-Unsubscribe=One-Click');
    expect(oneClick.status).toBe(200);
    m.smtp.clear();
    await write('Second note');
    await m.worker().drain();
    expect(m.smtp.messages.filter((x) => x.to.includes('u1@example.org'))).toEqual([]);
    expectOneClick(only('u2@example.org'), other.body.id);
    const skipped = await m.t.db.pool.query(`SELECT status, last_error FROM deliveries WHERE registration_id = $1 AND kind = 'registrant_message' ORDER BY id`, [body.id]);
    expect(skipped.rows).toEqual([{ status: 'sent', last_error: null }, { status: 'skipped', last_error: 'the participant unsubscribed from optional mail' }]);
    // Nor reminders; but a change to the place still reaches them, without the header.
    m.smtp.clear();
    m.clock.set('2027-02-23T01:00:00Z');
    await m.worker().drain();
    expect(m.smtp.messages.filter((x) => x.to.includes('u1@example.org'))).toEqual([]);
    m.clock.set('2026-11-24T00:00:00Z');
    await patchActivity(m, activity.id, { startsAt: '2027-03-03T14:00:00+08:00', endsAt: '2027-03-03T16:00:00+08:00' });
    await m.worker().drain();
    const change = only('u1@example.org');
    expect(change.parsed.subject).toMatch(/^活动变更：/);
    expectNoUnsubscribe(change);
  });

  it('sign-in links (sent straight, not through the outbox) say their two languages too', async () => {
    await signInMailer(m.mailer, { name: 'Orrery', address: 'orrery@orrery.test' }, createLogger('silent'))({ name: 'Ms Wang', email: 'signin@example.org' }, 'http://orrery.test/auth/sign-in/abc');
    const mail = only('signin@example.org');
    expect(headerOf(mail, 'Content-Language')).toBe('zh-CN, en');
    expect(headerOf(mail, 'List-Unsubscribe')).toBeUndefined();
  });
});
