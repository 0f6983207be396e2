import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { expandRule, parseRule } from '../../src/shared/recurrence.ts';
import { reshapeSeries, type Planned, type StoredOccurrence } from '../../src/booking/series.plan.ts';

const NY = 'America/New_York';
const utc = (d: DateTime) => d.toUTC().toISO()!;
const local = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(NY).toFormat("ccc MM-dd HH:mm");

function plan(rule: string, startLocal: string, minutes: number): Planned[] {
  const start = DateTime.fromISO(startLocal, { zone: NY });
  return expandRule(parseRule(rule), start, start.plus({ minutes }), false).map((i) => ({ startsAt: utc(i.startsAt), endsAt: utc(i.endsAt) }));
}

/** Stored occurrences of a planned series, ids 1…n. */
const stored = (planned: Planned[]): StoredOccurrence[] =>
  planned.map((p, i) => ({ id: i + 1, originalStartsAt: p.startsAt, startsAt: p.startsAt, endsAt: p.endsAt, status: 'scheduled' }));

function moveTo(o: StoredOccurrence, startLocal: string, minutes: number): StoredOccurrence {
  const start = DateTime.fromISO(startLocal, { zone: NY });
  return { ...o, startsAt: utc(start), endsAt: utc(start.plus({ minutes })) };
}

// Thursdays at 16:00 for 60 minutes, across the November daylight-saving change.
const oldPlanned = plan('FREQ=WEEKLY;COUNT=4', '2026-10-22T16:00', 60);

