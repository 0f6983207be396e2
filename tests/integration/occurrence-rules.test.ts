import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { activityBody, createActivity, createResource, createUnit } from '../helpers/factories.ts';

/** Issue 10, item 7: one series never meets itself, one pool rule for search and booking, nested ids 404. */
let t: TestContext;
let unitId: number;
beforeAll(async () => {
  t = await startTestApp();
  unitId = (await createUnit(t.app)).id;
});
afterAll(() => t.close());

const SERIES = { startsAt: '2027-03-04T16:00:00+08:00', endsAt: '2027-03-04T17:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=4' };
type Occ = { id: number; startsAt: string; endsAt: string; status: string };
const occurrencesOf = async (activityId: number) => (await t.api.get(`/api/v1/activities/${activityId}/occurrences`)).body.items as Occ[];

describe('an occurrence never meets its own series', () => {
  it("refuses moving an occurrence onto its sibling's exact time, or into it, with a 409 naming the sibling", async () => {
    const series = await createActivity(t.app, unitId, SERIES);
    const [first, second, third] = await occurrencesOf(series.id);
    const before = await occurrencesOf(series.id);
    const counts = await tableCounts(t.db.pool);

    const same = await t.api.patch(`/api/v1/activities/${series.id}/occurrences/${second!.id}`).send({ startsAt: first!.startsAt, endsAt: first!.endsAt });
    expect(same.status, JSON.stringify(same.body)).toBe(409);
    expect(same.body.code).toBe('occurrence_overlap');
    expect(same.body.occurrences).toEqual([{ id: first!.id, startsAt: first!.startsAt, endsAt: first!.endsAt }]);

    const into = await t.api.patch(`/api/v1/activities/${series.id}/occurrences/${second!.id}`).send({ startsAt: '2027-03-18T17:00:00+08:00' });
    expect(into.status).toBe(409);
    expect(into.body.occurrences.map((o: Occ) => o.id)).toEqual([third!.id]);
    expect(await occurrencesOf(series.id)).toEqual(before);
    expect(await tableCounts(t.db.pool)).toEqual(counts);

    // Next to a sibling is fine (periods are half-open), and onto a cancelled sibling's time too.
    const adjacent = await t.api.patch(`/api/v1/activities/${series.id}/occurrences/${second!.id}`).send({ startsAt: '2027-03-04T17:30:00+08:00' });
    expect(adjacent.status, JSON.stringify(adjacent.body)).toBe(200);
    expect((await t.api.patch(`/api/v1/activities/${series.id}/occurrences/${third!.id}`).send({ status: 'cancelled' })).status).toBe(200);
    expect((await t.api.patch(`/api/v1/activities/${series.id}/occurrences/${second!.id}`).send({ startsAt: third!.startsAt, endsAt: third!.endsAt })).status).toBe(200);
    // Restoring the cancelled one would now put two sessions at one moment.
    const restore = await t.api.patch(`/api/v1/activities/${series.id}/occurrences/${third!.id}`).send({ status: 'scheduled' });
    expect(restore.status).toBe(409);
    expect(restore.body.code).toBe('occurrence_overlap');
  });
});

