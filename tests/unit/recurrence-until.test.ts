import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { feedRule } from '../../src/shared/ical/events.ts';
import { zoneTable } from '../../src/shared/ical/zones.ts';
import { expandRule, parseRule, parseUntil, untilInstant } from '../../src/shared/recurrence.ts';

/**
 * A date-only UNTIL (UNTIL=20270315) means the series runs through that whole day in its own zone
 * (RFC 5545 §3.3.10). One rule for it, in shared/recurrence.ts, used by the expansion and by the
 * iCalendar writer alike.
 */
const tablesFor = (zone: string) => new Map([[zone, zoneTable(zone, 2026, 2029)]]);

describe('a date-only UNTIL', () => {
  it('includes an occurrence late on that day, in the series zone, and nothing after it', () => {
    for (const zone of ['Asia/Shanghai', 'America/Los_Angeles']) {
      const first = DateTime.fromISO('2027-03-01T23:30', { zone });
      const starts = expandRule(parseRule('FREQ=DAILY;INTERVAL=7;UNTIL=20270315'), first, first.plus({ minutes: 20 }), false)
        .map((i) => i.startsAt.toISO({ suppressMilliseconds: true, includeOffset: false }));
      expect(starts, zone).toEqual(['2027-03-01T23:30:00', '2027-03-08T23:30:00', '2027-03-15T23:30:00']);
    }
  });

  it('is the last moment of that local day, across a daylight-saving change too', () => {
    const end = untilInstant(parseUntil('20270314'), 'America/Los_Angeles'); // the spring-forward day
    expect(end.toISO()).toBe('2027-03-14T23:59:59.999-07:00');
    expect(end.plus({ milliseconds: 1 }).toISO()).toBe('2027-03-15T00:00:00.000-07:00');
  });

  it('is written to feeds as the same moment: UTC for a timed series, the date for an all-day one', () => {
    expect(feedRule('FREQ=DAILY;UNTIL=20270315', 'Asia/Shanghai', false, tablesFor('Asia/Shanghai'))).toBe('RRULE:FREQ=DAILY;UNTIL=20270315T155959Z');
    expect(feedRule('FREQ=DAILY;UNTIL=20270314', 'America/Los_Angeles', false, tablesFor('America/Los_Angeles'))).toBe('RRULE:FREQ=DAILY;UNTIL=20270315T065959Z');
    expect(feedRule('FREQ=DAILY;UNTIL=20270315', 'Asia/Shanghai', true, tablesFor('Asia/Shanghai'))).toBe('RRULE:FREQ=DAILY;UNTIL=20270315');
    // A UTC UNTIL of an all-day series becomes the local date it falls on.
    expect(feedRule('FREQ=DAILY;UNTIL=20270315T170000Z', 'Asia/Shanghai', true, tablesFor('Asia/Shanghai'))).toBe('RRULE:FREQ=DAILY;UNTIL=20270316');
  });
});
