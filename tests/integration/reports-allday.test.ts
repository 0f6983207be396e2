import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/shared/clock.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createActivity, createResource, createUnit } from '../helpers/factories.ts';

/**
 * Issue 25 item 6: all-day and multi-day activities count the hours their venue is open, not 24 h a
 * day (a twelve-day exhibition showed 288 h). December 2026, Asia/Shanghai; the hall is open Mon–Fri
 * 09–17 and Sat 10–16, closed on Sunday. Every figure below is worked out by hand.
 */
type Table = { name: string; rows: Record<string, unknown>[] };
let t: TestContext;
let unitId: number;
let hall: number;
const clock = new FixedClock('2026-11-24T00:00:00Z');
const PERIOD = 'period=custom&from=2026-12-01&to=2026-12-31&zone=Asia/Shanghai';

async function tables(name: string): Promise<Record<string, Table>> {
  const res = await request(t.app).get(`/api/v1/reports/${name}?${PERIOD}&unitId=${unitId}`).set(t.admin);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Object.fromEntries((res.body as { tables: Table[] }).tables.map((x) => [x.name, x]));
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  unitId = (await createUnit(t.app)).id;
  const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]]));
  hall = (await createResource(t.app, { unitId, openingHours: { ...week, sat: [['10:00', '16:00']] } })).id;
  // Mon 7 – Fri 18 December, twelve days: 2 × (5 × 8 h) + Sat 6 h + Sun 0 h = 86 h (was 12 × 24 = 288 h).
  await createActivity(t.app, unitId, { kind: 'exhibition', status: 'confirmed', venueId: hall, allDay: true, startsAt: '2026-12-07T00:00:00+08:00', endsAt: '2026-12-19T00:00:00+08:00' });
  // No venue, three days (Tue 1 – Thu 3): the documented default, 8 h a day = 24 h (was 72 h).
  await createActivity(t.app, unitId, { kind: 'exhibition', status: 'confirmed', allDay: true, startsAt: '2026-12-01T00:00:00+08:00', endsAt: '2026-12-04T00:00:00+08:00' });
  // Timed but over two days, Mon 21 09:30 → Wed 23 12:00, no venue (the hall would refuse its nights):
  // the default 09–17 each day, 7.5 + 8 + 3 = 18.5 h (was 50.5 h).
  await createActivity(t.app, unitId, { kind: 'teacher_training', status: 'confirmed', startsAt: '2026-12-21T09:30:00+08:00', endsAt: '2026-12-23T12:00:00+08:00' });
  // An evening over midnight stays its length: Thu 24 22:00 → Fri 25 01:00 = 3 h.
  await createActivity(t.app, unitId, { kind: 'field_visit', status: 'confirmed', startsAt: '2026-12-24T22:00:00+08:00', endsAt: '2026-12-25T01:00:00+08:00' });
  clock.set('2027-01-15T00:00:00Z');
}, 60_000);
afterAll(() => t.close());

describe('hours of all-day and multi-day activities', () => {
  it('count the venue’s opening hours per day (8 h without them), not 24 h a day', async () => {
    const held = (await tables('delivery')).held!.rows.map((r) => [r.kind, r.held, r.hours]);
    expect(held).toEqual(expect.arrayContaining([['exhibition', 2, 110], ['teacher_training', 1, 18.5], ['field_visit', 1, 3]]));
    expect(held).toHaveLength(3);
    const totals = (await tables('reach')).totals!.rows[0]!;
    expect(totals.trainingHours).toBe(18.5);
  });

  it('utilisation: an all-day exhibition books its venue while it is open, not day and night', async () => {
    // December 2026 in the hall: 23 weekdays × 8 h + 4 Saturdays × 6 h = 208 open hours; the
    // exhibition's booking holds it 7–19 December, booked while open = the 86 h above (was 288 h, 138.5 %).
    const row = (await tables('utilisation')).resources!.rows.find((r) => r.resourceId === hall)!;
    expect([row.openHours, row.bookedHours, row.utilisation]).toEqual([208, 86, 41.3]);
  });
});
