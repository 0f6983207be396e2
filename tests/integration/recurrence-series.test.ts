import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityEvents, type ActivityChange } from '../../src/shared/activity-events.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { createActivity, createResource, createUnit } from '../helpers/factories.ts';
import { registerDirectly } from '../helpers/feeds.ts';

/** Whole-series edits and splits keep what was decided per occurrence; claims, status and SEQUENCE follow. */
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

interface Occ { id: number; startsAt: string; endsAt: string; status: string; originalStartsAt: string }

async function occurrences(activityId: number): Promise<Occ[]> {
  const res = await t.api.get(`/api/v1/activities/${activityId}/occurrences`);
  expect(res.status).toBe(200);
  return res.body.items;
}

const patchOccurrence = (activityId: number, id: number, body: Record<string, unknown>) => t.api.patch(`/api/v1/activities/${activityId}/occurrences/${id}`).send(body);
const activity = async (id: number) => (await t.api.get(`/api/v1/activities/${id}`)).body;
const short = (o: Occ) => `${o.startsAt.slice(5, 16)} ${o.status}`;

/** Every claim × occurrence has a booking with the occurrence's (buffered) period, active exactly when it counts. */
async function expectBookingsInStep(activityId: number): Promise<void> {
  const { rows } = await t.db.pool.query<{ ok: boolean }>(
    `SELECT b.claim_id IS NOT NULL
            AND b.period = tstzrange(o.starts_at - make_interval(mins => c.setup_minutes), o.ends_at + make_interval(mins => c.teardown_minutes), '[)')
            AND b.active = (a.status IN ('requested', 'confirmed') AND o.status = 'scheduled') AS ok
       FROM occurrences o JOIN activities a ON a.id = o.activity_id JOIN claims c ON c.activity_id = o.activity_id
       LEFT JOIN bookings b ON b.occurrence_id = o.id AND b.claim_id = c.id
      WHERE o.activity_id = $1`,
    [activityId],
  );
  const { rows: [count] } = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM bookings WHERE activity_id = $1', [activityId]);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.ok)).toBe(true);
  expect(count!.n).toBe(rows.length);
}

async function reminderOccurrences(activityId: number): Promise<number[]> {
  const { rows } = await t.db.pool.query<{ id: number }>(
    `SELECT DISTINCT occurrence_id::int AS id FROM deliveries WHERE activity_id = $1 AND kind = 'reminder' AND status = 'pending' ORDER BY 1`,
    [activityId],
  );
  return rows.map((r) => r.id);
}

// Thursdays 16:00–17:00 in New York, across the November daylight-saving change.
const thursdays = (venueId: number, count = 5) => ({
  kind: 'club_session', status: 'confirmed', venueId, timeZone: 'America/New_York', recurrenceRule: `FREQ=WEEKLY;COUNT=${count}`,
  startsAt: '2026-12-03T16:00:00-05:00', endsAt: '2026-12-03T17:00:00-05:00',
});

