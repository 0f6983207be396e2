import { DateTime } from 'luxon';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { renderMessage, MESSAGE_KINDS, type MessageProps } from '../../src/notifications/templates/messages.ts';
import { renderInvitation } from '../../src/notifications/templates/invitation.ts';
import { formatPeriod } from '../../src/notifications/templates/format.ts';
import { registrationsCsv } from '../../src/registrations/csv.ts';
import { linkSigner } from '../../src/registrations/signing.ts';

const utc = (s: string) => DateTime.fromISO(s, { zone: 'utc' });
const props: MessageProps = {
  kind: 'confirmation', language: 'en', participantName: 'Amy <script>', title: 'Moon & stars', description: 'Bring a coat.',
  organizer: 'Beijing Planetarium', venue: 'Roof terrace', startsAt: utc('2027-03-09T10:30:00Z'), endsAt: utc('2027-03-09T12:30:00Z'),
  timeZone: 'Asia/Shanghai', allDay: false, waitlistPosition: null, manageUrl: 'https://orrery.example.org/registrations/1?sig=a', unsubscribeUrl: null,
};

describe('email templates', () => {
  it('render every kind in both languages with the zone named and HTML escaped', () => {
    for (const kind of MESSAGE_KINDS) {
      for (const language of ['en', 'zh-CN'] as const) {
        const out = renderMessage({ ...props, kind, language });
        expect(out.subject.length).toBeGreaterThan(3);
        expect(out.text).toContain('Asia/Shanghai, UTC+08:00');
        expect(out.text).toContain(props.manageUrl);
        expect(out.html).not.toContain('<script>');
        expect(out.html).toContain('Amy &lt;script&gt;');
      }
    }
    expect(renderMessage(props).text).toContain('Tuesday 9 March 2027 18:30–20:30 (Asia/Shanghai, UTC+08:00)');
    expect(renderMessage({ ...props, language: 'zh-CN' }).text).toContain('2027年3月9日 星期二 18:30–20:30（Asia/Shanghai, UTC+08:00）');
  });

  it('show all-day periods by their local dates and keep subjects on one line', () => {
    expect(formatPeriod(utc('2027-07-04T16:00:00Z'), utc('2027-07-09T16:00:00Z'), 'Asia/Shanghai', true, 'en')).toBe('Monday 5 July 2027 – Friday 9 July 2027 (all day, Asia/Shanghai)');
    expect(renderMessage({ ...props, title: 'A\r\nBcc: x@y.z' }).subject).toBe('Registered: A Bcc: x@y.z');
  });

  it('write an invitation ical.js parses, with METHOD, UID, SEQUENCE and the attendee', () => {
    const text = renderInvitation({
      method: 'CANCEL', uid: 'activity-7@orrery.example.org', sequence: 3, stamp: utc('2026-11-24T00:00:00Z'),
      organizer: { name: 'Planetarium', email: 'orrery@example.org' }, attendee: { name: 'Li, "Hua"', email: 'li@example.org' },
      summary: 'Moon; stars', description: 'x', location: null, startsAt: props.startsAt, endsAt: props.endsAt,
      timeZone: 'Asia/Shanghai', allDay: false, recurrenceRule: null, url: props.manageUrl,
    });
    const calendar = new ICAL.Component(ICAL.parse(text));
    const event = calendar.getFirstSubcomponent('vevent')!;
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.getFirstPropertyValue('uid')).toBe('activity-7@orrery.example.org');
    expect(event.getFirstPropertyValue('sequence')).toBe(3);
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.getFirstPropertyValue('summary')).toBe('Moon; stars');
    expect(String(event.getFirstProperty('attendee')!.getParameter('cn'))).toContain('Li');
  });
});

describe('registration helpers', () => {
  it('sign links per purpose and refuse tampering', () => {
    const a = linkSigner('a'.repeat(40));
    const b = linkSigner('b'.repeat(40));
    const sig = a.sign(5, 'manage');
    expect(a.verify(5, 'manage', sig)).toBe(true);
    expect(a.verify(6, 'manage', sig)).toBe(false);
    expect(a.verify(5, 'unsubscribe', sig)).toBe(false);
    expect(b.verify(5, 'manage', sig)).toBe(false);
    expect(a.verify(5, 'manage', `${sig.slice(0, -1)}A`)).toBe(sig.endsWith('A'));
  });

  it('export CSV that spreadsheets read safely', () => {
    const csv = registrationsCsv([{ id: 1, activityId: 2, status: 'confirmed', waitlistPosition: null, name: '@SUM(A1)', email: 'a@b.c', role: 'guardian', grade: null, class: 'line\nbreak', language: 'en', timeZone: 'Asia/Shanghai', remindersEnabled: false, createdAt: 't', updatedAt: 't' }]);
    expect(csv.startsWith('\uFEFFid,')).toBe(true);
    expect(csv).toContain(`1,confirmed,,'@SUM(A1),a@b.c,guardian,,"line\nbreak",en,off,t\r\n`);
  });
});
