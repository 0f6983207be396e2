import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { skipStaffReason } from '../../src/booking/staff.emails.ts';
import type { StaffDetails } from '../../src/booking/staff.emails.queries.ts';
import { renderStaffMessage } from '../../src/booking/staff.template.ts';

const HOLD = '2026-11-27T00:00:00.000Z';
const base: StaffDetails = {
  id: 1, kind: 'hold_expiring', dedupeKey: 'k', recipient: 'o@example.org', userName: 'O', optedOut: false, userDisabled: false,
  activityId: 1, activityStatus: 'requested', titleZh: '月球观测', titleEn: 'Moon', startsAt: '2027-03-02T11:00:00Z', endsAt: '2027-03-02T12:30:00Z',
  timeZone: 'Asia/Shanghai', allDay: false, recurrenceRule: null, holdExpiresAt: '2026-11-27T08:00:00+08:00', requesterZh: '学校', requesterEn: 'School',
  requesterContacts: [], venueZh: null, venueEn: null, claimId: 3, payload: { holdExpiresAt: HOLD }, claims: [],
};
const now = DateTime.fromISO('2026-11-26T01:00:00Z');

describe('which staff emails still go out', () => {
  it('sends a reminder of the same hold while it lasts, and nothing once decided, asked again, lapsed or turned off', () => {
    expect(skipStaffReason(base, now)).toBeNull();
    expect(skipStaffReason({ ...base, activityStatus: 'confirmed' }, now)).toBe('the request was decided or withdrawn');
    expect(skipStaffReason({ ...base, holdExpiresAt: '2026-11-30T00:00:00Z' }, now)).toBe('the request was decided or withdrawn');
    expect(skipStaffReason(base, DateTime.fromISO(HOLD))).toBe('the hold has already lapsed');
    expect(skipStaffReason({ ...base, optedOut: true }, now)).toBe('the recipient turned these emails off');
    expect(skipStaffReason({ ...base, userDisabled: true }, now)).toBe('the recipient account is disabled');
  });

  it('sends a request only while something of that unit is pending; a decision always', () => {
    expect(skipStaffReason({ ...base, kind: 'approval_request' }, now)).toBe('the request was decided or withdrawn');
    const line = { claimId: 3, resourceZh: '望远镜', resourceEn: 'Telescope', ownerZh: '天文馆', ownerEn: 'Planetarium', quantity: 3, poolQuantity: 5, setupMinutes: 0, teardownMinutes: 0, approval: 'pending' };
    expect(skipStaffReason({ ...base, kind: 'approval_request', claims: [line] }, now)).toBeNull();
    expect(skipStaffReason({ ...base, kind: 'approval_decision', activityStatus: 'draft', payload: { decision: 'declined', reason: 'x' } }, now)).toBeNull();
  });
});

describe('the staff email', () => {
  it('keeps an organizer-typed line break out of the subject and leaves out the buffered period when there are no buffers', () => {
    const rendered = renderStaffMessage({
      kind: 'approval_decision', title: { 'zh-CN': '月球\r\n观测', en: 'Moon\nwatch' }, startsAt: DateTime.fromISO('2027-03-02T11:00:00Z'),
      endsAt: DateTime.fromISO('2027-03-02T12:30:00Z'), timeZone: 'Asia/Shanghai', allDay: false, recurring: false, venue: null,
      requester: { 'zh-CN': '学校', en: 'School' }, contacts: [], claims: [], holdExpiresAt: null, decision: 'approved', reason: null, link: 'http://x/organizer#book',
    });
    expect(rendered.subject).toBe('已批准：月球 观测 · Approved: Moon watch');
    expect(rendered.text).not.toContain('With set-up and tear-down');
    expect(rendered.html).toContain('href="http://x/organizer#book"');
  });
});
