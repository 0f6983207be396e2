import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixedClock } from '../../src/shared/clock.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { activityBody, createUnit } from '../helpers/factories.ts';
import { createFeed, fetchFeed, textOf } from '../helpers/feeds.ts';

/** Defects the term simulation found (not in issue 10), each pinned by a test that failed before its fix. */
let t: TestContext;
const clock = new FixedClock('2027-02-21T00:00:00Z');
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(() => t.close());

it("a cancelled activity's cancelledAt comes from the injected clock, so it stays in feeds (marked cancelled) for FEED_CANCELLED_DAYS", async () => {
  const unit = await createUnit(t.app);
  const feed = await createFeed(t.app, { type: 'unit', ownerUnitId: unit.id, unitId: unit.id, language: 'both' });
  const created = await t.api.post('/api/v1/activities').send(activityBody(unit.id, { status: 'confirmed' }));
  expect(created.status).toBe(201);
  clock.set('2027-02-22T03:00:00Z');
  const cancelled = await t.api.patch(`/api/v1/activities/${created.body.id}`).send({ status: 'cancelled' });
  expect(cancelled.status).toBe(200);
  expect(Date.parse(cancelled.body.cancelledAt)).toBe(Date.parse('2027-02-22T03:00:00Z'));
  clock.set('2027-02-23T03:00:00Z');
  const ics = textOf(await fetchFeed(t.app, feed.token));
  expect(ics).toContain(`UID:activity-${created.body.id}@`);
  expect(ics).toContain('STATUS:CANCELLED');
  const read = await request(t.app).get(`/api/v1/activities/${created.body.id}`).set(t.admin);
  expect(Date.parse(read.body.cancelledAt)).toBe(Date.parse('2027-02-22T03:00:00Z'));
});
