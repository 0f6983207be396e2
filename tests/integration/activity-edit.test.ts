import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { createActivity, createResource, createUnit } from '../helpers/factories.ts';

/** Issue 13: the full edit (claims set in PATCH), its dry run, and the server's recurrence preview. */
let t: TestContext;
let unitId: number;
beforeAll(async () => {
  t = await startTestApp();
  unitId = (await createUnit(t.app)).id;
});
afterAll(() => t.close());

const SERIES = { status: 'confirmed', startsAt: '2027-03-04T19:00:00+08:00', endsAt: '2027-03-04T21:00:00+08:00', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=4' };
const claimOf = (resourceId: number, quantity: number) => ({ resourceId, quantity, setupMinutes: 0, teardownMinutes: 0 });

async function telescopes() {
  const pool = await createResource(t.app, { unitId, kind: 'equipment', quantity: 4, name: { 'zh-CN': '望远镜', en: 'Telescope' } });
  const series = await createActivity(t.app, unitId, { ...SERIES, claims: [claimOf(pool.id, 2)] });
  // Another booking takes 2 of the 4 on the third Thursday.
  await createActivity(t.app, unitId, { status: 'confirmed', startsAt: '2027-03-18T19:30:00+08:00', endsAt: '2027-03-18T20:30:00+08:00', claims: [claimOf(pool.id, 2)] });
  return { pool, series };
}

describe('full edit of an activity', () => {
  it('the dry run names the conflict of a bigger claim and stores nothing; a time that fits is then saved with the claim', async () => {
    const { pool, series } = await telescopes();
    const before = await tableCounts(t.db.pool);
    const check = await t.api.post(`/api/v1/activities/${series.id}/check-update`).send({ claims: [claimOf(pool.id, 3)] });
    expect(check.status, JSON.stringify(check.body)).toBe(409);
    expect(check.body.code).toBe('resource_conflict');
    expect(JSON.stringify(check.body)).toContain('2027-03-18');
    const patch = await t.api.patch(`/api/v1/activities/${series.id}`).send({ claims: [claimOf(pool.id, 3)] });
    expect(patch.status).toBe(409);
    expect(await tableCounts(t.db.pool)).toEqual(before);
    expect((await t.api.get(`/api/v1/activities/${series.id}`)).body.claims[0].quantity).toBe(2);

    // Starting at 21:00 instead misses the other booking; the dry run agrees with the real PATCH.
    const later = { startsAt: '2027-03-04T20:30:00+08:00', endsAt: '2027-03-04T22:00:00+08:00', claims: [claimOf(pool.id, 3)] };
    const ok = await t.api.post(`/api/v1/activities/${series.id}/check-update`).send(later);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.claims[0].quantity).toBe(3);
    expect((await t.api.get(`/api/v1/activities/${series.id}`)).body.claims[0].quantity).toBe(2);
    const saved = await t.api.patch(`/api/v1/activities/${series.id}`).send(later);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ startsAt: '2027-03-04T20:30:00+08:00', claims: [{ resourceId: pool.id, quantity: 3 }] });
    const occurrences = (await t.api.get(`/api/v1/activities/${series.id}/occurrences`)).body.items;
    expect(occurrences.map((o: { startsAt: string }) => o.startsAt.slice(11, 16))).toEqual(['20:30', '20:30', '20:30', '20:30']);
  });

  it('adds and releases claims as a set, and refuses bad sets with a field error and no change', async () => {
    const { pool, series } = await telescopes();
    const staff = await createResource(t.app, { unitId, kind: 'staff', name: { 'zh-CN': '讲解员', en: 'Guide' } });
    const swapped = await t.api.patch(`/api/v1/activities/${series.id}`).send({ claims: [claimOf(staff.id, 1)] });
    expect(swapped.status, JSON.stringify(swapped.body)).toBe(200);
    expect(swapped.body.claims.map((c: { resourceId: number }) => c.resourceId)).toEqual([staff.id]);
    const before = await tableCounts(t.db.pool);
    for (const [body, path] of [
      [{ claims: [claimOf(pool.id, 5)] }, 'body.claims.0.quantity'],
      [{ claims: [claimOf(999_999, 1)] }, 'body.claims.0.resourceId'],
      [{ claims: [claimOf(pool.id, 1), claimOf(pool.id, 2)] }, 'body.claims'],
      [{ claims: [{ resourceId: pool.id, quantity: 1 }] }, 'body.claims.0.setupMinutes'],
    ] as const) {
      for (const url of [`/api/v1/activities/${series.id}`, `/api/v1/activities/${series.id}/check-update`]) {
        const res = await (url.endsWith('update') ? t.api.post(url) : t.api.patch(url)).send(body);
        expect(res.status, JSON.stringify(res.body)).toBe(422);
        expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      }
    }
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });
});

