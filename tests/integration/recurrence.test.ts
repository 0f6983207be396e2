import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityEvents, type ActivityChange } from '../../src/shared/activity-events.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { activityBody, createActivity, createResource, createUnit } from '../helpers/factories.ts';
import { createFeed, fetchFeed, textOf } from '../helpers/feeds.ts';
import { parseStrictly, parseWithPython } from '../helpers/ical-parsers.ts';

let t: TestContext;
let unitId: number;
const changes: ActivityChange[] = [];
beforeAll(async () => {
  const events = new ActivityEvents();
  events.on(async (_db, change) => {
    changes.push(change);
  });
  t = await startTestApp({ deps: { events } });
  unitId = (await createUnit(t.app)).id;
});
afterAll(() => t.close());

async function occurrences(activityId: number): Promise<{ id: number; startsAt: string; endsAt: string; status: string; originalStartsAt: string }[]> {
  const res = await t.api.get(`/api/v1/activities/${activityId}/occurrences`);
  expect(res.status).toBe(200);
  return res.body.items;
}

const weekly = (overrides: Record<string, unknown> = {}) => ({
  kind: 'club_session', status: 'confirmed', startsAt: '2026-10-29T16:00:00-04:00', endsAt: '2026-10-29T17:30:00-04:00',
  timeZone: 'America/New_York', recurrenceRule: 'FREQ=WEEKLY;COUNT=4', ...overrides,
});

