import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translatePgError } from '../../src/db/pgErrors.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { activityBody, createActivity, createResource, createUnit } from '../helpers/factories.ts';

let t: TestContext;
let unitId: number;
beforeAll(async () => {
  t = await startTestApp();
  unitId = (await createUnit(t.app)).id;
});
afterAll(() => t.close());

const at = (hhmm: string, day = 9) => `2027-03-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`;
const book = (overrides: Record<string, unknown>) => t.api.post('/api/v1/activities').send(activityBody(unitId, { status: 'confirmed', ...overrides }));

describe('pools', () => {
  it('checks the peak in use, not the sum of every overlapping claim', async () => {
    const pool = await createResource(t.app, { unitId, kind: 'equipment', quantity: 5 });
    const first = await createActivity(t.app, unitId, { status: 'confirmed', startsAt: at('09:00'), endsAt: at('10:00'), claims: [{ resourceId: pool.id, quantity: 3 }] });
    await createActivity(t.app, unitId, { status: 'confirmed', startsAt: at('10:00'), endsAt: at('11:00'), claims: [{ resourceId: pool.id, quantity: 2 }] });
    // Overlaps both (3 + 2 = 5 by sum) but at most 3 are ever in use at once: 2 more fit.
    const fits = await book({ startsAt: at('09:30'), endsAt: at('10:30'), claims: [{ resourceId: pool.id, quantity: 2 }] });
    expect(fits.status).toBe(201);
    const before = await tableCounts(t.db.pool);
    const full = await book({ title: { 'zh-CN': '满', en: 'Full' }, startsAt: at('09:45'), endsAt: at('10:15'), claims: [{ resourceId: pool.id, quantity: 1 }] });
    expect(full.status).toBe(409);
    expect(full.headers['content-type']).toContain('application/problem+json');
    expect(full.body.code).toBe('resource_conflict');
    expect(full.body.conflicts).toEqual([expect.objectContaining({
      resourceId: pool.id, poolQuantity: 5, requested: 1, free: 0,
      period: { startsAt: '2027-03-09T01:45:00+00:00', endsAt: '2027-03-09T02:15:00+00:00' },
    })]);
    const holders = full.body.conflicts[0].holders.map((h: { activityId: number }) => h.activityId);
    expect(holders).toEqual(expect.arrayContaining([first.id, fits.body.id]));
    expect(full.body.conflicts[0].holders[0].title.en).toMatch(/Activity/);
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });

  it('refuses growing a claim past the pool and shrinking a pool below its peak', async () => {
    const pool = await createResource(t.app, { unitId, kind: 'equipment', quantity: 4 });
    await createActivity(t.app, unitId, { status: 'confirmed', startsAt: at('09:00', 10), endsAt: at('10:00', 10), claims: [{ resourceId: pool.id, quantity: 2 }] });
    const second = await createActivity(t.app, unitId, { status: 'confirmed', startsAt: at('09:30', 10), endsAt: at('11:00', 10), claims: [{ resourceId: pool.id, quantity: 1 }] });
    const grow = await t.api.patch(`/api/v1/activities/${second.id}/claims/${second.claims[0]!.id}`).send({ quantity: 3 });
    expect(grow.status).toBe(409);
    expect(grow.body.conflicts[0].free).toBe(2);
    expect((await t.api.patch(`/api/v1/activities/${second.id}/claims/${second.claims[0]!.id}`).send({ quantity: 2 })).status).toBe(200);
    const shrink = await t.api.patch(`/api/v1/resources/${pool.id}`).send({ quantity: 3 });
    expect(shrink.status).toBe(409);
    expect(shrink.body).toMatchObject({ code: 'pool_in_use', peak: 4 });
    expect((await t.api.get(`/api/v1/resources/${pool.id}`)).body.quantity).toBe(4);
  });
});