describe('this and following, with claims', () => {
  it('gives the following series its own claim set, checked like booking', async () => {
    const { pool, series } = await telescopes();
    const occurrences = (await t.api.get(`/api/v1/activities/${series.id}/occurrences`)).body.items;
    const before = await tableCounts(t.db.pool);
    // From the third Thursday on, 3 telescopes clash with the other booking then.
    for (const url of [`/api/v1/activities/${series.id}/check-split`, `/api/v1/activities/${series.id}/split`]) {
      const clash = await t.api.post(url).send({ occurrenceId: occurrences[2].id, claims: [claimOf(pool.id, 3)] });
      expect(clash.status, JSON.stringify(clash.body)).toBe(409);
      expect(clash.body.code).toBe('resource_conflict');
    }
    const bad = await t.api.post(`/api/v1/activities/${series.id}/split`).send({ occurrenceId: occurrences[2].id, claims: [claimOf(pool.id, 9)] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('body.claims.0.quantity');
    expect(await tableCounts(t.db.pool)).toEqual(before);
    // From the fourth on it fits: the dry run says so and stores nothing; the split does it, the first part keeps its 2.
    const fits = await t.api.post(`/api/v1/activities/${series.id}/check-split`).send({ occurrenceId: occurrences[3].id, claims: [claimOf(pool.id, 3)] });
    expect(fits.status, JSON.stringify(fits.body)).toBe(200);
    expect(fits.body.following.claims).toMatchObject([{ resourceId: pool.id, quantity: 3 }]);
    expect(await tableCounts(t.db.pool)).toEqual(before);
    const split = await t.api.post(`/api/v1/activities/${series.id}/split`).send({ occurrenceId: occurrences[3].id, claims: [claimOf(pool.id, 3)] });
    expect(split.status, JSON.stringify(split.body)).toBe(201);
    expect(split.body.original.claims).toMatchObject([{ resourceId: pool.id, quantity: 2 }]);
    expect(split.body.following.claims).toMatchObject([{ resourceId: pool.id, quantity: 3 }]);
  });
});

describe('POST /recurrence/preview', () => {
  it('expands as booking does: a date-only UNTIL includes that local day', async () => {
    const timing = { startsAt: '2027-03-04T19:00:00+08:00', endsAt: '2027-03-04T21:00:00+08:00', timeZone: 'Asia/Shanghai', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270325' };
    const preview = await t.api.post('/api/v1/recurrence/preview').send(timing);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.count).toBe(4);
    expect(preview.body.occurrences.at(-1).startsAt).toBe('2027-03-25T19:00:00.000+08:00');
    const booked = await createActivity(t.app, unitId, { ...timing, status: 'draft' });
    const stored = (await t.api.get(`/api/v1/activities/${booked.id}/occurrences`)).body.items;
    expect(stored.map((o: { startsAt: string }) => Date.parse(o.startsAt))).toEqual(preview.body.occurrences.map((o: { startsAt: string }) => Date.parse(o.startsAt)));
  });

  it('answers 422 past the limits and for a bad rule or a start that is not the first occurrence', async () => {
    const base = { startsAt: '2027-03-04T19:00:00+08:00', endsAt: '2027-03-04T21:00:00+08:00', timeZone: 'Asia/Shanghai' };
    const long = await t.api.post('/api/v1/recurrence/preview').send({ ...base, recurrenceRule: 'FREQ=DAILY;COUNT=900' });
    expect(long.status).toBe(422);
    expect(long.body).toMatchObject({ code: 'recurrence_limit_exceeded', maxOccurrences: 500 });
    const bad = await t.api.post('/api/v1/recurrence/preview').send({ ...base, recurrenceRule: 'FREQ=YEARLY;COUNT=2' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('body.recurrenceRule');
    const notFirst = await t.api.post('/api/v1/recurrence/preview').send({ ...base, recurrenceRule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=2' });
    expect(notFirst.status).toBe(422);
    expect(notFirst.body.errors[0].path).toBe('body.startsAt');
    const anonymous = await t.api.post('/api/v1/recurrence/preview').set('Authorization', '').send({ ...base, recurrenceRule: 'FREQ=WEEKLY;COUNT=2' });
    expect(anonymous.status).toBe(401);
  });
});

describe('GET /resources/{id}/schedule for the booking grid', () => {
  it('lists the hours outside the opening hours as blocked time', async () => {
    const venue = await createResource(t.app, { unitId, openingHours: { tue: [['09:00', '16:30']] } });
    // Tuesday 2027-03-09 and Wednesday (closed all day) in Asia/Shanghai.
    const res = await t.api.get(`/api/v1/resources/${venue.id}/schedule?from=2027-03-09T00:00:00%2B08:00&to=2027-03-11T00:00:00%2B08:00`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const closed = res.body.blocks.filter((b: { kind: string }) => b.kind === 'opening_hours')
      .map((b: { startsAt: string; endsAt: string }) => [Date.parse(b.startsAt), Date.parse(b.endsAt)]);
    expect(closed).toEqual([
      [Date.parse('2027-03-09T00:00:00+08:00'), Date.parse('2027-03-09T09:00:00+08:00')],
      [Date.parse('2027-03-09T16:30:00+08:00'), Date.parse('2027-03-11T00:00:00+08:00')],
    ]);
    const open = await createResource(t.app, { unitId });
    const always = await t.api.get(`/api/v1/resources/${open.id}/schedule?from=2027-03-09T00:00:00%2B08:00&to=2027-03-11T00:00:00%2B08:00`);
    expect(always.body.blocks).toEqual([]);
  });
});