describe('one rule for "more than the pool holds"', () => {
  it('answers the availability search as booking does: 422 on the quantity, with the same message', async () => {
    const telescopes = await createResource(t.app, { unitId, kind: 'equipment', category: `scope_${Date.now()}`, quantity: 3 });
    const booking = await t.api.post('/api/v1/activities').send(activityBody(unitId, { claims: [{ resourceId: telescopes.id, quantity: 4 }] }));
    expect(booking.status).toBe(422);
    const search = await t.api.post('/api/v1/availability/search').send({ durationMinutes: 60, from: '2027-03-01', to: '2027-03-05', resources: [{ resourceId: telescopes.id, quantity: 4 }] });
    expect(search.status, JSON.stringify(search.body)).toBe(422);
    expect(search.body.code).toBe(booking.body.code);
    expect(search.body.errors).toEqual([{ path: 'body.resources.0.quantity', message: booking.body.errors[0].message }]);
    expect(booking.body.errors).toEqual([{ path: 'body.claims.0.quantity', message: 'the pool holds 3; 4 requested' }]);

    // N of a category spread over its pools: more than all of them hold together.
    const category = (await t.api.get(`/api/v1/resources/${telescopes.id}`)).body.category;
    await createResource(t.app, { unitId, kind: 'equipment', category, quantity: 2 });
    const spread = await t.api.post('/api/v1/availability/search').send({ durationMinutes: 60, from: '2027-03-01', to: '2027-03-05', equipment: [{ category, quantity: 6 }] });
    expect(spread.status).toBe(422);
    expect(spread.body.errors).toEqual([{ path: 'body.equipment.0.quantity', message: 'the pools hold 5; 6 requested' }]);
    const fits = await t.api.post('/api/v1/availability/search').send({ durationMinutes: 60, from: '2027-03-01', to: '2027-03-05', equipment: [{ category, quantity: 5 }] });
    expect(fits.status).toBe(200);
    expect(fits.body.slots.length).toBeGreaterThan(0);
  });

  it('names the field of the body that was sent when adding or resizing one claim', async () => {
    const telescopes = await createResource(t.app, { unitId, kind: 'equipment', quantity: 3 });
    const activity = await createActivity(t.app, unitId, { claims: [{ resourceId: telescopes.id, quantity: 2 }] });
    const add = await t.api.post(`/api/v1/activities/${(await createActivity(t.app, unitId)).id}/claims`).send({ resourceId: telescopes.id, quantity: 9 });
    expect(add.status).toBe(422);
    expect(add.body.errors).toEqual([{ path: 'body.quantity', message: 'the pool holds 3; 9 requested' }]);
    const resize = await t.api.patch(`/api/v1/activities/${activity.id}/claims/${activity.claims[0]!.id}`).send({ quantity: 4 });
    expect(resize.status).toBe(422);
    expect(resize.body.errors).toEqual([{ path: 'body.quantity', message: 'the pool holds 3; 4 requested' }]);
    const unknown = await t.api.post(`/api/v1/activities/${activity.id}/claims`).send({ resourceId: 99_999_999 });
    expect(unknown.body.errors).toEqual([{ path: 'body.resourceId', message: 'resource 99999999 does not exist' }]);
  });
});

describe('a nested id that belongs to another activity is 404', () => {
  it('occurrences, splits, claims and decisions of another activity are not found, whatever the activity in the path is', async () => {
    const other = await createUnit(t.app);
    const theirVenue = await createResource(t.app, { unitId: other.id });
    const series = await createActivity(t.app, unitId, { ...SERIES, venueId: theirVenue.id, status: 'requested' });
    const oneOff = await createActivity(t.app, unitId);
    const otherSeries = await createActivity(t.app, unitId, { ...SERIES, startsAt: '2027-03-05T16:00:00+08:00', endsAt: '2027-03-05T17:00:00+08:00', recurrenceRule: 'FREQ=WEEKLY;BYDAY=FR;COUNT=3' });
    const [, occurrence] = await occurrencesOf(series.id);
    const claimId = series.claims[0]!.id;
    const counts = await tableCounts(t.db.pool);
    for (const path of [oneOff.id, otherSeries.id]) {
      const moved = await t.api.patch(`/api/v1/activities/${path}/occurrences/${occurrence!.id}`).send({ status: 'cancelled' });
      expect(moved.status, `occurrence via ${path}: ${JSON.stringify(moved.body)}`).toBe(404);
      const split = await t.api.post(`/api/v1/activities/${path}/split`).send({ occurrenceId: occurrence!.id });
      expect(split.status, `split via ${path}: ${JSON.stringify(split.body)}`).toBe(404);
      expect((await t.api.patch(`/api/v1/activities/${path}/claims/${claimId}`).send({ quantity: 1 })).status).toBe(404);
      expect((await t.api.delete(`/api/v1/activities/${path}/claims/${claimId}`)).status).toBe(404);
      expect((await t.api.post(`/api/v1/activities/${path}/claims/${claimId}/approve`).send({})).status).toBe(404);
      expect((await t.api.post(`/api/v1/activities/${path}/claims/${claimId}/decline`).send({})).status).toBe(404);
    }
    expect(await tableCounts(t.db.pool)).toEqual(counts);
    // A one-off's own occurrence still says why it cannot be patched alone.
    const [own] = await occurrencesOf(oneOff.id);
    expect((await t.api.patch(`/api/v1/activities/${oneOff.id}/occurrences/${own!.id}`).send({ status: 'cancelled' })).body.code).toBe('not_recurring');
  });
});
