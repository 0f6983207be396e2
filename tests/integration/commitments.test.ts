import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { createResource, createUnit } from '../helpers/factories.ts';

let t: TestContext;
let school: number;
let museum: number;
let hall: number;
let guide: number;
let telescopes: number;
let g71: number;
beforeAll(async () => {
  t = await startTestApp();
  school = (await createUnit(t.app, { kind: 'school' })).id;
  museum = (await createUnit(t.app)).id;
  hall = (await createResource(t.app, { unitId: museum })).id;
  guide = (await createResource(t.app, { unitId: museum, kind: 'staff' })).id;
  telescopes = (await createResource(t.app, { unitId: museum, kind: 'equipment', quantity: 5 })).id;
  g71 = (await t.api.post('/api/v1/classes').send({ unitId: school, kind: 'school_class', code: 'g7-1', grade: 7, number: 1, size: 40, name: { 'zh-CN': '七年级1班', en: 'Grade 7 class 1' } })).body.id;
});
afterAll(() => t.close());

const visits = (overrides: Record<string, unknown> = {}) => ({
  term: 'spring-2027', organizerUnitId: school, kind: 'field_visit', title: { 'zh-CN': '博物馆参观', en: 'Museum visit' },
  classIds: [g71], count: 2, durationMinutes: 180, venueId: hall,
  needs: [{ staffOfUnit: museum }, { resourceId: telescopes, quantity: 2 }],
  window: { startsOn: '2027-03-01', endsOn: '2027-06-30', weekdays: ['tue', 'wed', 'thu'], from: '09:00', to: '12:00' },
  spacing: { minGapDays: 28 }, preferences: { spreadEvenly: 2, sameWeekday: 1 },
  ...overrides,
});

describe('commitments', () => {
  it('stores a commitment with its defaults, lists it by term, replaces and removes it', async () => {
    const made = await t.api.post('/api/v1/commitments').send(visits());
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ term: 'spring-2027', perClass: true, status: 'confirmed', timeZone: 'Asia/Shanghai', spacing: { minGapDays: 28, notSameDayAsOtherActivity: false } });
    expect(made.body.needs[0]).toEqual({ staffOfUnit: museum, quantity: 1, setupMinutes: 0, teardownMinutes: 0 });
    expect((await t.api.get('/api/v1/commitments?term=spring-2027')).body.map((c: { id: number }) => c.id)).toEqual([made.body.id]);
    const replaced = await t.api.put(`/api/v1/commitments/${made.body.id}`).send(visits({ count: 3 }));
    expect(replaced.body.count).toBe(3);
    expect((await t.api.delete(`/api/v1/commitments/${made.body.id}`)).status).toBe(204);
    expect((await t.api.get(`/api/v1/commitments/${made.body.id}`)).status).toBe(404);
  });

  it.each([
    ['a duration longer than the daily window', { durationMinutes: 240 }, 'body.durationMinutes', 'do not fit the daily window 09:00–12:00'],
    ['an empty window (no allowed weekday in its dates)', { window: { startsOn: '2027-03-01', endsOn: '2027-03-01', weekdays: ['tue'], from: '09:00', to: '12:00' } }, 'body.window.weekdays', 'no tue between'],
    ['a window that ends before it starts', { window: { startsOn: '2027-03-02', endsOn: '2027-03-01' } }, 'body.window.endsOn', 'on or after'],
    ['a spacing that cannot fit', { count: 6, spacing: { minGapDays: 28 } }, 'body.spacing.minGapDays', 'do not fit'],
    ['neither count nor cadence', { count: undefined }, 'body.count', 'count or cadence'],
    ['an impossible all-day length', { durationMinutes: undefined, allDayDays: 200 }, 'body.allDayDays', 'Too big'],
  ])('refuses %s with the field', async (_name, overrides, path, message) => {
    const before = await tableCounts(t.db.pool);
    const res = await t.api.post('/api/v1/commitments').send(visits(overrides));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('validation_failed');
    const issue = res.body.errors.find((e: { path: string }) => e.path === path);
    expect(issue, JSON.stringify(res.body.errors)).toBeDefined();
    expect(issue.message.toLowerCase()).toContain(message.toLowerCase());
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });

  it('refuses unknown classes and resources, a venue that is not a venue and more than a pool holds', async () => {
    const res = await t.api.post('/api/v1/commitments').send(visits({
      classIds: [g71, 999999], venueId: guide,
      needs: [{ resourceId: 888888 }, { resourceId: telescopes, quantity: 6 }, { anyOf: [guide, 777777] }, { staffOfUnit: school }],
    }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { path: 'body.classIds.1', message: 'class 999999 does not exist' },
      { path: 'body.venueId', message: `resource ${guide} is not a venue` },
      { path: 'body.needs.0.resourceId', message: 'resource 888888 does not exist' },
      { path: 'body.needs.1.quantity', message: 'the pool holds 5; 6 needed' },
      { path: 'body.needs.2.anyOf.1', message: 'resource 777777 does not exist' },
      { path: 'body.needs.3.staffOfUnit', message: `unit ${school} has no staff` },
    ]);
  });

  it('is in /openapi.json', async () => {
    const doc = (await t.api.get('/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/commitments', '/api/v1/commitments/{id}', '/api/v1/classes', '/api/v1/classes/import']));
  });
});
