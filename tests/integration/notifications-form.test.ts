import ICAL from 'ical.js';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { confirmedActivity, invitationOf, patchActivity, register, startMailTest, type MailTest } from '../helpers/mail.ts';
import type { CapturedMail } from '../helpers/smtp.ts';

/**
 * The form of every participant email (issue 10, item 15), read from what the loopback SMTP
 * server received: one-click List-Unsubscribe on every kind, the invitation exactly once (a
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
  it('confirmation, waitlist, change, promotion, cancellation: List-Unsubscribe on each, one invitation, capitalised English', async () => {
    const activity = await confirmedActivity(m, { capacity: 1 });
    const first = await register(m.t.app, activity.id, { email: 'p1@example.org', name: 'P1', language: 'en' });
    const second = await register(m.t.app, activity.id, { email: 'p2@example.org', name: 'P2', language: 'en' });
    expect([first.status, second.status]).toEqual([201, 201]);
    await m.worker().drain();

    const confirmation = only('p1@example.org');
    expect(confirmation.parsed.subject).toMatch(/^Registered: /);
    expect(confirmation.parsed.text).toContain('Dear P1,\n\nYour place');
    expectOneClick(confirmation, first.body.id);
    expectOneInvitation(confirmation, 'REQUEST');
    expectCapitalised(confirmation, 'P1');

    const waitlisted = only('p2@example.org');
    expect(waitlisted.parsed.subject).toMatch(/^Waitlist: /);
    expectOneClick(waitlisted, second.body.id);
    expectCapitalised(waitlisted, 'P2');

    m.smtp.clear();
    await patchActivity(m, activity.id, { startsAt: '2027-03-03T14:00:00+08:00', endsAt: '2027-03-03T16:00:00+08:00' });
    await m.worker().drain();
    const change = only('p1@example.org');
    expect(change.parsed.subject).toMatch(/^Changed: /);
    expectOneClick(change, first.body.id);
    expectOneInvitation(change, 'REQUEST');
    expectCapitalised(change, 'P1');

    m.smtp.clear();
    const manage = new URL(confirmation.parsed.text!.match(/https?:\/\/\S+\/registrations\/\d+\?sig=\S+/)![0]);
    const cancelled = await request(m.t.app).post(`/api/v1/registrations/${first.body.id}/cancel${manage.search}`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBeLessThan(300);
    await m.worker().drain();
    const cancellation = only('p1@example.org');
    expectOneClick(cancellation, first.body.id);
    expectOneInvitation(cancellation, 'CANCEL');
    expectCapitalised(cancellation, 'P1');
    const promotion = only('p2@example.org');
    expect(promotion.parsed.subject).toMatch(/^A place for you: /);
    expectOneClick(promotion, second.body.id);
    expectOneInvitation(promotion, 'REQUEST');
    expectCapitalised(promotion, 'P2');

    m.smtp.clear();
    await patchActivity(m, activity.id, { status: 'cancelled' });
    await m.worker().drain();
    const gone = only('p2@example.org');
    expect(gone.parsed.subject).toMatch(/^Cancelled: /);
    expectOneClick(gone, second.body.id);
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
});
