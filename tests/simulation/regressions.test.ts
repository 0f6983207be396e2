import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixedClock } from '../../src/shared/clock.ts';
import { linkSigner, resolveSecret } from '../../src/notifications/signing.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { activityBody, createUnit } from '../helpers/factories.ts';
import { createFeed, fetchFeed, textOf } from '../helpers/feeds.ts';

/** Defects the term simulation found (not in issue 10), each pinned by a test that failed before its fix. */
let t: TestContext;
const clock = new FixedClock('2027-02-21T00:00:00Z');
beforeAll(async () => {
  t = await startTestApp({ clock, env: { ORRERY_SECRET: 'regression-secret-regression-secret-0123456789' } });
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

it('an edit that moves no booking (capacity, title) is not refused for calendar time blocked after the booking was made', async () => {
  clock.set('2027-02-21T00:00:00Z');
  const unit = await createUnit(t.app);
  const created = await t.api.post('/api/v1/activities').send(activityBody(unit.id, { status: 'confirmed', capacity: 2 }));
  expect(created.status).toBe(201);
  const exams = await t.api.post('/api/v1/calendar-entries').send({ kind: 'exam_week', unitId: unit.id, name: { 'zh-CN': '考试周', en: 'Exam week' }, startsAt: '2027-03-01T00:00:00+08:00', endsAt: '2027-03-06T00:00:00+08:00' });
  expect(exams.status).toBe(201);
  const capacity = await t.api.patch(`/api/v1/activities/${created.body.id}`).send({ capacity: 5 });
  expect(capacity.status, JSON.stringify(capacity.body)).toBe(200);
  expect(capacity.body.capacity).toBe(5);
  const title = await t.api.patch(`/api/v1/activities/${created.body.id}`).send({ title: { 'zh-CN': '新标题', en: 'New title' } });
  expect(title.status, JSON.stringify(title.body)).toBe(200);
  // Moving it within the blocked week is still refused.
  const moved = await t.api.patch(`/api/v1/activities/${created.body.id}`).send({ startsAt: '2027-03-03T09:00:00+08:00', endsAt: '2027-03-03T11:00:00+08:00' });
  expect(moved.status).toBe(409);
  expect(moved.body.code).toBe('calendar_blocked');
});

it('a place freed after the activity is over promotes no one from the waitlist', async () => {
  clock.set('2027-02-21T00:00:00Z');
  const signer = linkSigner(resolveSecret(t.config));
  const unit = await createUnit(t.app);
  const created = await t.api.post('/api/v1/activities').send(activityBody(unit.id, { status: 'confirmed', capacity: 1 }));
  const first = await request(t.app).post(`/api/v1/activities/${created.body.id}/registrations`).send({ name: 'A', email: 'first@example.org', role: 'student' });
  const second = await request(t.app).post(`/api/v1/activities/${created.body.id}/registrations`).send({ name: 'B', email: 'second@example.org', role: 'student' });
  expect([first.body.status, second.body.status]).toEqual(['confirmed', 'waitlisted']);
  clock.set('2027-03-02T12:00:00Z'); // the field visit ended at 03:00Z
  const cancel = await request(t.app).post(`/api/v1/registrations/${first.body.id}/cancel?sig=${signer.sign(first.body.id, 'manage')}`).send({});
  expect(cancel.status).toBe(200);
  const { rows } = await t.db.pool.query('SELECT status FROM registrations WHERE id = $1', [second.body.id]);
  expect(rows[0].status).toBe('waitlisted');
  const promotions = await t.db.pool.query(`SELECT 1 FROM deliveries WHERE kind = 'promotion' AND registration_id = $1`, [second.body.id]);
  expect(promotions.rowCount).toBe(0);
});
