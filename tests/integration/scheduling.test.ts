import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { createActivity, createResource, createUnit } from '../helpers/factories.ts';

// One app for the file; each test books its own unit's busy Tuesday, so what one test adds
// (a closure, another booking) never shows in another's schedule or search.
let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/**
 * A unit on Tuesday 2027-03-09: 5 + 1 spare telescopes (of a category only this unit has) with 3 in use 08:30–11:00
 * (30 min set-up) and 2 in use 10:00–12:00; a dome open Tue/Wed 09:00–16:30, booked 13:00–14:00;
 * and a room.
 */
async function busyTelescopeTuesday() {
  const unitId = (await createUnit(t.app)).id;
  // Equipment search looks in every unit's pools of a category: a category per test keeps them apart.
  const category = `scope_${randomBytes(4).toString('hex')}`;
  const telescopes = (await createResource(t.app, { unitId, kind: 'equipment', category, quantity: 5 })).id;
  const spare = (await createResource(t.app, { unitId, kind: 'equipment', category, quantity: 1 })).id;
  const open = { tue: [['09:00', '16:30']], wed: [['09:00', '16:30']] };
  const dome = (await createResource(t.app, { unitId, openingHours: open })).id;
  const room = (await createResource(t.app, { unitId })).id;
  await createActivity(t.app, unitId, { status: 'confirmed', startsAt: '2027-03-09T09:00:00+08:00', endsAt: '2027-03-09T11:00:00+08:00', claims: [{ resourceId: telescopes, quantity: 3, setupMinutes: 30 }] });
  await createActivity(t.app, unitId, { status: 'confirmed', startsAt: '2027-03-09T10:00:00+08:00', endsAt: '2027-03-09T12:00:00+08:00', claims: [{ resourceId: telescopes, quantity: 2 }] });
  await createActivity(t.app, unitId, { status: 'confirmed', venueId: dome, startsAt: '2027-03-09T13:00:00+08:00', endsAt: '2027-03-09T14:00:00+08:00' });
  return { unitId, category, telescopes, spare, dome, room };
}

const search = (body: Record<string, unknown>) => t.api.post('/api/v1/availability/search').send({ timeZone: 'Asia/Shanghai', ...body });

describe('resource schedule', () => {
  it('shows busy periods with the quantity in use, buffers included', async () => {
    const { telescopes } = await busyTelescopeTuesday();
    const res = await t.api.get(`/api/v1/resources/${telescopes}/schedule?from=2027-03-09T00:00:00Z&to=2027-03-10T00:00:00Z`);
    expect(res.status).toBe(200);
    expect(res.body.periods).toEqual([
      { startsAt: '2027-03-09T00:30:00Z', endsAt: '2027-03-09T02:00:00Z', inUse: 3, free: 2 },
      { startsAt: '2027-03-09T02:00:00Z', endsAt: '2027-03-09T03:00:00Z', inUse: 5, free: 0 },
      { startsAt: '2027-03-09T03:00:00Z', endsAt: '2027-03-09T04:00:00Z', inUse: 2, free: 3 },
    ]);
    expect(res.body.bookings).toHaveLength(2);
    expect((await t.api.get(`/api/v1/resources/${telescopes}/schedule?from=2027-03-10T00:00:00Z&to=2027-03-09T00:00:00Z`)).status).toBe(422);
  });
});

describe('availability search', () => {
  it('returns the earliest slots with the resources each would use', async () => {
    const { category, telescopes, spare, dome, room } = await busyTelescopeTuesday();
    const res = await search({
      durationMinutes: 60, from: '2027-03-09', to: '2027-03-10', hours: { from: '09:00', to: '16:30' },
      equipment: [{ category, quantity: 3 }], venueChoices: { resourceIds: [dome, room] }, limit: 3,
    });
    expect(res.status).toBe(200);
    // 09:00–10:00: 3 in use, 2 + 1 spare free; 10:00–11:00 is full; 11:00–12:00 has 3 + 1 free.
    expect(res.body.slots.map((s: { startsAt: string }) => s.startsAt)).toEqual(['2027-03-09T09:00:00+08:00', '2027-03-09T11:00:00+08:00', '2027-03-09T11:30:00+08:00']);
    expect(res.body.slots[0].resources).toEqual([
      { resourceId: telescopes, quantity: 2, setupMinutes: 0, teardownMinutes: 0 },
      { resourceId: spare, quantity: 1, setupMinutes: 0, teardownMinutes: 0 },
      { resourceId: dome, quantity: 1, setupMinutes: 0, teardownMinutes: 0 },
    ]);
    expect(res.body.explanation).toBeNull();
  });

  it('honours opening hours, calendars and weekdays, and explains when nothing fits', async () => {
    const { unitId, telescopes, dome } = await busyTelescopeTuesday();
    await t.api.post('/api/v1/calendar-entries').send({ kind: 'closure', unitId, name: { 'zh-CN': '闭馆', en: 'Closed for works' }, startsOn: '2027-03-10', endsOn: '2027-03-10' });
    const res = await search({
      durationMinutes: 120, from: '2027-03-08', to: '2027-03-10', weekdays: ['mon', 'tue', 'wed'], hours: { from: '12:00', to: '18:00' },
      resources: [{ resourceId: dome }],
    });
    expect(res.body.slots.map((s: { startsAt: string }) => s.startsAt)).toEqual(['2027-03-09T14:00:00+08:00', '2027-03-09T14:30:00+08:00']);
    await createActivity(t.app, unitId, { status: 'confirmed', startsAt: '2027-03-09T13:00:00+08:00', endsAt: '2027-03-09T18:00:00+08:00', claims: [{ resourceId: telescopes, quantity: 2 }] });
    const none = await search({ durationMinutes: 120, from: '2027-03-08', to: '2027-03-10', hours: { from: '12:00', to: '18:00' }, resources: [{ resourceId: dome }, { resourceId: telescopes, quantity: 5 }] });
    expect(none.body.slots).toEqual([]);
    const days = Object.fromEntries(none.body.explanation.days.map((d: { date: string; blockedBy: { kind: string }[] }) => [d.date, d.blockedBy.map((b) => b.kind).sort()]));
    expect(days).toEqual({ '2027-03-08': ['opening_hours'], '2027-03-09': ['busy', 'busy', 'opening_hours'], '2027-03-10': ['calendar', 'calendar'] });
    expect(none.body.explanation.nearest).toMatchObject({ startsAt: '2027-03-09T14:00:00+08:00', problems: [{ kind: 'busy', requirement: `resource ${telescopes}`, needed: 5, free: 3 }] });
  });

  it('refuses unknown resources and empty requests, changing nothing', async () => {
    const { telescopes, room } = await busyTelescopeTuesday();
    const before = await tableCounts(t.db.pool);
    const unknown = await search({ durationMinutes: 60, from: '2027-03-09', to: '2027-03-10', resources: [{ resourceId: 987654 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].message).toContain('987654');
    expect((await search({ durationMinutes: 60, from: '2027-03-09', to: '2027-03-10' })).status).toBe(422);
    expect((await search({ durationMinutes: 60, from: '2027-03-09', to: '2028-06-10', resources: [{ resourceId: room }] })).status).toBe(422);
    expect((await search({ durationMinutes: 60, from: '2027-03-09', to: '2027-03-10', venueChoices: { resourceIds: [telescopes] } })).body.errors[0].path).toBe('body.venueChoices.resourceIds.0');
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });
});
