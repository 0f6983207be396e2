import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { activityBody, createActivity, createResource, createUnit } from '../helpers/factories.ts';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('units', () => {
  it('creates, reads, updates, lists and deletes a unit, auditing each change', async () => {
    const unit = await createUnit(t.app, { kind: 'school' });
    expect(unit.timeZone).toBe('Asia/Shanghai');
    const patched = await t.api.patch(`/api/v1/units/${unit.id}`).send({ timeZone: 'America/New_York' });
    expect(patched.status).toBe(200);
    expect(patched.body.timeZone).toBe('America/New_York');
    const listed = await t.api.get('/api/v1/units?kind=school');
    expect(listed.body.items.map((u: { id: number }) => u.id)).toContain(unit.id);
    expect((await t.api.delete(`/api/v1/units/${unit.id}`)).status).toBe(204);
    expect((await t.api.get(`/api/v1/units/${unit.id}`)).status).toBe(404);
    const audit = await t.api.get(`/api/v1/audit?entity=unit&entityId=${unit.id}`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['delete', 'update', 'create']);
    expect(audit.body.items[1].before.timeZone).toBe('Asia/Shanghai');
    expect(audit.body.items[1].after.timeZone).toBe('America/New_York');
  });

  it('refuses a duplicate slug with 409 and deleting a unit in use', async () => {
    const unit = await createUnit(t.app);
    const dup = await t.api.post('/api/v1/units').send({ slug: unit.slug, kind: 'school', name: { 'zh-CN': '甲', en: 'A' } });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('already_exists');
    await createResource(t.app, { unitId: unit.id });
    const del = await t.api.delete(`/api/v1/units/${unit.id}`);
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('in_use');
  });

  it('pages through units with a cursor', async () => {
    for (let i = 0; i < 3; i++) await createUnit(t.app);
    const first = await t.api.get('/api/v1/units?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toBe(first.body.items[1].id);
    const second = await t.api.get(`/api/v1/units?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).toBeGreaterThan(first.body.items[1].id);
  });
});

describe('resources', () => {
  it('keeps venues and staff exclusive and pools at least 1', async () => {
    const unit = await createUnit(t.app);
    const venue = await t.api.post('/api/v1/resources').send({ unitId: unit.id, kind: 'venue', quantity: 3, name: { 'zh-CN': '厅', en: 'Hall' } });
    expect(venue.status).toBe(422);
    expect(venue.body.errors[0].path).toBe('body.quantity');
    const pool = await createResource(t.app, { unitId: unit.id, kind: 'equipment', category: 'telescope', quantity: 5 });
    expect(pool.quantity).toBe(5);
    const zero = await t.api.patch(`/api/v1/resources/${pool.id}`).send({ quantity: 0 });
    expect(zero.status).toBe(422);
    const filtered = await t.api.get(`/api/v1/resources?kind=equipment&category=telescope&unitId=${unit.id}`);
    expect(filtered.body.items.map((r: { id: number }) => r.id)).toEqual([pool.id]);
  });

  it('will not shrink a pool below a booking that holds it', async () => {
    const unit = await createUnit(t.app);
    const pool = await createResource(t.app, { unitId: unit.id, kind: 'equipment', quantity: 5 });
    await createActivity(t.app, unit.id, { status: 'confirmed', claims: [{ resourceId: pool.id, quantity: 4 }] });
    const shrink = await t.api.patch(`/api/v1/resources/${pool.id}`).send({ quantity: 3 });
    expect(shrink.status).toBe(409);
    expect(shrink.body.code).toBe('pool_in_use');
    expect((await t.api.patch(`/api/v1/resources/${pool.id}`).send({ quantity: 4 })).status).toBe(200);
  });
});

describe('activities', () => {
  it('creates an activity that claims its venue and shows times in its zone', async () => {
    const unit = await createUnit(t.app);
    const venue = await createResource(t.app, { unitId: unit.id });
    const res = await t.api.post('/api/v1/activities').send(activityBody(unit.id, {
      venueId: venue.id, startsAt: '2027-03-02T01:00:00Z', endsAt: '2027-03-02T03:00:00Z', audienceGrades: [7, 8],
      description: { 'zh-CN': '说明', en: 'About' },
    }));
    expect(res.status).toBe(201);
    expect(res.body.startsAt).toBe('2027-03-02T09:00:00+08:00');
    expect(res.body.claims).toEqual([expect.objectContaining({ resourceId: venue.id, quantity: 1 })]);
    const occ = await t.db.pool.query('SELECT count(*)::int AS n FROM occurrences WHERE activity_id = $1', [res.body.id]);
    expect(occ.rows[0].n).toBe(1);
  });

  it('raises the sequence for time, place and status changes but not for a new title', async () => {
    const unit = await createUnit(t.app);
    const activity = await createActivity(t.app, unit.id);
    const retitled = await t.api.patch(`/api/v1/activities/${activity.id}`).send({ title: { 'zh-CN': '新', en: 'New' } });
    expect(retitled.body.sequence).toBe(0);
    const moved = await t.api.patch(`/api/v1/activities/${activity.id}`).send({ startsAt: '2027-03-02T10:00:00+08:00', endsAt: '2027-03-02T12:00:00+08:00' });
    expect(moved.body.sequence).toBe(1);
    const cancelled = await t.api.patch(`/api/v1/activities/${activity.id}`).send({ status: 'cancelled' });
    expect(cancelled.body.sequence).toBe(2);
    expect(cancelled.body.cancelledAt).not.toBeNull();
    const occ = await t.db.pool.query('SELECT status, starts_at FROM occurrences WHERE activity_id = $1', [activity.id]);
    expect(occ.rows[0].status).toBe('cancelled');
    expect(new Date(occ.rows[0].starts_at).toISOString()).toBe('2027-03-02T02:00:00.000Z');
  });

  it('filters by kind, unit, grade and date range, in start order', async () => {
    const unit = await createUnit(t.app);
    await createActivity(t.app, unit.id, { kind: 'science_show', audienceGrades: [3], startsAt: '2027-05-02T09:00:00+08:00', endsAt: '2027-05-02T10:00:00+08:00' });
    const early = await createActivity(t.app, unit.id, { kind: 'science_show', audienceGrades: [3, 4], startsAt: '2027-04-02T09:00:00+08:00', endsAt: '2027-04-02T10:00:00+08:00' });
    await createActivity(t.app, unit.id, { kind: 'exhibition', audienceGrades: [3] });
    const res = await t.api.get(`/api/v1/activities?kind=science_show&unitId=${unit.id}&grade=3&from=2027-04-01T00:00:00Z&to=2027-06-01T00:00:00Z&limit=1`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: { id: number }) => a.id)).toEqual([early.id]);
    const next = await t.api.get(`/api/v1/activities?kind=science_show&unitId=${unit.id}&limit=1&cursor=${res.body.nextCursor}`);
    expect(next.body.items[0].startsAt).toBe('2027-05-02T09:00:00+08:00');
    expect(next.body.nextCursor).toBeNull();
  });

  it('deletes drafts only', async () => {
    const unit = await createUnit(t.app);
    const confirmed = await createActivity(t.app, unit.id, { status: 'confirmed' });
    expect((await t.api.delete(`/api/v1/activities/${confirmed.id}`)).body.code).toBe('not_draft');
    const draft = await createActivity(t.app, unit.id);
    expect((await t.api.delete(`/api/v1/activities/${draft.id}`)).status).toBe(204);
  });
});

describe('bad requests change nothing', () => {
  let unitId: number;
  let poolId: number;
  let activityId: number;
  beforeAll(async () => {
    unitId = (await createUnit(t.app)).id;
    poolId = (await createResource(t.app, { unitId, kind: 'equipment', quantity: 5 })).id;
    activityId = (await createActivity(t.app, unitId)).id;
  });

  const cases: [string, () => request.Test, number, string][] = [
    ['malformed JSON', () => t.api.post('/api/v1/activities').set('Content-Type', 'application/json').send('{"kind":'), 400, 'malformed_json'],
    ['an unknown field', () => t.api.post('/api/v1/activities').send({ ...activityBody(unitId), colour: 'red' }), 422, 'validation_failed'],
    ['end before start', () => t.api.post('/api/v1/activities').send(activityBody(unitId, { endsAt: '2027-03-02T08:00:00+08:00' })), 422, 'validation_failed'],
    ['zone Mars/Olympus', () => t.api.post('/api/v1/activities').send(activityBody(unitId, { timeZone: 'Mars/Olympus' })), 422, 'validation_failed'],
    ['a quantity of 0', () => t.api.post('/api/v1/activities').send(activityBody(unitId, { claims: [{ resourceId: poolId, quantity: 0 }] })), 422, 'validation_failed'],
    ['a quantity above the pool', () => t.api.post('/api/v1/activities').send(activityBody(unitId, { claims: [{ resourceId: poolId, quantity: 6 }] })), 422, 'validation_failed'],
    ['a claim above the pool on an existing activity', () => t.api.post(`/api/v1/activities/${activityId}/claims`).send({ resourceId: poolId, quantity: 9 }), 422, 'validation_failed'],
    ['an unknown organizer', () => t.api.post('/api/v1/activities').send(activityBody(987654)), 422, 'validation_failed'],
    ['a venue that is not a venue', () => t.api.post('/api/v1/activities').send(activityBody(unitId, { venueId: poolId })), 422, 'validation_failed'],
    ['a patch making end before start', () => t.api.patch(`/api/v1/activities/${activityId}`).send({ endsAt: '2027-03-01T08:00:00+08:00' }), 422, 'validation_failed'],
    ['a non-numeric id', () => t.api.get('/api/v1/activities/abc'), 422, 'validation_failed'],
    ['an unknown query parameter', () => t.api.get('/api/v1/activities?colour=red'), 422, 'validation_failed'],
  ];

  it.each(cases)('%s gets a 4xx problem', async (_name, send, status, code) => {
    const before = await tableCounts(t.db.pool);
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe(code);
    if (status === 422) expect(res.body.errors.length).toBeGreaterThan(0);
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });
});
