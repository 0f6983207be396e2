import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { renderConsentMessage } from '../../src/consent/consent.template.ts';

const props = {
  kind: 'consent_request' as const, participantName: '张明\r\nBcc: x@evil.example', title: { 'zh-CN': '麋鹿苑考察', en: 'Milu <Park> visit' },
  organizer: { 'zh-CN': '北京天文馆', en: 'Beijing Planetarium' }, venue: null,
  startsAt: DateTime.fromISO('2027-03-02T01:00:00Z'), endsAt: DateTime.fromISO('2027-03-02T03:00:00Z'), timeZone: 'Asia/Shanghai', allDay: false,
  transport: 'Bus\nfrom the gate', contact: 'Ms Wang', contactPhone: '+86 138 0000 0000', destination: 'Milu Park, Daxing',
  meetingPoint: 'School gate', meetingAt: DateTime.fromISO('2027-03-02T00:30:00Z'), consentUrl: 'http://orrery.test/consent/7?sig=abc',
};

describe('the guardian consent email', () => {
  it('says everything in both languages, in the activity zone, with the link, on one subject line', () => {
    const m = renderConsentMessage(props);
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.subject).toContain('麋鹿苑考察');
    expect(m.subject).toContain('Milu <Park> visit');
    for (const part of ['交通：Bus', 'Transport: Bus', '2027年3月2日', '09:00–11:00', 'Contact on the day: Ms Wang, +86 138 0000 0000', '目的地：Milu Park, Daxing', 'Meeting point: School gate, meet at 08:30 (Beijing time)', 'http://orrery.test/consent/7?sig=abc']) expect(m.text).toContain(part);
    expect(m.html).toContain('Milu &lt;Park&gt; visit');
    expect(m.html).toContain('Bus<br>from the gate');
    const bare = renderConsentMessage({ ...props, transport: '', contact: '', contactPhone: '', destination: '', meetingPoint: '', meetingAt: null });
    expect(bare.text).not.toMatch(/[：:] ?—/);
    expect(bare.text).toContain('交通：主办方尚未填写');
    expect(renderConsentMessage({ ...props, kind: 'consent_reminder' }).subject).toMatch(/^提醒：.* \/ Reminder: /);
  });
});
