import { DateTime } from 'luxon';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { renderMessage, MESSAGE_KINDS, type MessageProps } from '../../src/registrations/messages.template.ts';
import { renderInvitation } from '../../src/registrations/invitation.template.ts';
import type { ICalActivity } from '../../src/shared/ical/events.ts';
import { parseStrictly } from '../helpers/ical-parsers.ts';
import { formatPeriod } from '../../src/notifications/format.ts';
import { registrationsCsv } from '../../src/registrations/csv.ts';
import { linkSigner } from '../../src/auth/signed-links.ts';

const utc = (s: string) => DateTime.fromISO(s, { zone: 'utc' });
const props: MessageProps = {
  kind: 'confirmation', language: 'en', participantName: 'Amy <script>', title: 'Moon & stars', description: 'Bring a coat.',
  organizer: 'Beijing Planetarium', venue: 'Roof terrace', startsAt: utc('2027-03-09T10:30:00Z'), endsAt: utc('2027-03-09T12:30:00Z'),
  timeZone: 'Asia/Shanghai', allDay: false, waitlistPosition: null, exceptions: [], manageUrl: 'https://orrery.example.org/registrations/1?sig=a', unsubscribeUrl: null,
};

describe('email templates', () => {
  it('render every kind in both languages with the zone named and HTML escaped', () => {
    for (const kind of MESSAGE_KINDS) {
      for (const language of ['en', 'zh-CN'] as const) {
        const out = renderMessage({ ...props, kind, language });
        expect(out.subject.length).toBeGreaterThan(3);
        expect(out.text).toMatch(/北京时间|Beijing time/);
        expect(out.text).toContain(props.manageUrl);
        expect(out.html).not.toContain('<script>');
        expect(out.html).toContain('Amy &lt;script&gt;');
      }
    }
    expect(renderMessage(props).text).toContain('Tuesday 9 March 2027 18:30–20:30 (Beijing time)');
    expect(renderMessage({ ...props, language: 'zh-CN' }).text).toContain('2027年3月9日 星期二 18:30–20:30（北京时间）');
  });

  it('name the cancelled and moved dates of a series under its period', () => {
    const exceptions = [
      { originalStartsAt: utc('2027-03-16T10:30:00Z'), startsAt: utc('2027-03-16T10:30:00Z'), endsAt: utc('2027-03-16T12:30:00Z'), cancelled: true },
      { originalStartsAt: utc('2027-03-23T10:30:00Z'), startsAt: utc('2027-03-24T11:00:00Z'), endsAt: utc('2027-03-24T13:00:00Z'), cancelled: false },
    ];
    const en = renderMessage({ ...props, kind: 'change', exceptions });
    expect(en.text).toContain('Dates that differ: Tuesday 16 March 2027 18:30 — cancelled\n  Tuesday 23 March 2027 18:30 → Wednesday 24 March 2027 19:00–21:00 (Beijing time)\n');
    expect(renderMessage({ ...props, kind: 'change', language: 'zh-CN', exceptions }).text).toContain('日期变动：2027年3月16日 星期二 18:30 — 取消');
    expect(en.html).toContain('<td>Tuesday 16 March 2027 18:30 — cancelled</td>');
  });

  it('show all-day periods by their local dates and keep subjects on one line', () => {
    expect(formatPeriod(utc('2027-07-04T16:00:00Z'), utc('2027-07-09T16:00:00Z'), 'Asia/Shanghai', true, 'en')).toBe('Monday 5 July 2027 – Friday 9 July 2027 (all day, Beijing time)');
    expect(renderMessage({ ...props, title: 'A\r\nBcc: x@y.z' }).subject).toBe('Registered: A Bcc: x@y.z');
  });

  const series: ICalActivity = {
    id: 7, title: { 'zh-CN': '月亮；星星', en: 'Moon; stars' }, description: { 'zh-CN': '带外套', en: 'Bring a coat.' },
    organizer: { 'zh-CN': '天文馆', en: 'Planetarium' }, venue: null, venueLocation: { 'zh-CN': '', en: '' },
    // Weekly on Tuesdays 18:30–20:30 in New York, across the start of DST on 14 March 2027.
    startsAt: '2027-03-02T23:30:00Z', endsAt: '2027-03-03T01:30:00Z', timeZone: 'America/New_York', allDay: false,
    status: 'confirmed', sequence: 2, recurrenceRule: 'FREQ=WEEKLY;COUNT=4', createdAt: '2026-10-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z',
    exceptions: [
      { originalStartsAt: '2027-03-09T23:30:00Z', startsAt: '2027-03-09T23:30:00Z', endsAt: '2027-03-10T01:30:00Z', status: 'cancelled', updatedAt: '2026-11-02T00:00:00Z' },
      { originalStartsAt: '2027-03-16T22:30:00Z', startsAt: '2027-03-17T22:30:00Z', endsAt: '2027-03-18T00:30:00Z', status: 'scheduled', updatedAt: '2026-11-03T00:00:00Z' },
    ],
    note: null,
  };
  const invitation = (method: 'REQUEST' | 'CANCEL') => renderInvitation({
    method, activity: series, language: 'en', publicBaseUrl: 'https://orrery.example.org', stamp: utc('2026-11-24T00:00:00Z'),
    organizer: { name: 'Planetarium', email: 'orrery@example.org' }, attendee: { name: 'Li, "Hua"', email: 'li@example.org' }, url: props.manageUrl,
  });

  it('write a REQUEST of the whole series: RRULE, EXDATE for the cancelled occurrence, RECURRENCE-ID for the moved one', () => {
    const text = invitation('REQUEST');
    const parsed = parseStrictly(text, { itip: true });
    expect(parsed.method).toBe('REQUEST');
    expect(parsed.timezones).toEqual(['America/New_York']);
    expect(parsed.events.map((e) => [e.uid, e.sequence, e.recurrenceId])).toEqual([
      ['activity-7@orrery.example.org', 2, null],
      ['activity-7@orrery.example.org', 2, '2027-03-16T18:30:00-04:00'],
    ]);
    expect(parsed.events[0]!.instances).toEqual(['2027-03-02T18:30:00-05:00', '2027-03-17T18:30:00-04:00', '2027-03-23T18:30:00-04:00']);
    expect(parsed.events[0]!.summary).toBe('Moon; stars');
    // ORGANIZER and ATTENDEE on every VEVENT, DTSTAMP is the message's time in UTC.
    expect(text.match(/^ORGANIZER/gm)).toHaveLength(2);
    expect(text.match(/^DTSTAMP:20261124T000000Z\r$/gm)).toHaveLength(2);
    expect(text.replace(/\r\n /g, '')).toMatch(/^ATTENDEE;.*PARTSTAT=ACCEPTED.*RSVP=FALSE.*:MAILTO:li@example\.org\r$/m);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  });

  it('write a CANCEL of the whole series as its one VEVENT, without overrides', () => {
    const text = invitation('CANCEL');
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent');
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(events).toHaveLength(1);
    expect(events[0]!.getFirstPropertyValue('recurrence-id')).toBeNull();
    expect(events[0]!.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(events[0]!.getFirstPropertyValue('sequence')).toBe(2);
    expect(String(events[0]!.getFirstProperty('attendee')!.getParameter('cn'))).toContain('Li');
    expect(parseStrictly(text, { itip: true }).method).toBe('CANCEL');
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
    const csv = registrationsCsv([{ id: 1, activityId: 2, status: 'confirmed', waitlistPosition: null, name: '@SUM(A1)', email: 'a@b.c', role: 'guardian', grade: null, class: 'line\nbreak', language: 'en', timeZone: 'Asia/Shanghai', remindersEnabled: false, occurrenceId: null, createdAt: 't', updatedAt: 't' }]);
    expect(csv.startsWith('\uFEFFid,')).toBe(true);
    expect(csv).toContain(`1,confirmed,,'@SUM(A1),a@b.c,guardian,,"line\nbreak",en,off,t\r\n`);
  });
});