describe('exclusive resources', () => {
  it('widens busy periods by set-up and tear-down buffers', async () => {
    const venue = await createResource(t.app, { unitId });
    await createActivity(t.app, unitId, { status: 'confirmed', startsAt: at('10:00', 11), endsAt: at('11:00', 11), claims: [{ resourceId: venue.id, teardownMinutes: 30 }] });
    expect((await book({ venueId: venue.id, startsAt: at('11:15', 11), endsAt: at('12:00', 11) })).body.code).toBe('resource_conflict');
    expect((await book({ venueId: venue.id, startsAt: at('11:30', 11), endsAt: at('12:00', 11) })).status).toBe(201);
    const staff = await createResource(t.app, { unitId, kind: 'staff' });
    await createActivity(t.app, unitId, { status: 'confirmed', startsAt: at('14:00', 11), endsAt: at('15:00', 11), claims: [{ resourceId: staff.id }] });
    const early = await book({ startsAt: at('12:00', 11), endsAt: at('13:30', 11), claims: [{ resourceId: staff.id, teardownMinutes: 45 }] });
    expect(early.body.code).toBe('resource_conflict');
  });

  it('counts only requested and confirmed activities; a draft promoted into a taken slot is refused', async () => {
    const venue = await createResource(t.app, { unitId });
    const draft = await createActivity(t.app, unitId, { status: 'draft', venueId: venue.id, startsAt: at('09:00', 12), endsAt: at('10:00', 12) });
    const confirmed = await createActivity(t.app, unitId, { status: 'confirmed', venueId: venue.id, startsAt: at('09:00', 12), endsAt: at('10:00', 12) });
    const promote = await t.api.patch(`/api/v1/activities/${draft.id}`).send({ status: 'confirmed' });
    expect(promote.status).toBe(409);
    expect(promote.body.conflicts[0].holders).toEqual([{ activityId: confirmed.id, title: expect.any(Object) }]);
    expect((await t.api.get(`/api/v1/activities/${draft.id}`)).body.status).toBe('draft');
    expect((await t.api.patch(`/api/v1/activities/${confirmed.id}`).send({ status: 'cancelled' })).status).toBe(200);
    expect((await t.api.patch(`/api/v1/activities/${draft.id}`).send({ status: 'confirmed' })).status).toBe(200);
    // Moving into a taken slot is refused as well.
    const other = await createActivity(t.app, unitId, { status: 'confirmed', venueId: venue.id, startsAt: at('11:00', 12), endsAt: at('12:00', 12) });
    const move = await t.api.patch(`/api/v1/activities/${other.id}`).send({ startsAt: at('09:30', 12), endsAt: at('10:30', 12) });
    expect(move.body.code).toBe('resource_conflict');
  });

  it('has the database refuse overlapping exclusive bookings even past the service (23P01 → resource_conflict)', async () => {
    const venue = await createResource(t.app, { unitId });
    const a = await createActivity(t.app, unitId, { status: 'confirmed', startsAt: at('09:00', 13), endsAt: at('10:00', 13) });
    const b = await createActivity(t.app, unitId, { status: 'confirmed', startsAt: at('09:30', 13), endsAt: at('10:30', 13) });
    const client = await t.db.pool.connect();
    let error: unknown;
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO claims (activity_id, resource_id) VALUES ($1, $3), ($2, $3)', [a.id, b.id, venue.id]);
      await client.query('COMMIT');
    } catch (e) {
      error = e;
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect((error as { code?: string }).code).toBe('23P01');
    expect(() => translatePgError(error)).toThrow(expect.objectContaining({ status: 409, code: 'resource_conflict' }));
  });
});

describe('bookings follow their sources', () => {
  it('keeps the derived busy periods in step with claims, occurrences and status', async () => {
    const pool = await createResource(t.app, { unitId, kind: 'equipment', quantity: 3 });
    const activity = await createActivity(t.app, unitId, { status: 'confirmed', startsAt: at('09:00', 15), endsAt: at('10:00', 15), claims: [{ resourceId: pool.id, quantity: 2, setupMinutes: 60 }] });
    const busy = async () => (await t.db.pool.query(
      `SELECT quantity, active, to_json(lower(period))#>>'{}' AS s FROM bookings WHERE activity_id = $1`, [activity.id])).rows;
    expect(await busy()).toEqual([{ quantity: 2, active: true, s: '2027-03-15T00:00:00+00:00' }]);
    await t.api.patch(`/api/v1/activities/${activity.id}/claims/${activity.claims[0]!.id}`).send({ quantity: 1, setupMinutes: 0 });
    await t.api.patch(`/api/v1/activities/${activity.id}`).send({ startsAt: at('08:00', 15) });
    expect(await busy()).toEqual([{ quantity: 1, active: true, s: '2027-03-15T00:00:00+00:00' }]);
    await t.api.patch(`/api/v1/activities/${activity.id}`).send({ status: 'cancelled' });
    expect(await busy()).toEqual([{ quantity: 1, active: false, s: '2027-03-15T00:00:00+00:00' }]);
  });
});
