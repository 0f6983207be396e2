import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { activityBody, createResource, createUnit } from '../helpers/factories.ts';

let t: TestContext;
let school: number;
let museum: number;
let auditorium: number;
let hall: number;
const day = (from: string, to: string) => [[from, to]];
beforeAll(async () => {
  t = await startTestApp();
  school = (await createUnit(t.app, { kind: 'school' })).id;
  museum = (await createUnit(t.app)).id;
  const weekdays = { mon: day('07:30', '21:00'), tue: day('07:30', '21:00'), wed: day('07:30', '21:00'), thu: day('07:30', '21:00'), fri: day('07:30', '21:00') };
  auditorium = (await createResource(t.app, { unitId: school, openingHours: weekdays })).id;
  const closedMondays = { tue: day('09:00', '17:00'), wed: day('09:00', '17:00'), thu: day('09:00', '17:00'), fri: day('09:00', '17:00'), sat: day('09:00', '17:00'), sun: day('09:00', '17:00') };
  hall = (await createResource(t.app, { unitId: museum, openingHours: closedMondays })).id;
  const entries = [
    { kind: 'holiday', unitId: school, name: { 'zh-CN': '国庆节', en: 'National Day' }, startsOn: '2027-10-01', endsOn: '2027-10-07' },
    { kind: 'makeup_workday', unitId: school, name: { 'zh-CN': '调休上班', en: 'Make-up working day' }, startsOn: '2027-10-09', endsOn: '2027-10-09', asWeekday: 'mon' },
    { kind: 'exam_week', unitId: school, name: { 'zh-CN': '期中考试', en: 'Mid-term exams' }, startsOn: '2027-11-08', endsOn: '2027-11-12' },
    { kind: 'term', unitId: school, name: { 'zh-CN': '秋季学期', en: 'Autumn term' }, startsOn: '2027-09-01', endsOn: '2028-01-20' },
  ];
  for (const entry of entries) expect((await t.api.post('/api/v1/calendar-entries').send(entry)).status).toBe(201);
});
afterAll(() => t.close());

const book = (organizer: number, startsAt: string, endsAt: string, overrides: Record<string, unknown> = {}) =>
  t.api.post('/api/v1/activities').send(activityBody(organizer, { status: 'confirmed', startsAt, endsAt, ...overrides }));

