import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { activityBody, createResource, createUnit } from '../helpers/factories.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { refreshCalendarSubscriptions } from '../../src/imports/subscriptions.service.ts';
import { buildApp } from '../../src/app.ts';
import { createLogger } from '../../src/shared/logger.ts';
import type { PlansService } from '../../src/planner/plans.service.ts';
import request from 'supertest';

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
  /** 八年级1班's school timetable: lessons on Tuesdays 09:00–10:45 from 2 March 2027 (the hour moves on a change). */
  const hh = (h: number) => String(h).padStart(2, '0');
  const lessons = (hour: number) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//School//Timetable//EN',
    'BEGIN:VEVENT', 'UID:g8-1@school', 'DTSTAMP:20270101T000000Z', `DTSTART;TZID=Asia/Shanghai:20270302T${hh(hour)}0000`,
    `DTEND;TZID=Asia/Shanghai:20270302T${hh(hour + 1)}4500`, 'RRULE:FREQ=WEEKLY;COUNT=10', 'SUMMARY:Physics', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
  const classServed = { body: lessons(9), etag: '"c1"', notModified: 0 };
  let plans: PlansService;

  beforeAll(async () => {
    // The ICS server is on loopback, which the SSRF guard refuses by default (see the last test).
    t = await startTestApp({ clock, env: { CALENDAR_FETCH_ALLOW_PRIVATE: 'true' }, deps: { onPlans: (p) => { plans = p; } } });
    server = createServer((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/class.ics' }).end();
        return;
      }
      if (req.url === '/class.ics') {
        if (req.headers['if-none-match'] === classServed.etag) {
          classServed.notModified++;
          res.writeHead(304, { etag: classServed.etag }).end();
        } else res.writeHead(200, { 'content-type': 'text/calendar', etag: classServed.etag }).end(classServed.body);
        return;
      }
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
    expect(await refreshCalendarSubscriptions(t.db.pool, clock, { allowPrivate: true })).toEqual({ changed: 0, unchanged: 0, failed: 0 }); // fetched just now
    clock.set('2027-02-01T02:00:00Z');
    expect(await refreshCalendarSubscriptions(t.db.pool, clock, { allowPrivate: true })).toEqual({ changed: 0, unchanged: 1, failed: 0 });
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

  it("a class subscribed to its school timetable: booking it into a lesson is refused, the planner avoids it, a 304 keeps it, a change moves it", async () => {
    const school = (await createUnit(t.app, { kind: 'school' })).id;
    const csv = ['code,kind,grade,number,size,name_zh,name_en', 'g8-1,school_class,8,1,40,八年级1班,Grade 8 class 1'].join('\n');
    expect((await t.api.post('/api/v1/classes/import').send({ unitId: school, csv, apply: true })).body.applied).toBe(true);
    const cls: number = (await t.api.get(`/api/v1/classes?unitId=${school}`)).body.items[0].id;
    const created = await t.api.post('/api/v1/calendar-subscriptions').send({ classId: cls, name: 'School timetable', url: `${base}/moved` }); // a redirect, followed
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ classId: cls, resourceId: null, busyCount: 10, lastError: null });
    expect((await t.api.get(`/api/v1/calendar-subscriptions?classId=${cls}`)).body).toHaveLength(1);
    const classBusy = async () => (await t.db.pool.query<{ s: string }>(
      `SELECT to_json(lower(period))#>>'{}' AS s FROM class_calendar_entries WHERE class_id = $1 AND kind = 'blocked' AND subscription_id IS NOT NULL ORDER BY lower(period)`, [cls])).rows.map((r) => r.s);
    const periods = await classBusy();
    expect(periods[0]).toBe('2027-03-02T01:00:00+00:00');

    const lab = (await createResource(t.app, { unitId })).id;
    const activity = async (startsAt: string, endsAt: string): Promise<number> =>
      (await t.api.post('/api/v1/activities').send(activityBody(unitId, { startsAt, endsAt, status: 'confirmed', claims: [{ resourceId: lab, quantity: 1 }] }))).body.id;
    const inLesson = await activity('2027-03-09T09:30:00+08:00', '2027-03-09T10:30:00+08:00');
    const refused = await t.api.put(`/api/v1/activities/${inLesson}/classes`).send({ classIds: [cls] });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.code).toBe('class_busy');
    expect((await t.api.get(`/api/v1/activities/${inLesson}/classes`)).body.classIds).toEqual([]);
    const afternoon = await activity('2027-03-09T13:00:00+08:00', '2027-03-09T14:00:00+08:00');
    expect((await t.api.put(`/api/v1/activities/${afternoon}/classes`).send({ classIds: [cls] })).status).toBe(200);
    const moved = await t.api.patch(`/api/v1/activities/${afternoon}`).send({ startsAt: '2027-03-09T10:00:00+08:00', endsAt: '2027-03-09T11:00:00+08:00' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(409); // any path that writes the class booking
    expect(moved.body.code).toBe('class_busy');

    // A tiny term: one visit on Tuesday 16 or Wednesday 17 March between 09:00 and 11:00; lessons fill Tuesday until 10:45.
    const visit = { term: 'calsub-2027', organizerUnitId: school, kind: 'field_visit', title: { 'zh-CN': '实验室参观', en: 'Lab visit' }, classIds: [cls], count: 1,
      durationMinutes: 60, venueId: lab, window: { startsOn: '2027-03-16', endsOn: '2027-03-17', weekdays: ['tue', 'wed'], from: '09:00', to: '11:00' } };
    expect((await t.api.post('/api/v1/commitments').send(visit)).status).toBe(201);
    const planned = await t.api.post('/api/v1/plans').send({ term: 'calsub-2027', timeLimitSeconds: 10 });
    expect(planned.status, JSON.stringify(planned.body)).toBe(202);
    await plans.settled(planned.body.id);
    const plan = (await t.api.get(`/api/v1/plans/${planned.body.id}`)).body;
    expect(plan.result.items, JSON.stringify(plan.result)).toHaveLength(1);
    expect(Date.parse(plan.result.items[0].start)).toBeGreaterThanOrEqual(Date.parse('2027-03-17T09:00:00+08:00'));

    const refresh = () => t.api.post(`/api/v1/calendar-subscriptions/${created.body.id}/refresh`).send({});
    expect((await refresh()).body).toMatchObject({ busyCount: 10, lastError: null });
    expect(classServed.notModified).toBe(1);
    expect(await classBusy()).toEqual(periods);
    classServed.body = lessons(14);
    classServed.etag = '"c2"';
    expect((await refresh()).body).toMatchObject({ busyCount: 10, lastError: null });
    expect((await classBusy())[0]).toBe('2027-03-02T06:00:00+00:00');
    expect((await t.api.put(`/api/v1/activities/${inLesson}/classes`).send({ classIds: [cls] })).status).toBe(200);
  });

  it("refuses by default URLs that reach the server's own network (SSRF): 422 url_not_allowed naming body.url", async () => {
    const strict = buildApp({ config: { ...t.config, calendarFetchAllowPrivate: false }, pool: t.db.pool, log: createLogger('silent'), clock, feedChanges: t.feedChanges });
    const count = async () => (await t.db.pool.query('SELECT count(*)::int AS n FROM calendar_subscriptions')).rows[0].n;
    const before = await count();
    const requests = served.requests;
    const post = (url: string) => request(strict).post('/api/v1/calendar-subscriptions').set(t.admin).send({ resourceId: venue, name: 'Internal', url });
    for (const url of [`${base}/timetable.ics`, `http://localhost:${base.split(':')[2]}/timetable.ics`, 'http://[::1]/x.ics', 'http://[::ffff:127.0.0.1]/x.ics',
      'http://10.0.0.8/x.ics', 'http://172.16.4.1/x.ics', 'http://192.168.1.1/x.ics', 'http://169.254.169.254/latest/meta-data', 'http://0.0.0.0/x.ics', 'https://[fd00::1]/x.ics', 'http://[fe80::1]/x.ics']) {
      const res = await post(url);
      expect(res.status, url).toBe(422);
      expect(res.body, url).toMatchObject({ code: 'url_not_allowed', errors: [expect.objectContaining({ path: 'body.url' })] });
    }
    const ftp = await post('ftp://files.example.org/x.ics');
    expect(ftp.status).toBe(422);
    expect(ftp.body.errors[0].path).toBe('body.url');
    expect(await count()).toBe(before);
    expect(served.requests).toBe(requests); // nothing was fetched
  });
});
