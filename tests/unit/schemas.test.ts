import { describe, expect, it } from 'vitest';
import { inZone } from '../../src/shared/time.ts';
import { activityCreate } from '../../src/booking/activity.schema.ts';
import { decodeCursor, encodeCursor } from '../../src/activities/activities.present.ts';
import { openingHours } from '../../src/resources/resources.schema.ts';
import { singleLine } from '../../src/http/schemas.ts';
import { oneLine } from '../../src/shared/text.ts';

const base = {
  kind: 'summer_camp', title: { 'zh-CN': '夏令营', en: 'Camp' }, organizerUnitId: 1, timeZone: 'Asia/Shanghai',
};

describe('activity schema', () => {
  it('rejects an unknown zone, end before start and unknown fields', () => {
    const bad = activityCreate.safeParse({ ...base, timeZone: 'Mars/Olympus', startsAt: '2027-07-10T10:00:00+08:00', endsAt: '2027-07-10T09:00:00+08:00', colour: 'red' });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.') || i.code);
    expect(paths).toEqual(expect.arrayContaining(['timeZone']));
    expect(bad.error!.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });

  it('requires all-day activities to start and end at local midnight', () => {
    const ok = activityCreate.safeParse({ ...base, allDay: true, startsAt: '2027-07-10T00:00:00+08:00', endsAt: '2027-07-15T00:00:00+08:00' });
    expect(ok.success).toBe(true);
    const utcMidnight = activityCreate.safeParse({ ...base, allDay: true, startsAt: '2027-07-10T00:00:00Z', endsAt: '2027-07-15T00:00:00Z' });
    expect(utcMidnight.success).toBe(false);
  });

  it('accepts opening hours only as ordered HH:MM intervals on weekdays', () => {
    expect(openingHours.safeParse({ tue: [['09:00', '16:30']] }).success).toBe(true);
    expect(openingHours.safeParse({ tue: [['16:30', '09:00']] }).success).toBe(false);
    expect(openingHours.safeParse({ tuesday: [['09:00', '16:30']] }).success).toBe(false);
    expect(openingHours.safeParse({ tue: [['9:00', '16:30']] }).success).toBe(false);
  });
});

describe('presentation', () => {
  it('shows instants in the activity zone', () => {
    expect(inZone('2027-03-02T01:00:00Z', 'Asia/Shanghai')).toBe('2027-03-02T09:00:00+08:00');
    expect(inZone('2027-03-15T20:00:00Z', 'America/New_York')).toBe('2027-03-15T16:00:00-04:00');
  });

  it('round-trips cursors and rejects forged ones', () => {
    const cursor = encodeCursor({ startsAt: '2027-03-02T01:00:00Z', id: 42 });
    expect(decodeCursor(cursor)).toEqual({ startsAt: '2027-03-02T01:00:00Z', id: 42 });
    expect(decodeCursor('bm9wZQ')).toBeUndefined();
  });
});

describe('single-line text (names, titles, subjects)', () => {
  it('refuses every control character and line/paragraph separator, keeps ideographic spaces and joiners', () => {
    const name = singleLine(200);
    for (const bad of ['\u0000', '\t', '\n', '\u001b', '\u007f', '\u0080', '\u0085', '\u009f', '\u2028', '\u2029']) {
      expect(name.safeParse(`李${bad}华`).success, JSON.stringify(bad)).toBe(false);
      expect(oneLine(`李${bad}华`)).toBe('李 华');
    }
    for (const good of ['李华', '欧阳\u3000娜娜', 'Zoë O’Neil', '👩\u200d🔬 Ada']) expect(name.parse(` ${good} `)).toBe(good);
  });
});
