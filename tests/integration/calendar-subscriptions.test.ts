import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { activityBody, createResource, createUnit } from '../helpers/factories.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { refreshCalendarSubscriptions } from '../../src/imports/subscriptions.service.ts';

/** A school timetable served on loopback with an ETag, subscribed as a venue's busy time. */
const timetable = (summary: string, hour: string) => [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//School//Timetable//EN',
  'BEGIN:VEVENT', 'UID:lab@school', 'DTSTAMP:20270101T000000Z',
  `DTSTART;TZID=Asia/Shanghai:20270301T${hour}0000`, `DTEND;TZID=Asia/Shanghai:20270301T${hour}4500`,
  'RRULE:FREQ=WEEKLY;COUNT=10', 'EXDATE;TZID=Asia/Shanghai:20270308T' + hour + '0000', `SUMMARY:${summary}`, 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:free@school', 'DTSTAMP:20270101T000000Z', 'DTSTART:20270302T010000Z', 'DTEND:20270302T020000Z', 'TRANSP:TRANSPARENT', 'SUMMARY:Free', 'END:VEVENT',
  'END:VCALENDAR', ''].join('\r\n');

describe('external calendars as busy time', () => {
  let t: TestContext;
  let server: Server;
  let base: string;
  let unitId: number;
  let venue: number;
  const clock = new FixedClock('2027-02-01T00:00:00Z');
  const served = { body: timetable('Chemistry lab', '08'), etag: '"v1"', requests: 0, notModified: 0 };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    server = createServer((req, res) => {
      served.requests++;
      if (req.headers['if-none-match'] === served.etag) {
        served.notModified++;
        res.writeHead(304, { etag: served.etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/calendar', etag: served.etag }).end(served.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    unitId = (await createUnit(t.app)).id;
    venue = (await createResource(t.app, { unitId })).id;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const busy = async () => (await t.db.pool.query<{ s: string }>(
    `SELECT to_json(lower(period))#>>'{}' AS s FROM calendar_entries WHERE resource_id = $1 AND subscription_id IS NOT NULL ORDER BY lower(period)`, [venue])).rows.map((r) => r.s);
  const book = (startsAt: string, endsAt: string) => t.api.post('/api/v1/activities').send(activityBody(unitId, { startsAt, endsAt, status: 'confirmed', claims: [{ resourceId: venue, quantity: 1 }] }));

  it('imports a URL as blocking busy time, refuses bookings in it, and refreshes with a 304 when unchanged', async () => {
    const created = await t.api.post('/api/v1/calendar-subscriptions').send({ resourceId: venue, name: 'School timetable', url: `${base}/timetable.ics` });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ busyCount: 9, lastError: null });
    const periods = await busy();
    expect(periods[0]).toBe('2027-03-01T00:00:00+00:00');
    expect(periods).not.toContain('2027-03-08T00:00:00+00:00');

    const refused = await book('2027-03-15T08:30:00+08:00', '2027-03-15T09:30:00+08:00');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('calendar_blocked');
    expect((await book('2027-03-15T10:00:00+08:00', '2027-03-15T11:00:00+08:00')).status).toBe(201);
    const search = await t.api.post('/api/v1/availability/search').send({ durationMinutes: 60, from: '2027-03-15', to: '2027-03-15', timeZone: 'Asia/Shanghai', hours: { from: '08:00', to: '10:00' }, resources: [{ resourceId: venue, quantity: 1 }] });
    expect(search.status, JSON.stringify(search.body)).toBe(200);
    const starts = search.body.slots.map((s: { startsAt: string }) => Date.parse(s.startsAt));
    expect(starts.length).toBeGreaterThan(0);
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(Date.parse('2027-03-15T08:45:00+08:00'));

    const requests = served.requests;
    expect(await refreshCalendarSubscriptions(t.db.pool, clock)).toEqual({ changed: 0, unchanged: 0, failed: 0 }); // fetched just now
    clock.set('2027-02-01T02:00:00Z');
    expect(await refreshCalendarSubscriptions(t.db.pool, clock)).toEqual({ changed: 0, unchanged: 1, failed: 0 });
    expect(served.requests).toBe(requests + 1);
    expect(served.notModified).toBe(1);
    expect(await busy()).toEqual(periods);

    served.body = timetable('Chemistry lab', '14');
    served.etag = '"v2"';
    const refreshed = await t.api.post(`/api/v1/calendar-subscriptions/${created.body.id}/refresh`).send({});
    expect(refreshed.body).toMatchObject({ busyCount: 9, lastError: null });
    expect((await busy())[0]).toBe('2027-03-01T06:00:00+00:00');
    expect((await book('2027-03-15T08:30:00+08:00', '2027-03-15T09:30:00+08:00')).status).toBe(201);

    expect((await t.api.get(`/api/v1/calendar-subscriptions?resourceId=${venue}`)).body).toHaveLength(1);
    expect((await t.api.delete(`/api/v1/calendar-subscriptions/${created.body.id}`)).status).toBe(204);
    expect(await busy()).toEqual([]);
  });

  it('reads an uploaded file once, rejects what is not iCalendar, and records an unreachable URL', async () => {
    const uploaded = await t.api.post('/api/v1/calendar-subscriptions').send({ resourceId: venue, name: 'Exams', ics: timetable('Exam', '10') });
    expect(uploaded.body).toMatchObject({ url: null, busyCount: 9 });
    const before = (await t.db.pool.query('SELECT count(*)::int AS n FROM calendar_subscriptions')).rows[0].n;
    const bad = await t.api.post('/api/v1/calendar-subscriptions').send({ resourceId: venue, name: 'Bad', ics: 'not a calendar' });
    expect(bad.status).toBe(422);
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM calendar_subscriptions')).rows[0].n).toBe(before);
    const pool = (await createResource(t.app, { unitId, kind: 'equipment', quantity: 3 })).id;
    expect((await t.api.post('/api/v1/calendar-subscriptions').send({ resourceId: pool, name: 'X', ics: timetable('X', '10') })).status).toBe(422);
    const down = await t.api.post('/api/v1/calendar-subscriptions').send({ resourceId: venue, name: 'Down', url: `${base.replace(/:\d+$/, ':9')}/x.ics` });
    expect(down.status).toBe(201);
    expect(down.body.lastError).toBeTruthy();
  });
});