describe('recurring activities', () => {
  it('stores one occurrence per recurrence at the same local time across the DST change', async () => {
    const activity = await createActivity(t.app, unitId, weekly());
    expect(activity).toMatchObject({ recurrenceRule: 'FREQ=WEEKLY;COUNT=4' });
    const items = await occurrences(activity.id);
    expect(items.map((o) => o.startsAt)).toEqual([
      '2026-10-29T16:00:00-04:00', '2026-11-05T16:00:00-05:00', '2026-11-12T16:00:00-05:00', '2026-11-19T16:00:00-05:00',
    ]);
    expect(items.every((o) => o.endsAt.slice(11, 16) === '17:30' && o.status === 'scheduled')).toBe(true);
  });

  it('checks conflicts per occurrence and names the one that clashes', async () => {
    const venue = await createResource(t.app, { unitId });
    const blocker = await createActivity(t.app, unitId, { status: 'confirmed', venueId: venue.id, startsAt: '2027-03-18T16:30:00+08:00', endsAt: '2027-03-18T17:00:00+08:00' });
    const before = await tableCounts(t.db.pool);
    const res = await t.api.post('/api/v1/activities').send(activityBody(unitId, {
      status: 'confirmed', venueId: venue.id, startsAt: '2027-03-04T16:00:00+08:00', endsAt: '2027-03-04T17:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=5',
    }));
    expect(res.status).toBe(409);
    expect(res.body.conflicts).toHaveLength(1);
    expect(res.body.conflicts[0]).toMatchObject({ resourceId: venue.id, period: { startsAt: '2027-03-18T08:00:00+00:00' }, holders: [{ activityId: blocker.id }] });
    expect(await tableCounts(t.db.pool)).toEqual(before);

    // Cancel the clashing occurrence of a series booked as a draft, then confirm the series.
    const series = await createActivity(t.app, unitId, { status: 'draft', venueId: venue.id, startsAt: '2027-03-04T16:00:00+08:00', endsAt: '2027-03-04T17:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=5' });
    const third = (await occurrences(series.id))[2]!;
    changes.length = 0;
    const cancelled = await t.api.patch(`/api/v1/activities/${series.id}/occurrences/${third.id}`).send({ status: 'cancelled' });
    expect(cancelled.status).toBe(200);
    expect(changes).toContainEqual({ type: 'occurrences_changed', activityId: series.id, occurrenceIds: [third.id] });
    expect((await t.api.patch(`/api/v1/activities/${series.id}`).send({ status: 'confirmed' })).status).toBe(200);
    // Restoring it now clashes; moving it an hour later fits. The others are untouched.
    const restore = await t.api.patch(`/api/v1/activities/${series.id}/occurrences/${third.id}`).send({ status: 'scheduled' });
    expect(restore.body.code).toBe('resource_conflict');
    const moved = await t.api.patch(`/api/v1/activities/${series.id}/occurrences/${third.id}`).send({ status: 'scheduled', startsAt: '2027-03-18T17:00:00+08:00' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ startsAt: '2027-03-18T17:00:00+08:00', endsAt: '2027-03-18T18:30:00+08:00', originalStartsAt: '2027-03-18T16:00:00+08:00' });
    const after = await occurrences(series.id);
    expect(after.map((o) => o.startsAt.slice(0, 16))).toEqual(['2027-03-04T16:00', '2027-03-11T16:00', '2027-03-18T17:00', '2027-03-25T16:00', '2027-04-01T16:00']);
    expect((await t.api.get(`/api/v1/activities/${series.id}`)).body.sequence).toBeGreaterThan(series.sequence);
  });

  it('splits "this and following" into a new series with the change', async () => {
    const series = await createActivity(t.app, unitId, weekly({ timeZone: 'Asia/Shanghai', startsAt: '2027-05-06T16:00:00+08:00', endsAt: '2027-05-06T17:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=6' }));
    const items = await occurrences(series.id);
    changes.length = 0;
    const res = await t.api.post(`/api/v1/activities/${series.id}/split`).send({
      occurrenceId: items[2]!.id, startsAt: '2027-05-20T15:00:00+08:00', endsAt: '2027-05-20T16:00:00+08:00', title: { 'zh-CN': '新时间', en: 'New time' },
    });
    expect(res.status).toBe(201);
    expect(res.body.original.recurrenceRule).toBe('FREQ=WEEKLY;UNTIL=20270520T075959Z');
    expect(res.body.following).toMatchObject({ recurrenceRule: 'FREQ=WEEKLY;COUNT=4', title: { en: 'New time' }, startsAt: '2027-05-20T15:00:00+08:00' });
    expect((await occurrences(series.id)).map((o) => o.startsAt)).toEqual(['2027-05-06T16:00:00+08:00', '2027-05-13T16:00:00+08:00']);
    expect((await occurrences(res.body.following.id)).map((o) => o.startsAt.slice(5, 16))).toEqual(['05-20T15:00', '05-27T15:00', '06-03T15:00', '06-10T15:00']);
    expect(changes).toContainEqual({ type: 'occurrences_changed', activityId: series.id, occurrenceIds: items.slice(2).map((o) => o.id) });
    expect(changes).toContainEqual({ type: 'created', activityId: res.body.following.id });
    const first = await t.api.post(`/api/v1/activities/${series.id}/split`).send({ occurrenceId: items[0]!.id });
    expect(first.status).toBe(422);
  });

  it('re-expands a series whose rule changes, keeping exceptions still in it', async () => {
    const series = await createActivity(t.app, unitId, weekly({ recurrenceRule: 'FREQ=WEEKLY;COUNT=3', startsAt: '2027-06-03T16:00:00-04:00', endsAt: '2027-06-03T17:00:00-04:00' }));
    const [, second] = await occurrences(series.id);
    await t.api.patch(`/api/v1/activities/${series.id}/occurrences/${second!.id}`).send({ status: 'cancelled' });
    changes.length = 0;
    const res = await t.api.patch(`/api/v1/activities/${series.id}`).send({ recurrenceRule: 'FREQ=WEEKLY;COUNT=5' });
    expect(res.status).toBe(200);
    const items = await occurrences(series.id);
    expect(items.map((o) => o.status)).toEqual(['scheduled', 'cancelled', 'scheduled', 'scheduled', 'scheduled']);
    expect(changes.find((c) => c.type === 'occurrences_changed')).toMatchObject({ occurrenceIds: items.slice(3).map((o) => o.id) });
  });

  it('refuses rules past the limits, and bad rules, changing nothing', async () => {
    const before = await tableCounts(t.db.pool);
    const long = await t.api.post('/api/v1/activities').send(activityBody(unitId, { recurrenceRule: 'FREQ=DAILY;COUNT=600' }));
    expect(long.status).toBe(422);
    expect(long.body.code).toBe('recurrence_limit_exceeded');
    const far = await t.api.post('/api/v1/activities').send(activityBody(unitId, { recurrenceRule: 'FREQ=MONTHLY;UNTIL=20300101' }));
    expect(far.body.code).toBe('recurrence_limit_exceeded');
    const bad = await t.api.post('/api/v1/activities').send(activityBody(unitId, { recurrenceRule: 'FREQ=HOURLY;COUNT=3' }));
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('body.recurrenceRule');
    const offRule = await t.api.post('/api/v1/activities').send(activityBody(unitId, { recurrenceRule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3' }));
    expect(offRule.body.errors[0].path).toBe('body.startsAt');
    const oneOff = await createActivity(t.app, unitId);
    const occ = (await occurrences(oneOff.id))[0]!;
    expect((await t.api.patch(`/api/v1/activities/${oneOff.id}/occurrences/${occ.id}`).send({ status: 'cancelled' })).body.code).toBe('not_recurring');
    expect(await tableCounts(t.db.pool)).toEqual({ ...before, activities: before.activities! + 1, occurrences: before.occurrences! + 1, audit_log: before.audit_log! + 1 });
  });
});

describe('feeds expand a series to exactly the stored occurrences', () => {
  // Each case: the series, then the occurrence edits made before the feed is read.
  const NY = 'America/New_York';
  const SH = 'Asia/Shanghai';
  const series = (timeZone: string, startsAt: string, endsAt: string, recurrenceRule: string, allDay = false) =>
    ({ kind: 'club_session', status: 'confirmed', timeZone, startsAt, endsAt, recurrenceRule, allDay });
  const cases = [
    series(NY, '2027-03-08T16:00:00-05:00', '2027-03-08T17:30:00-05:00', 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6'),
    series(SH, '2027-01-31T09:00:00+08:00', '2027-01-31T10:00:00+08:00', 'FREQ=MONTHLY;COUNT=4'),
    series(SH, '2027-01-29T14:00:00+08:00', '2027-01-29T16:00:00+08:00', 'FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270701'),
    series(NY, '2027-03-02T16:00:00-05:00', '2027-03-02T17:00:00-05:00', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270430'),
    series(NY, '2027-03-09T16:00:00-05:00', '2027-03-09T17:00:00-05:00', 'FREQ=DAILY;INTERVAL=2;UNTIL=20270319T200000Z'),
    series(SH, '2027-04-05T00:00:00+08:00', '2027-04-07T00:00:00+08:00', 'FREQ=WEEKLY;COUNT=3', true),
  ];

  it('for WEEKLY with BYDAY, MONTHLY, INTERVAL, COUNT and UNTIL, across New York\'s DST change, with exceptions', async () => {
    const unit = (await createUnit(t.app)).id;
    const ids: number[] = [];
    for (const body of cases) ids.push((await createActivity(t.app, unit, body)).id);
    // A series with a cancelled and a moved occurrence, then moved an hour later as a whole.
    const edited = (await createActivity(t.app, unit, series(NY, '2027-03-04T16:00:00-05:00', '2027-03-04T17:00:00-05:00', 'FREQ=WEEKLY;COUNT=4'))).id;
    const [, second, third] = await occurrences(edited);
    await t.api.patch(`/api/v1/activities/${edited}/occurrences/${second!.id}`).send({ status: 'cancelled' });
    await t.api.patch(`/api/v1/activities/${edited}/occurrences/${third!.id}`).send({ startsAt: '2027-03-19T10:00:00-04:00' });
    expect((await t.api.patch(`/api/v1/activities/${edited}`).send({ startsAt: '2027-03-04T17:00:00-05:00', endsAt: '2027-03-04T18:00:00-05:00' })).status).toBe(200);
    ids.push(edited);

    const feed = await createFeed(t.app, { type: 'unit', unitId: unit });
    const res = await fetchFeed(t.app, feed.token);
    expect(res.status).toBe(200);
    const parsed = parseStrictly(textOf(res)); // ical.js and python3-icalendar must agree too
    for (const [index, id] of ids.entries()) {
      const allDay = index === cases.length - 1;
      const stored = (await occurrences(id)).filter((o) => o.status === 'scheduled').map((o) => (allDay ? o.startsAt.slice(0, 10) : o.startsAt));
      const master = parsed.events.find((e) => e.uid === `activity-${id}@orrery.test` && e.recurrenceId === null);
      expect(master?.instances, `${id}: ${master?.rrule}`).toEqual(stored);
    }
    // Spot checks that the cases say what they claim: skipped months, the DST change.
    expect((await occurrences(ids[1]!)).map((o) => o.startsAt.slice(0, 10))).toEqual(['2027-01-31', '2027-03-31', '2027-05-31', '2027-07-31']);
    expect((await occurrences(ids[0]!)).map((o) => o.startsAt.slice(5, 25))).toContain('03-15T16:00:00-04:00');
  });

  it('puts a local time that the spring change skips where RFC 5545 says (the offset before the gap)', async () => {
    const unit = (await createUnit(t.app)).id;
    const { id } = await createActivity(t.app, unit, series(NY, '2027-03-13T02:30:00-05:00', '2027-03-13T03:00:00-05:00', 'FREQ=DAILY;COUNT=3'));
    const stored = (await occurrences(id)).map((o) => o.startsAt);
    // 02:30 does not exist on 14 March: 02:30 EST is 03:30 EDT.
    expect(stored).toEqual(['2027-03-13T02:30:00-05:00', '2027-03-14T03:30:00-04:00', '2027-03-15T02:30:00-04:00']);
    const feed = await createFeed(t.app, { type: 'unit', unitId: unit });
    const parsed = parseWithPython(textOf(await fetchFeed(t.app, feed.token)));
    // python3-icalendar agrees on the instants (it writes the gap time as 02:30-05:00). ical.js 2 places it
    // an hour earlier (02:30-04:00, i.e. 01:30 EST), against §3.3.5, so it is not asked here.
    expect(parsed.events[0]!.instances!.map(Date.parse)).toEqual(stored.map(Date.parse));
  });

  it('refuses a first occurrence the rule does not produce, on create, edit and split alike', async () => {
    const thursday = await createActivity(t.app, unitId, series(SH, '2027-05-06T16:00:00+08:00', '2027-05-06T17:00:00+08:00', 'FREQ=WEEKLY;COUNT=4'));
    const items = await occurrences(thursday.id);
    const before = await tableCounts(t.db.pool);
    const edit = await t.api.patch(`/api/v1/activities/${thursday.id}`).send({ recurrenceRule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4' });
    expect(edit.status).toBe(422);
    expect(edit.body.errors[0].path).toBe('body.startsAt');
    const split = await t.api.post(`/api/v1/activities/${thursday.id}/split`).send({ occurrenceId: items[2]!.id, startsAt: '2027-05-21T16:00:00+08:00', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=2' });
    expect(split.status).toBe(422);
    expect(split.body.errors[0].path).toBe('body.startsAt');
    expect(await tableCounts(t.db.pool)).toEqual(before);
    expect(await occurrences(thursday.id)).toEqual(items);
  });
});
