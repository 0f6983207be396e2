import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { busyPeriods } from '../../src/imports/busy.ts';

/** External calendars' busy time, placed in the right zone whatever the server's (tests run in Los Angeles). */
const ics = (events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
const event = (...lines: string[]) => ['BEGIN:VEVENT', 'DTSTAMP:20270101T000000Z', ...lines, 'END:VEVENT'].join('\r\n');
const window = [DateTime.fromISO('2027-01-01T00:00:00Z'), DateTime.fromISO('2028-01-01T00:00:00Z')] as const;
const read = (text: string) => busyPeriods(text, ...window, 'Asia/Shanghai').map((p) => `${p.startsAt}/${p.endsAt}`);

describe('busy periods of an external calendar', () => {
  it('expands a weekly rule minus EXDATE, with an override moved and free and cancelled events skipped', () => {
    expect(read(ics([
      event('UID:m', 'DTSTART;TZID=Asia/Shanghai:20270301T080000', 'DTEND;TZID=Asia/Shanghai:20270301T094000', 'RRULE:FREQ=WEEKLY;COUNT=4', 'EXDATE;TZID=Asia/Shanghai:20270308T080000'),
      event('UID:m', 'RECURRENCE-ID;TZID=Asia/Shanghai:20270315T080000', 'DTSTART;TZID=Asia/Shanghai:20270315T100000', 'DTEND;TZID=Asia/Shanghai:20270315T114000'),
      event('UID:f', 'DTSTART:20270302T010000Z', 'DTEND:20270302T020000Z', 'TRANSP:TRANSPARENT'),
      event('UID:c', 'DTSTART:20270303T010000Z', 'DTEND:20270303T020000Z', 'STATUS:CANCELLED'),
    ]))).toEqual([
      '2027-03-01T00:00:00.000Z/2027-03-01T01:40:00.000Z',
      '2027-03-15T02:00:00.000Z/2027-03-15T03:40:00.000Z',
      '2027-03-22T00:00:00.000Z/2027-03-22T01:40:00.000Z',
    ]);
  });

  it('places whole days and floating times in the unit zone, UTC as UTC, and a DURATION', () => {
    expect(read(ics([
      event('UID:d', 'DTSTART;VALUE=DATE:20270305'),
      event('UID:fl', 'DTSTART:20270306T090000', 'DURATION:PT90M'),
      event('UID:u', 'DTSTART:20270307T090000Z', 'DTEND:20270307T100000Z'),
      event('UID:old', 'DTSTART:20260307T090000Z', 'DTEND:20260307T100000Z'),
    ]))).toEqual([
      '2027-03-04T16:00:00.000Z/2027-03-05T16:00:00.000Z',
      '2027-03-06T01:00:00.000Z/2027-03-06T02:30:00.000Z',
      '2027-03-07T09:00:00.000Z/2027-03-07T10:00:00.000Z',
    ]);
  });

  it('refuses what is not iCalendar', () => {
    expect(() => read('hello')).toThrow();
  });
});