describe('reshaping a changed series', () => {
  it('keeps ids, cancellations and a moved time when the series moves an hour later', () => {
    const existing = stored(oldPlanned);
    existing[1] = { ...existing[1]!, status: 'cancelled' };
    existing[2] = moveTo(existing[2]!, '2026-11-06T10:00', 60); // moved to the Friday morning
    const newPlanned = plan('FREQ=WEEKLY;COUNT=4', '2026-10-22T17:00', 90);
    const result = reshapeSeries(existing, {
      oldPlanned, oldZone: NY, newPlanned, newZone: NY, anchor: { from: oldPlanned[0]!.startsAt, to: newPlanned[0]!.startsAt }, keepExceptions: true,
    });
    expect(result.removed).toEqual([]);
    expect(result.occurrences.map((o) => [o.id, local(o.originalStartsAt), local(o.startsAt), local(o.endsAt), o.status])).toEqual([
      [1, 'Thu 10-22 17:00', 'Thu 10-22 17:00', 'Thu 10-22 18:30', 'scheduled'],
      [2, 'Thu 10-29 17:00', 'Thu 10-29 17:00', 'Thu 10-29 18:30', 'cancelled'],
      [3, 'Thu 11-05 17:00', 'Fri 11-06 10:00', 'Fri 11-06 11:00', 'scheduled'],
      [4, 'Thu 11-12 17:00', 'Thu 11-12 17:00', 'Thu 11-12 18:30', 'scheduled'],
    ]);
  });

  it('shifts by whole local days when the series moves to another weekday, dropping dates that end', () => {
    const existing = stored(oldPlanned);
    existing[0] = { ...existing[0]!, status: 'cancelled' };
    const newPlanned = plan('FREQ=WEEKLY;COUNT=3', '2026-10-23T09:00', 60);
    const result = reshapeSeries(existing, {
      oldPlanned, oldZone: NY, newPlanned, newZone: NY, anchor: { from: oldPlanned[0]!.startsAt, to: newPlanned[0]!.startsAt }, keepExceptions: true,
    });
    expect(result.occurrences.map((o) => [o.id, local(o.startsAt), o.status])).toEqual([
      [1, 'Fri 10-23 09:00', 'cancelled'], [2, 'Fri 10-30 09:00', 'scheduled'], [3, 'Fri 11-06 09:00', 'scheduled'],
    ]);
    expect(result.removed).toEqual([4]);
  });

  it('adds new dates and matches by original start when only the rule changes', () => {
    const existing = stored(oldPlanned);
    existing[3] = moveTo(existing[3]!, '2026-11-12T18:00', 30);
    const newPlanned = plan('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6', '2026-10-22T16:00', 60);
    const result = reshapeSeries(existing, {
      oldPlanned, oldZone: NY, newPlanned, newZone: NY, anchor: { from: oldPlanned[0]!.startsAt, to: newPlanned[0]!.startsAt }, keepExceptions: true,
    });
    expect(result.occurrences.map((o) => [o.id, local(o.startsAt)])).toEqual([
      [1, 'Thu 10-22 16:00'], [null, 'Tue 10-27 16:00'], [2, 'Thu 10-29 16:00'], [null, 'Tue 11-03 16:00'], [3, 'Thu 11-05 16:00'], [null, 'Tue 11-10 16:00'],
    ]);
    expect(result.removed).toEqual([4]);
  });

  it('lets the change win where a kept moved time would overlap the series, or the organizer set that time', () => {
    const existing = stored(oldPlanned);
    existing[1] = moveTo(existing[1]!, '2026-11-05T09:00', 60); // moved onto the next week's Thursday morning
    // The series moves to 08:30 for two hours: the moved 10-29 occurrence would overlap 11-05 08:30–10:30.
    const newPlanned = plan('FREQ=WEEKLY;COUNT=4', '2026-10-22T08:30', 120);
    const change = { oldPlanned, oldZone: NY, newPlanned, newZone: NY, anchor: { from: oldPlanned[0]!.startsAt, to: newPlanned[0]!.startsAt }, keepExceptions: true };
    const result = reshapeSeries(existing, change);
    expect(result.occurrences.map((o) => local(o.startsAt))).toEqual(['Thu 10-22 08:30', 'Thu 10-29 08:30', 'Thu 11-05 08:30', 'Thu 11-12 08:30']);
    // Without the overlap it keeps its moved time; unless this change set that occurrence's time itself.
    existing[1] = moveTo(existing[1]!, '2026-10-30T18:00', 60);
    expect(reshapeSeries(existing, change).occurrences.map((o) => local(o.startsAt))).toEqual(['Thu 10-22 08:30', 'Fri 10-30 18:00', 'Thu 11-05 08:30', 'Thu 11-12 08:30']);
    const told = reshapeSeries(existing, { ...change, explicit: existing[1]!.originalStartsAt });
    expect(told.occurrences.map((o) => local(o.startsAt))).toEqual(['Thu 10-22 08:30', 'Thu 10-29 08:30', 'Thu 11-05 08:30', 'Thu 11-12 08:30']);
    // A one-off turned into a series has nothing to keep.
    const plain = reshapeSeries(existing.slice(1, 2), { ...change, keepExceptions: false, anchor: { from: existing[1]!.originalStartsAt, to: newPlanned[0]!.startsAt } });
    expect(plain.occurrences.map((o) => [o.id, local(o.startsAt)])).toEqual([[2, 'Thu 10-22 08:30'], [null, 'Thu 10-29 08:30'], [null, 'Thu 11-05 08:30'], [null, 'Thu 11-12 08:30']]);
  });

  it('keeps a local date when the zone changes under the same wall-clock time', () => {
    const existing = stored(oldPlanned);
    existing[1] = { ...existing[1]!, status: 'cancelled' };
    const start = DateTime.fromISO('2026-10-22T16:00', { zone: 'Asia/Shanghai' });
    const newPlanned = expandRule(parseRule('FREQ=WEEKLY;COUNT=4'), start, start.plus({ hours: 1 }), false).map((i) => ({ startsAt: utc(i.startsAt), endsAt: utc(i.endsAt) }));
    const result = reshapeSeries(existing, {
      oldPlanned, oldZone: NY, newPlanned, newZone: 'Asia/Shanghai', anchor: { from: oldPlanned[0]!.startsAt, to: newPlanned[0]!.startsAt }, keepExceptions: true,
    });
    expect(result.occurrences.map((o) => [o.id, o.status])).toEqual([[1, 'scheduled'], [2, 'cancelled'], [3, 'scheduled'], [4, 'scheduled']]);
    expect(result.removed).toEqual([]);
  });
});
