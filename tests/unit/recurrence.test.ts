import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { endBefore, expandRule, formatRule, parseRule, RecurrenceLimitError, RecurrenceRuleError } from '../../src/shared/recurrence.ts';

const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone });
const starts = (rule: string, first: DateTime, minutes = 90, allDay = false) =>
  expandRule(parseRule(rule), first, first.plus({ minutes }), allDay).map((i) => i.startsAt.toISO({ suppressMilliseconds: true }));

describe('recurrence rules', () => {
  it('keeps 16:00 local across the New York daylight-saving change', () => {
    const first = local('2026-10-29T16:00', 'America/New_York');
    const instances = expandRule(parseRule('FREQ=WEEKLY;COUNT=3'), first, first.plus({ minutes: 90 }), false);
    expect(instances.map((i) => i.startsAt.toISO({ suppressMilliseconds: true }))).toEqual([
      '2026-10-29T16:00:00-04:00', '2026-11-05T16:00:00-05:00', '2026-11-12T16:00:00-05:00',
    ]);
    expect(instances.map((i) => i.endsAt.toFormat('HH:mm'))).toEqual(['17:30', '17:30', '17:30']);
    // 2027-03-14 is the spring change: the UTC hour moves, the local hour does not.
    const spring = starts('FREQ=DAILY;INTERVAL=7;UNTIL=20270321', local('2027-03-07T16:00', 'America/New_York'));
    expect(spring).toEqual(['2027-03-07T16:00:00-05:00', '2027-03-14T16:00:00-04:00', '2027-03-21T16:00:00-04:00']);
  });

  it('expands Shanghai series by weekday, interval and month', () => {
    const first = local('2026-12-03T16:00', 'Asia/Shanghai'); // a Thursday
    expect(starts('FREQ=WEEKLY;BYDAY=TH,TU;COUNT=4', first)).toEqual([
      '2026-12-03T16:00:00+08:00', '2026-12-08T16:00:00+08:00', '2026-12-10T16:00:00+08:00', '2026-12-15T16:00:00+08:00',
    ]);
    expect(starts('FREQ=WEEKLY;INTERVAL=2;UNTIL=20261231', first)).toEqual([
      '2026-12-03T16:00:00+08:00', '2026-12-17T16:00:00+08:00', '2026-12-31T16:00:00+08:00',
    ]);
    expect(starts('FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=3', first)).toEqual([
      '2026-12-03T16:00:00+08:00', '2026-12-04T16:00:00+08:00', '2026-12-07T16:00:00+08:00',
    ]);
    expect(starts('FREQ=MONTHLY;BYDAY=1TH;COUNT=3', first)).toEqual([
      '2026-12-03T16:00:00+08:00', '2027-01-07T16:00:00+08:00', '2027-02-04T16:00:00+08:00',
    ]);
    // The 31st exists only in some months; months without it are skipped, not shifted.
    expect(starts('FREQ=MONTHLY;COUNT=3', local('2027-01-31T09:00', 'Asia/Shanghai'))).toEqual([
      '2027-01-31T09:00:00+08:00', '2027-03-31T09:00:00+08:00', '2027-05-31T09:00:00+08:00',
    ]);
  });

  it('keeps all-day occurrences whole local days', () => {
    const first = local('2027-07-12T00:00', 'Asia/Shanghai');
    const [one] = expandRule(parseRule('FREQ=WEEKLY;COUNT=1'), first, first.plus({ days: 5 }), true);
    expect(one!.endsAt.toISO({ suppressMilliseconds: true })).toBe('2027-07-17T00:00:00+08:00');
  });

  it('refuses what it does not support, and rules that expand too far', () => {
    for (const bad of ['FREQ=YEARLY;COUNT=2', 'FREQ=WEEKLY', 'FREQ=WEEKLY;COUNT=2;UNTIL=20270101', 'FREQ=WEEKLY;BYDAY=2TU;COUNT=2', 'FREQ=DAILY;BYHOUR=9;COUNT=2', 'FREQ=DAILY;COUNT=0', 'nonsense']) {
      expect(() => parseRule(bad), bad).toThrow(RecurrenceRuleError);
    }
    const first = local('2026-12-03T16:00', 'Asia/Shanghai');
    expect(() => starts('FREQ=DAILY;COUNT=501', first)).toThrow(RecurrenceLimitError);
    expect(() => starts('FREQ=MONTHLY;COUNT=30', first)).toThrow(/2 years/);
    expect(() => starts('FREQ=WEEKLY;UNTIL=20300101', first)).toThrow(/2 years/);
    expect(starts('FREQ=DAILY;COUNT=500', first)).toHaveLength(500);
  });

  it('formats what it parses and ends a series before a given occurrence', () => {
    const rule = parseRule('RRULE:freq=weekly;interval=2;byday=MO,-1FR;count=5'.replace('-1FR', 'FR'));
    expect(formatRule(rule)).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;COUNT=5');
    const cut = endBefore(parseRule('FREQ=WEEKLY;COUNT=10'), local('2026-12-17T16:00', 'Asia/Shanghai'));
    expect(formatRule(cut)).toBe('FREQ=WEEKLY;UNTIL=20261217T075959Z');
    expect(starts(formatRule(cut), local('2026-12-03T16:00', 'Asia/Shanghai'))).toEqual(['2026-12-03T16:00:00+08:00', '2026-12-10T16:00:00+08:00']);
  });
});
