import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { avoidQuietHours, parseQuietHours, parseReminderOffsets, planReminders, reminderDueAt } from '../../src/shared/reminder-rules.ts';

const quiet = parseQuietHours('21:00-08:00');
const utc = (s: string) => DateTime.fromISO(s, { zone: 'utc' });

describe('reminder rules', () => {
  it('parse per kind with a default, and refuse nonsense', () => {
    const rules = parseReminderOffsets('default=7d,1d;field_visit=7d,1d,2h;science_show=');
    expect(rules.exhibition.map((r) => r.key)).toEqual(['7d', '1d']);
    expect(rules.field_visit.map((r) => r.minutes)).toEqual([10080, 1440, 120]);
    expect(rules.science_show).toEqual([]);
    expect(() => parseReminderOffsets('default=7x')).toThrow(/offset/);
    expect(() => parseReminderOffsets('rocket_launch=1d')).toThrow(/kind/);
    expect(() => parseQuietHours('21:00-21:00')).toThrow();
    expect(parseQuietHours('off')).toBeNull();
  });

  it('move a due time inside quiet hours to just before they began, in the given zone', () => {
    // 07:00 in Beijing → 20:59 the evening before
    expect(reminderDueAt(utc('2027-03-02T01:00:00Z'), { key: '2h', minutes: 120 }, 'Asia/Shanghai', quiet).toISO()).toBe('2027-03-01T12:59:00.000Z');
    // 22:30 local → 20:59 the same evening
    expect(avoidQuietHours(utc('2027-03-01T14:30:00Z'), 'Asia/Shanghai', quiet).toISO()).toBe('2027-03-01T12:59:00.000Z');
    // 10:00 local stays
    expect(avoidQuietHours(utc('2027-03-01T02:00:00Z'), 'Asia/Shanghai', quiet).toISO()).toBe('2027-03-01T02:00:00.000Z');
    // a non-wrapping window, e.g. 12:00-14:00 (a siesta)
    expect(avoidQuietHours(utc('2027-03-01T05:00:00Z'), 'Asia/Shanghai', parseQuietHours('12:00-14:00')).toISO()).toBe('2027-03-01T03:59:00.000Z');
  });

  it('never leave a reminder inside quiet hours nor later than asked, across zones and DST', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Kiritimati'];
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 * 365 * 24 * 60 }), fc.constantFrom(...zones), (minutes, zone) => {
      const at = utc('2026-01-01T00:00:00Z').plus({ minutes });
      const moved = avoidQuietHours(at, zone, quiet).setZone(zone);
      const m = moved.hour * 60 + moved.minute;
      return moved <= at && m >= 8 * 60 && m < 21 * 60 && at.diff(moved, 'hours').hours < 13;
    }));
  });

  it('plan one reminder per occurrence × registration × rule, only for due times still ahead', () => {
    const now = utc('2027-02-25T00:00:00Z');
    const planned = planReminders(
      [{ id: 1, timeZone: 'Asia/Shanghai' }, { id: 2, timeZone: 'America/New_York' }],
      [{ id: 10, startsAt: utc('2027-03-02T01:00:00Z') }, { id: 11, startsAt: utc('2027-02-20T01:00:00Z') }],
      parseReminderOffsets('default=7d,1d').default, quiet, now,
    );
    expect(planned.map((p) => `${p.occurrenceId}:${p.registrationId}:${p.rule}`)).toEqual(['10:1:1d', '10:2:1d']);
  });
});