describe('calendars that block time', () => {
  it('refuses a school activity on a holiday or in exam week, with the reason; terms do not block', async () => {
    const before = await tableCounts(t.db.pool);
    const holiday = await book(school, '2027-10-03T10:00:00+08:00', '2027-10-03T11:00:00+08:00');
    expect(holiday.status).toBe(409);
    expect(holiday.body.code).toBe('calendar_blocked');
    expect(holiday.body.detail).toContain('National Day');
    expect(holiday.body.blocks[0]).toMatchObject({ kind: 'holiday', unitId: school, reason: { 'zh-CN': '国庆节', en: 'National Day' } });
    const exams = await book(school, '2027-11-10T10:00:00+08:00', '2027-11-10T11:00:00+08:00', { venueId: auditorium });
    expect(exams.body.blocks.map((b: { kind: string }) => b.kind)).toEqual(['exam_week']);
    expect(await tableCounts(t.db.pool)).toEqual(before);
    expect((await book(school, '2027-10-08T10:00:00+08:00', '2027-10-08T11:00:00+08:00')).status).toBe(201);
    // The museum is not on the school's calendar.
    expect((await book(museum, '2027-10-03T10:00:00+08:00', '2027-10-03T11:00:00+08:00', { venueId: hall })).status).toBe(201);
  });

  it('applies opening hours: museum closed on Mondays, a make-up working day opens a Saturday', async () => {
    const monday = await book(museum, '2027-10-18T10:00:00+08:00', '2027-10-18T11:00:00+08:00', { venueId: hall });
    expect(monday.body.blocks).toEqual([expect.objectContaining({ kind: 'opening_hours', resourceId: hall })]);
    expect((await book(museum, '2027-10-19T16:30:00+08:00', '2027-10-19T17:30:00+08:00', { venueId: hall })).body.code).toBe('calendar_blocked');
    expect((await book(museum, '2027-10-19T16:00:00+08:00', '2027-10-19T17:00:00+08:00', { venueId: hall })).status).toBe(201);
    expect((await book(school, '2027-10-09T08:00:00+08:00', '2027-10-09T09:00:00+08:00', { venueId: auditorium })).status).toBe(201);
    expect((await book(school, '2027-10-16T08:00:00+08:00', '2027-10-16T09:00:00+08:00', { venueId: auditorium })).body.code).toBe('calendar_blocked');
  });

  it('blocks a resource in maintenance, and lets drafts and an override with a reason through (audited)', async () => {
    const telescopes = await createResource(t.app, { unitId: museum, kind: 'equipment', quantity: 5 });
    const entry = await t.api.post('/api/v1/calendar-entries').send({
      kind: 'maintenance', resourceId: telescopes.id, name: { 'zh-CN': '望远镜维护', en: 'Telescope servicing' },
      startsAt: '2027-12-01T14:00:00+08:00', endsAt: '2027-12-01T18:00:00+08:00',
    });
    expect(entry.body).toMatchObject({ allDay: false, startsAt: '2027-12-01T14:00:00+08:00', resourceId: telescopes.id });
    const claims = [{ resourceId: telescopes.id, quantity: 1 }];
    expect((await book(school, '2027-12-01T17:00:00+08:00', '2027-12-01T19:00:00+08:00', { claims })).body.blocks[0].kind).toBe('maintenance');
    expect((await book(school, '2027-12-01T18:00:00+08:00', '2027-12-01T19:00:00+08:00', { claims })).status).toBe(201);
    expect((await book(school, '2027-12-01T15:00:00+08:00', '2027-12-01T16:00:00+08:00', { claims, status: 'draft' })).status).toBe(201);
    const forced = await book(school, '2027-12-01T15:00:00+08:00', '2027-12-01T16:00:00+08:00', { claims, override: { reason: 'the servicing was postponed' } });
    expect(forced.status).toBe(201);
    const audit = await t.api.get(`/api/v1/audit?entity=activity&entityId=${forced.body.id}`);
    expect(audit.body.items[0].reason).toBe('calendar override (maintenance: Telescope servicing): the servicing was postponed');
    expect((await t.api.delete(`/api/v1/calendar-entries/${entry.body.id}`)).status).toBe(204);
    expect((await book(school, '2027-12-01T14:00:00+08:00', '2027-12-01T15:00:00+08:00', { claims })).status).toBe(201);
  });

  it('lists entries by unit, kind and period', async () => {
    const res = await t.api.get(`/api/v1/calendar-entries?unitId=${school}&from=2027-10-01T00:00:00Z&to=2027-10-31T00:00:00Z`);
    expect(res.body.items.map((e: { kind: string }) => e.kind)).toEqual(['holiday', 'makeup_workday', 'term']);
    expect(res.body.items[0]).toMatchObject({ startsAt: '2027-10-01T00:00:00+08:00', endsAt: '2027-10-08T00:00:00+08:00', allDay: true, timeZone: 'Asia/Shanghai' });
    expect((await t.api.get('/api/v1/calendar-entries?kind=exam_week')).body.items).toHaveLength(1);
  });

  const bad: [string, Record<string, unknown>][] = [
    ['days and instants at once', { kind: 'holiday', name: { 'zh-CN': '假', en: 'Off' }, startsOn: '2027-10-01', endsOn: '2027-10-02', startsAt: '2027-10-01T00:00:00Z', endsAt: '2027-10-02T00:00:00Z' }],
    ['end before start', { kind: 'holiday', name: { 'zh-CN': '假', en: 'Off' }, startsOn: '2027-10-03', endsOn: '2027-10-02' }],
    ['a make-up day without its weekday', { kind: 'makeup_workday', name: { 'zh-CN': '班', en: 'Work' }, startsOn: '2027-10-09', endsOn: '2027-10-09' }],
    ['an unknown unit', { kind: 'closure', unitId: 987654, name: { 'zh-CN': '闭', en: 'Closed' }, startsOn: '2027-10-09', endsOn: '2027-10-09' }],
    ['an unknown kind', { kind: 'party', name: { 'zh-CN': '闭', en: 'Closed' }, startsOn: '2027-10-09', endsOn: '2027-10-09' }],
  ];
  it.each(bad)('refuses %s with 422, changing nothing', async (_name, body) => {
    const before = await tableCounts(t.db.pool);
    const res = await t.api.post('/api/v1/calendar-entries').send(body);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('validation_failed');
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });
});
