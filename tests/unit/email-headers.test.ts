import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { composeMessage } from '../../src/registrations/emails.compose.ts';
import type { DeliveryDetails } from '../../src/registrations/emails.queries.ts';
import { linkSigner } from '../../src/auth/signed-links.ts';
import { composeConsentMessage, type ConsentDelivery } from '../../src/consent/consent.emails.ts';
import { composeCertificateMessage } from '../../src/certificates/certificates.emails.ts';
import type { CertificateNotice } from '../../src/certificates/certificates.emails.queries.ts';
import { composeStaffMessage } from '../../src/booking/staff.emails.ts';
import type { StaffDetails } from '../../src/booking/staff.emails.queries.ts';
import { MESSAGE_KINDS, OPTIONAL_KINDS } from '../../src/registrations/messages.template.ts';
import { CONSENT_MESSAGE_KINDS } from '../../src/consent/consent.template.ts';
import type { ICalActivity } from '../../src/shared/ical/events.ts';

/**
 * The unsubscribe matrix of docs/email.md#unsubscribe-every-email-kind, kind by kind, from the pure
 * composers (issue 22 items 5 and 6): List-Unsubscribe exactly on the optional mail its one-click POST
 * stops, and a Content-Language header on every email.
 */
const now = DateTime.fromISO('2026-11-24T00:00:00Z', { zone: 'utc' });
const ctx = { publicBaseUrl: 'https://orrery.example.org', from: { name: 'Orrery', address: 'orrery@example.org' }, signer: linkSigner('k'.repeat(40)) };

const details = (kind: DeliveryDetails['kind'], language: 'zh-CN' | 'en'): DeliveryDetails => ({
  id: 1, kind, dedupeKey: `${kind}:1:1`, sequence: 0, method: null, recipient: 'p@example.org', rule: null, registrationId: 7,
  name: '李华', language, registrationStatus: 'confirmed', remindersEnabled: true, waitlistPosition: null, activityId: 3,
  activityStatus: 'confirmed', titleZh: '麋鹿苑考察', titleEn: 'Milu Park visit', descriptionZh: '', descriptionEn: '',
  timeZone: 'Asia/Shanghai', allDay: false, startsAt: '2027-03-02T01:00:00Z', endsAt: '2027-03-02T03:00:00Z', occurrenceStatus: 'scheduled',
  organizerZh: '北京天文馆', organizerEn: 'Beijing Planetarium', venueZh: null, venueEn: null, place: { 'zh-CN': '', en: '' }, superseded: false,
  nextOccurrenceId: null, heldOccurrence: false, transport: '', contact: '', contactPhone: '', destination: '', meetingPoint: '', meetingAt: null, consentStatus: 'pending',
  payload: { subject: 'Hi', body: 'Hello', code: 'ABC' }, certificate: { code: 'ABC', hours: 2, current: true },
} as unknown as DeliveryDetails);

/** The message's custom headers by name, and its List-* options (nodemailer writes List-Unsubscribe from `list`). */
const headers = (m: { headers?: unknown; list?: unknown }) => ({ h: m.headers as Record<string, string | undefined>, list: m.list });

describe('every email kind: List-Unsubscribe only where its POST stops the mail, Content-Language always', () => {
  it.each(MESSAGE_KINDS.map((k) => [k]))('participant %s', (kind) => {
    for (const language of ['zh-CN', 'en'] as const) {
      const h = headers(composeMessage(details(kind, language), now, ctx, { exceptions: [] } as unknown as ICalActivity));
      const optional = OPTIONAL_KINDS.includes(kind);
      expect(h.h['Content-Language']).toBe(language);
      expect(h.list !== undefined, `${kind} offers List-Unsubscribe`).toBe(optional);
      expect(h.h['List-Unsubscribe-Post'] !== undefined).toBe(optional);
    }
  });

  it('the optional kinds are reminders and organizers’ messages, never a cancellation of one’s own place', () => {
    expect([...OPTIONAL_KINDS].sort()).toEqual(['registrant_message', 'reminder']);
  });

  it.each([...CONSENT_MESSAGE_KINDS, 'certificate_issued'].map((k) => [k]))('%s (bilingual, not optional)', (kind) => {
    const d = details(kind as DeliveryDetails['kind'], 'zh-CN');
    // Each kind's composer is its feature's (consent/, certificates/), as the outbox's registry calls it.
    const message = kind === 'certificate_issued' ? composeCertificateMessage(d as unknown as CertificateNotice, now, ctx) : composeConsentMessage(d as unknown as ConsentDelivery, now, ctx);
    const h = headers(message);
    expect(h.h['Content-Language']).toBe('zh-CN, en');
    expect(h.list).toBeUndefined();
    expect(h.h['List-Unsubscribe-Post']).toBeUndefined();
  });

  it.each([['approval_request'], ['approval_decision'], ['hold_expiring']])('staff %s (bilingual; turned off in preferences, not by header)', (kind) => {
    const staff = {
      id: 1, kind, dedupeKey: `${kind}:1`, recipient: 'o@example.org', userName: 'Ms Wang', optedOut: false, userDisabled: false, activityId: 3,
      activityStatus: 'requested', titleZh: '观测', titleEn: 'Observation', startsAt: '2027-03-02T01:00:00Z', endsAt: '2027-03-02T03:00:00Z',
      timeZone: 'Asia/Shanghai', allDay: false, recurrenceRule: null, holdExpiresAt: '2027-02-01T00:00:00Z', requesterZh: '一中', requesterEn: 'No. 1',
      requesterContacts: [], venueZh: null, venueEn: null, claimId: 5, payload: { decision: 'approved' }, claims: [],
    } as unknown as StaffDetails;
    const h = headers(composeStaffMessage(staff, now, ctx));
    expect(h.h['Content-Language']).toBe('zh-CN, en');
    expect(h.list).toBeUndefined();
  });
});