describe('editing a whole series', () => {
  it('moves every occurrence but keeps cancelled and moved ones, ids, bookings and reminders', async () => {
    const venue = await createResource(t.app, { unitId });
    const series = await createActivity(t.app, unitId, thursdays(venue.id));
    const before = await occurrences(series.id);
    await registerDirectly(t.db.pool, series.id, 'li.lei@school.example.org', 'Li Lei');
    expect((await patchOccurrence(series.id, before[1]!.id, { status: 'cancelled' })).status).toBe(200);
    expect((await patchOccurrence(series.id, before[2]!.id, { startsAt: '2026-12-18T10:00:00-05:00' })).status).toBe(200);
    const sequence = (await activity(series.id)).sequence;
    changes.length = 0;

    const res = await t.api.patch(`/api/v1/activities/${series.id}`).send({ startsAt: '2026-12-03T17:00:00-05:00', endsAt: '2026-12-03T18:30:00-05:00' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.sequence).toBe(sequence + 1);
    const after = await occurrences(series.id);
    expect(after.map((o) => o.id)).toEqual(before.map((o) => o.id));
    expect(after.map(short)).toEqual([
      '12-03T17:00 scheduled', '12-10T17:00 cancelled', '12-18T10:00 scheduled', '12-24T17:00 scheduled', '12-31T17:00 scheduled',
    ]);
    expect(after[2]!.originalStartsAt).toBe('2026-12-17T17:00:00-05:00');
    expect(after.map((o) => o.endsAt.slice(11, 16))).toEqual(['18:30', '18:30', '11:00', '18:30', '18:30']);
    expect(changes.find((c) => c.type === 'occurrences_changed')).toMatchObject({ occurrenceIds: before.map((o) => o.id) });
    await expectBookingsInStep(series.id);
    expect(await reminderOccurrences(series.id)).toEqual(after.filter((o) => o.status === 'scheduled').map((o) => o.id));

    // Fewer occurrences: the last two go, with their bookings and reminders, and listeners hear which.
    changes.length = 0;
    expect((await t.api.patch(`/api/v1/activities/${series.id}`).send({ recurrenceRule: 'FREQ=WEEKLY;COUNT=3' })).status).toBe(200);
    expect((await occurrences(series.id)).map(short)).toEqual(['12-03T17:00 scheduled', '12-10T17:00 cancelled', '12-18T10:00 scheduled']);
    expect(changes.find((c) => c.type === 'occurrences_changed')).toMatchObject({ occurrenceIds: before.slice(3).map((o) => o.id) });
    await expectBookingsInStep(series.id);
    expect(await reminderOccurrences(series.id)).toEqual([before[0]!.id, before[2]!.id]);
  });

  it('moves the series to another weekday by matching dates, and checks every moved occurrence for conflicts', async () => {
    const venue = await createResource(t.app, { unitId });
    const series = await createActivity(t.app, unitId, thursdays(venue.id, 4));
    const before = await occurrences(series.id);
    await patchOccurrence(series.id, before[3]!.id, { status: 'cancelled' });
    const stored = await occurrences(series.id);
    // Another activity holds the venue on the third Friday: moving the series onto Fridays must fail and change nothing.
    const blocker = await createActivity(t.app, unitId, { status: 'confirmed', venueId: venue.id, startsAt: '2026-12-18T16:30:00-05:00', endsAt: '2026-12-18T17:30:00-05:00', timeZone: 'America/New_York' });
    const counts = await tableCounts(t.db.pool);
    const refused = await t.api.patch(`/api/v1/activities/${series.id}`).send({ startsAt: '2026-12-04T16:00:00-05:00', endsAt: '2026-12-04T17:00:00-05:00' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('resource_conflict');
    expect(refused.body.conflicts[0]).toMatchObject({ occurrenceId: before[2]!.id, holders: [{ activityId: blocker.id }] });
    expect(await tableCounts(t.db.pool)).toEqual(counts);
    expect(await occurrences(series.id)).toEqual(stored);

    await t.api.patch(`/api/v1/activities/${blocker.id}`).send({ status: 'cancelled' });
    const moved = await t.api.patch(`/api/v1/activities/${series.id}`).send({ startsAt: '2026-12-04T16:00:00-05:00', endsAt: '2026-12-04T17:00:00-05:00' });
    expect(moved.status).toBe(200);
    const after = await occurrences(series.id);
    expect(after.map((o) => o.id)).toEqual(before.map((o) => o.id));
    expect(after.map(short)).toEqual(['12-04T16:00 scheduled', '12-11T16:00 scheduled', '12-18T16:00 scheduled', '12-25T16:00 cancelled']);
    await expectBookingsInStep(series.id);
  });

  it('moves a series a week later, each occurrence taking the key its neighbour had, in one statement', async () => {
    const venue = await createResource(t.app, { unitId });
    const series = await createActivity(t.app, unitId, thursdays(venue.id, 3));
    const before = await occurrences(series.id);
    await patchOccurrence(series.id, before[1]!.id, { status: 'cancelled' });
    const res = await t.api.patch(`/api/v1/activities/${series.id}`).send({ startsAt: '2026-12-10T16:00:00-05:00', endsAt: '2026-12-10T17:00:00-05:00' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = await occurrences(series.id);
    expect(after.map((o) => o.id)).toEqual(before.map((o) => o.id));
    expect(after.map(short)).toEqual(['12-10T16:00 scheduled', '12-17T16:00 cancelled', '12-24T16:00 scheduled']);
    await expectBookingsInStep(series.id);
  });

  it('splits "this and following" carrying the following part\'s exceptions over', async () => {
    const venue = await createResource(t.app, { unitId });
    const series = await createActivity(t.app, unitId, thursdays(venue.id, 6));
    const items = await occurrences(series.id);
    await patchOccurrence(series.id, items[3]!.id, { status: 'cancelled' });
    await patchOccurrence(series.id, items[4]!.id, { startsAt: '2027-01-01T09:00:00-05:00' });
    const res = await t.api.post(`/api/v1/activities/${series.id}/split`).send({ occurrenceId: items[2]!.id, startsAt: '2026-12-17T15:00:00-05:00' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await occurrences(series.id)).map(short)).toEqual(['12-03T16:00 scheduled', '12-10T16:00 scheduled']);
    const following = await occurrences(res.body.following.id);
    expect(following.map(short)).toEqual(['12-17T15:00 scheduled', '12-24T15:00 cancelled', '01-01T09:00 scheduled', '01-07T15:00 scheduled']);
    expect(following[2]!.originalStartsAt).toBe('2026-12-31T15:00:00-05:00');
    await expectBookingsInStep(res.body.following.id);
    await expectBookingsInStep(series.id);
  });
});

describe('approvals and SEQUENCE around series edits', () => {
  it('confirms a requested activity once its last pending claim is removed; a plain hold stays a hold', async () => {
    const museum = (await createUnit(t.app)).id;
    const specimens = await createResource(t.app, { unitId: museum, kind: 'equipment', quantity: 10 });
    const hall = await createResource(t.app, { unitId: museum });
    const held = await createActivity(t.app, unitId, { status: 'confirmed', claims: [{ resourceId: specimens.id, quantity: 4 }] });
    expect(await activity(held.id)).toMatchObject({ status: 'requested' });
    changes.length = 0;
    const claimId = held.claims.find((c) => c.resourceId === specimens.id)!.id;
    expect((await t.api.delete(`/api/v1/activities/${held.id}/claims/${claimId}`)).status).toBe(204);
    expect(await activity(held.id)).toMatchObject({ status: 'confirmed', holdExpiresAt: null, sequence: held.sequence + 1 });
    expect(changes).toContainEqual({ type: 'updated', activityId: held.id, attendeeRelevant: true, statusBefore: 'requested', statusAfter: 'confirmed' });

    // Giving up another unit's venue through PATCH settles the same way.
    const atHall = await createActivity(t.app, unitId, { status: 'confirmed', venueId: hall.id });
    expect(await activity(atHall.id)).toMatchObject({ status: 'requested' });
    const patched = await t.api.patch(`/api/v1/activities/${atHall.id}`).send({ venueId: null });
    expect(patched.body).toMatchObject({ status: 'confirmed', holdExpiresAt: null, claims: [] });

    // A hold the organizer asked for on its own resources waits for nobody: removing a claim keeps it a hold.
    const own = await createResource(t.app, { unitId, kind: 'equipment', quantity: 3 });
    const hold = await createActivity(t.app, unitId, { status: 'requested', claims: [{ resourceId: own.id, quantity: 1 }] });
    expect((await t.api.delete(`/api/v1/activities/${hold.id}/claims/${hold.claims[0]!.id}`)).status).toBe(204);
    expect(await activity(hold.id)).toMatchObject({ status: 'requested', sequence: hold.sequence });
  });

  it('raises SEQUENCE for time, place and status changes of the series or one occurrence, not for no-ops', async () => {
    const venue = await createResource(t.app, { unitId });
    const series = await createActivity(t.app, unitId, thursdays(venue.id, 3));
    const [first, second] = await occurrences(series.id);
    const sequence = async () => (await activity(series.id)).sequence as number;
    expect(await sequence()).toBe(0);
    await t.api.patch(`/api/v1/activities/${series.id}`).send({ title: { 'zh-CN': '新名', en: 'New name' } });
    expect(await sequence()).toBe(0);
    await patchOccurrence(series.id, first!.id, { status: 'scheduled' });
    expect(await sequence()).toBe(0);
    await patchOccurrence(series.id, second!.id, { startsAt: '2026-12-10T18:00:00-05:00' });
    expect(await sequence()).toBe(1);
    await patchOccurrence(series.id, first!.id, { status: 'cancelled' });
    expect(await sequence()).toBe(2);
    await t.api.patch(`/api/v1/activities/${series.id}`).send({ recurrenceRule: 'FREQ=WEEKLY;COUNT=4' });
    expect(await sequence()).toBe(3);
    const other = await createResource(t.app, { unitId });
    await t.api.patch(`/api/v1/activities/${series.id}`).send({ venueId: other.id });
    expect(await sequence()).toBe(4);
  });
});
