import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { createLogger } from '../../src/shared/logger.ts';
import { emlMailer } from '../../src/notifications/transport.ts';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { activityUid } from '../../src/shared/ical-ids.ts';
import { confirmedActivity, invitationOf, patchActivity, register, startMailTest, type MailTest } from '../helpers/mail.ts';
import { activityBody, createUnit } from '../helpers/factories.ts';
import type { CapturedMail } from '../helpers/smtp.ts';

let m: MailTest;
beforeAll(async () => {
  m = await startMailTest();
});
afterAll(() => m.close());
beforeEach(() => m.smtp.clear());

function parseInvitation(mail: CapturedMail) {
  const text = invitationOf(mail);
  const calendar = new ICAL.Component(ICAL.parse(text));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: event.getFirstPropertyValue('sequence'),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    organizer: String(event.getFirstPropertyValue('organizer')),
    attendee: String(event.getFirstPropertyValue('attendee')).toLowerCase(),
  };
}

function only(mails: CapturedMail[], to: string): CapturedMail {
  const found = mails.filter((x) => x.to.includes(to));
  expect(found, `messages to ${to}`).toHaveLength(1);
  return found[0]!;
}

describe('confirmation, change and cancellation', () => {
  it('sends a Chinese confirmation with a REQUEST invitation, then a change and a CANCEL with rising SEQUENCE', async () => {
    const activity = await confirmedActivity(m);
    await register(m.t.app, activity.id, { email: 'li@example.org', name: '李华' });
    await m.worker().drain();
    const confirmation = only(m.smtp.messages, 'li@example.org');
    expect(confirmation.parsed.subject).toBe('报名成功：麋鹿苑考察');
    expect(confirmation.parsed.text).toContain('2027年3月2日 星期二 09:00–11:00（北京时间）');
    expect(confirmation.parsed.html).toContain('麋鹿苑考察');
    expect(confirmation.parsed.from?.value[0]?.address).toBe('orrery@orrery.test');
    expect(confirmation.parsed.headers.get('content-language')).toBe('zh-CN');
    expect(confirmation.parsed.messageId).toMatch(/^<confirmation\.\d+\.1@orrery\.test>$/);
    expect(confirmation.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    // No attachment at all: the invitation is the text/calendar alternative only (notifications-form.test.ts).
    expect(confirmation.parsed.attachments.filter((a) => a.contentType === 'application/ics')).toHaveLength(0);
    const request1 = parseInvitation(confirmation);
    expect(request1).toMatchObject({ method: 'REQUEST', uid: activityUid(activity.id, m.t.config.publicBaseUrl), sequence: 0, start: '2027-03-02T01:00:00.000Z' });
    expect(request1.organizer).toBe('mailto:orrery@orrery.test');
    expect(request1.attendee).toBe('mailto:li@example.org');

    m.smtp.clear();
    const moved = await patchActivity(m, activity.id, { startsAt: '2027-03-03T14:00:00+08:00', endsAt: '2027-03-03T16:00:00+08:00' });
    await m.worker().drain();
    const change = only(m.smtp.messages, 'li@example.org');
    expect(change.parsed.subject).toBe('活动变更：麋鹿苑考察');
    expect(change.parsed.text).toContain('2027年3月3日 星期三 14:00–16:00');
    expect(parseInvitation(change)).toMatchObject({ method: 'REQUEST', sequence: moved.sequence, start: '2027-03-03T06:00:00.000Z' });
    expect(moved.sequence).toBeGreaterThan(0);

    m.smtp.clear();
    const cancelled = await patchActivity(m, activity.id, { status: 'cancelled' });
    await m.worker().drain();
    const cancellation = only(m.smtp.messages, 'li@example.org');
    expect(cancellation.parsed.subject).toBe('活动取消：麋鹿苑考察');
    expect(cancellation.raw).toMatch(/method=CANCEL/i);
    const cancel = parseInvitation(cancellation);
    expect(cancel).toMatchObject({ method: 'CANCEL', uid: request1.uid, sequence: cancelled.sequence });
    expect(cancelled.sequence).toBeGreaterThan(moved.sequence);
  });

  it('writes English emails with the zone named, and a participant who leaves gets a CANCEL above their last SEQUENCE', async () => {
    const activity = await confirmedActivity(m, { timeZone: 'Europe/London', startsAt: '2027-07-01T09:00:00+01:00', endsAt: '2027-07-01T10:30:00+01:00' });
    const { body } = await register(m.t.app, activity.id, { email: 'en@example.org', name: 'Amy Chen', language: 'en' });
    await m.worker().drain();
    const confirmation = only(m.smtp.messages, 'en@example.org');
    expect(confirmation.parsed.subject).toBe('Registered: Milu Park visit');
    expect(confirmation.parsed.text).toContain('Dear Amy Chen,');
    expect(confirmation.parsed.text).toContain('Thursday 1 July 2027 09:00–10:30 (British Summer Time)');
    const manageLink = /Manage or cancel your registration: (\S+)/.exec(confirmation.parsed.text!)![1]!;
    const path = new URL(manageLink).pathname + new URL(manageLink).search;
    expect((await request(m.t.app).get(path)).text).toContain('Amy Chen');
    m.smtp.clear();
    await request(m.t.app).post(path.replace(`/registrations/${body.id}`, `/registrations/${body.id}/cancel`)).type('form').send('');
    await m.worker().drain();
    const cancellation = only(m.smtp.messages, 'en@example.org');
    expect(cancellation.parsed.subject).toBe('Registration cancelled: Milu Park visit');
    expect(parseInvitation(cancellation)).toMatchObject({ method: 'CANCEL', sequence: 1 });
  });

  it('tells the waitlist where they stand and the promoted that they have a place, with an invitation', async () => {
    const activity = await confirmedActivity(m, { capacity: 1 });
    const first = await register(m.t.app, activity.id, { email: 'first@example.org', language: 'en' });
    await register(m.t.app, activity.id, { email: 'second@example.org', language: 'en' });
    await m.worker().drain();
    const waitlisted = only(m.smtp.messages, 'second@example.org');
    expect(waitlisted.parsed.subject).toBe('Waitlist: Milu Park visit');
    expect(waitlisted.parsed.text).toContain('number 1');
    expect(invitationOf(waitlisted)).toBe('');
    m.smtp.clear();
    await request(m.t.app).post(`/api/v1/registrations/${first.body.id}/cancel?sig=${m.signer.sign(first.body.id, 'manage')}`);
    await m.worker().drain();
    const promotion = only(m.smtp.messages, 'second@example.org');
    expect(promotion.parsed.subject).toBe('A place for you: Milu Park visit');
    expect(parseInvitation(promotion).method).toBe('REQUEST');
    expect(only(m.smtp.messages, 'first@example.org').parsed.subject).toBe('Registration cancelled: Milu Park visit');
  });

  it('keeps an organizer-typed title with line breaks out of the headers', async () => {
    // The API refuses such a title now (issue 22 item 8); one stored before that rule is still folded onto one line.
    const refused = await request(m.t.app).post('/api/v1/activities').set(m.admin.headers)
      .send(activityBody((await createUnit(m.t.app)).id, { status: 'confirmed', title: { 'zh-CN': '标题\r\nBcc: evil@example.org', en: 'Title\u2028Bcc: evil@example.org' } }));
    expect(refused.status).toBe(422);
    const activity = await confirmedActivity(m);
    await m.t.db.pool.query('UPDATE activities SET title_zh = $2, title_en = $3 WHERE id = $1', [activity.id, '标题\r\nBcc: evil@example.org', 'Title\r\nBcc: evil@example.org']);
    await register(m.t.app, activity.id, { email: 'safe@example.org' });
    await m.worker().drain();
    const mail = only(m.smtp.messages, 'safe@example.org');
    expect(mail.to).toEqual(['safe@example.org']);
    expect(mail.parsed.headers.has('bcc')).toBe(false);
    expect(mail.raw).not.toMatch(/^Bcc:/im);
  });
});

describe('reminders', () => {
  it('carry one-click List-Unsubscribe headers whose POST stops further reminders', async () => {
    const activity = await confirmedActivity(m, { kind: 'exhibition' });
    const { body } = await register(m.t.app, activity.id, { email: 'remind@example.org', language: 'en' });
    await m.worker().drain();
    m.smtp.clear();
    m.clock.set('2027-02-23T01:00:00Z'); // 7 days before, 09:00 in Beijing
    await m.worker().drain();
    const reminder = only(m.smtp.messages, 'remind@example.org');
    expect(reminder.parsed.subject).toBe('Reminder: Milu Park visit');
    expect(reminder.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    const unfolded = reminder.raw.replace(/\r?\n[ \t]+/g, ' ');
    const header = String(unfolded.match(/^List-Unsubscribe: +<([^>]+)>/m)?.[1]);
    expect(header).toMatch(new RegExp(`/registrations/${body.id}/unsubscribe\\?sig=`));
    expect(reminder.parsed.attachments).toHaveLength(0);
    const url = new URL(header);
    const oneClick = await request(m.t.app).post(url.pathname + url.search).type('form').send('List-Unsubscribe=One-Click');
    expect(oneClick.status).toBe(200);
    const pending = await m.t.db.pool.query(`SELECT status FROM deliveries WHERE registration_id = $1 AND kind = 'reminder'`, [body.id]);
    expect(pending.rows.map((r) => r.status).sort()).toEqual(['cancelled', 'sent']);
    m.smtp.clear();
    m.clock.set('2027-03-01T01:00:00Z');
    await m.worker().drain();
    expect(m.smtp.messages.filter((x) => x.to.includes('remind@example.org'))).toHaveLength(0);
    m.clock.set('2026-11-24T00:00:00Z');
  });
});

describe('without SMTP_URL', () => {
  it('writes each message as an .eml file a person can open', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'orrery-outbox-'));
    try {
      const activity = await confirmedActivity(m);
      await register(m.t.app, activity.id, { email: 'eml@example.org', language: 'en' });
      await m.worker({ mailer: emlMailer(dir, createLogger('silent')) }).drain();
      const files = await readdir(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^confirmation\.\d+\.1@orrery\.test\.eml$/);
      const parsed = await simpleParser(await readFile(path.join(dir, files[0]!)));
      expect(parsed.subject).toBe('Registered: Milu Park visit');
      expect(m.smtp.messages).toHaveLength(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
