import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { activityBody, unitLendingEquipment, unitWithOrganizer } from '../helpers/factories.ts';

// One app for the file; every test makes its own school and lending units, so each one's queue
// holds exactly the claims that test requested.
let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const specimensOf = (t: TestContext) => unitLendingEquipment(t, { category: 'biological_specimen', quantity: 26 });

/** A school activity on 2027-04-<day> claiming the given resources (admin-made, so only the claims need approval). */
async function bookSchoolDay(school: number, day: number, claims: { resourceId: number; quantity: number }[], status = 'confirmed') {
  const res = await t.api.post('/api/v1/activities').send(activityBody(school, {
    status, startsAt: `2027-04-${day}T09:00:00+08:00`, endsAt: `2027-04-${day}T11:00:00+08:00`, claims,
  }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; status: string; claims: { id: number; resourceId: number; approval: string }[] };
}

describe('GET /approvals', () => {
  it("lists the requested activities' pending claims on the caller's unit's resources, with times in the activity's zone", async () => {
    const school = await unitWithOrganizer(t, { kind: 'school' });
    const museum = await specimensOf(t);
    const planetarium = await unitLendingEquipment(t, { category: 'telescope', quantity: 5 });
    const [specimens, telescopes] = [museum.poolId, planetarium.poolId];
    const both = await bookSchoolDay(school.unitId, 12, [{ resourceId: specimens, quantity: 10 }, { resourceId: telescopes, quantity: 2 }]);
    expect(both.status).toBe('requested');
    const onSpecimens = both.claims.find((c) => c.resourceId === specimens)!;

    const mine = await request(t.app).get('/api/v1/approvals').set(museum.organizer.headers);
    expect(mine.status).toBe(200);
    expect(mine.body.nextCursor).toBeNull();
    expect(mine.body.items).toEqual([expect.objectContaining({
      id: onSpecimens.id, activityId: both.id, resourceId: specimens, resourceUnitId: museum.unitId, quantity: 10, poolQuantity: 26,
      organizerUnitId: school.unitId, startsAt: '2027-04-12T09:00:00+08:00', endsAt: '2027-04-12T11:00:00+08:00', timeZone: 'Asia/Shanghai',
      holdExpiresAt: '2026-11-27T08:00:00+08:00',
    })]);
    expect(mine.body.items[0].resourceName.en).toMatch(/^Venue /);

    // The requesting school owns neither resource: nothing to decide.
    expect((await request(t.app).get('/api/v1/approvals').set(school.organizer.headers)).body.items).toEqual([]);
    // Admins see every unit's queue.
    const all = await t.api.get('/api/v1/approvals');
    expect(all.body.items.filter((i: { activityId: number }) => i.activityId === both.id).map((i: { resourceId: number }) => i.resourceId).sort())
      .toEqual([specimens, telescopes].sort());
  });

  it('drops a claim once decided, and never lists claims of drafts', async () => {
    const school = (await unitWithOrganizer(t, { kind: 'school' })).unitId;
    const { poolId: specimens, organizer } = await specimensOf(t);
    const held = await bookSchoolDay(school, 13, [{ resourceId: specimens, quantity: 3 }]);
    const draft = await bookSchoolDay(school, 14, [{ resourceId: specimens, quantity: 3 }], 'draft');
    const ids = async () => (await request(t.app).get('/api/v1/approvals?limit=200').set(organizer.headers)).body.items.map((i: { activityId: number }) => i.activityId);
    expect(await ids()).toContain(held.id);
    expect(await ids()).not.toContain(draft.id);
    const approved = await request(t.app).post(`/api/v1/activities/${held.id}/claims/${held.claims[0]!.id}/approve`).set(organizer.headers).send({});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('confirmed');
    expect(await ids()).not.toContain(held.id);
  });

  it('pages by claim id', async () => {
    const school = (await unitWithOrganizer(t, { kind: 'school' })).unitId;
    const { poolId: specimens, organizer } = await specimensOf(t);
    await bookSchoolDay(school, 15, [{ resourceId: specimens, quantity: 1 }]);
    await bookSchoolDay(school, 16, [{ resourceId: specimens, quantity: 1 }]);
    const first = await request(t.app).get('/api/v1/approvals?limit=1').set(organizer.headers);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toBe(first.body.items[0].id);
    const second = await request(t.app).get(`/api/v1/approvals?limit=1&cursor=${first.body.nextCursor}`).set(organizer.headers);
    expect(second.body.items[0].id).toBeGreaterThan(first.body.items[0].id);
  });

  it('needs a signed-in user and rejects unknown query fields, changing nothing', async () => {
    const before = await tableCounts(t.db.pool);
    const anonymous = await request(t.app).get('/api/v1/approvals');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(anonymous.body.code).toBe('unauthorized');
    const bad = await t.api.get('/api/v1/approvals?unit=1&limit=0');
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query', 'query.limit']);
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });
});
