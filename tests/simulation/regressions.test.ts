import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FixedClock } from '../../src/shared/clock.ts';
import { linkSigner, resolveSecret } from '../../src/auth/signed-links.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { activityBody, createResource, createUnit } from '../helpers/factories.ts';
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

it('a public activity that was only ever requested is never published, not even once it is cancelled', async () => {
  clock.set('2027-02-21T00:00:00Z');
  const organizer = await createUnit(t.app);
  const owner = await createUnit(t.app);
  const pool = await createResource(t.app, { unitId: owner.id, kind: 'equipment', quantity: 3, category: 'telescope' });
  const feed = await createFeed(t.app, { type: 'programme', ownerUnitId: owner.id, language: 'both' });
  const body = (title: string) => activityBody(organizer.id, { status: 'confirmed', visibility: 'public', title: { 'zh-CN': title, en: title }, claims: [{ resourceId: pool.id, quantity: 1 }] });
  const requested = await t.api.post('/api/v1/activities').send(body('Never confirmed'));
  expect(requested.status, JSON.stringify(requested.body)).toBe(201);
  expect(requested.body.status).toBe('requested');
  // The control: the same request approved (so published), then cancelled, stays in the programme marked cancelled.
  const published = await t.api.post('/api/v1/activities').send(activityBody(organizer.id, { status: 'confirmed', visibility: 'public', title: { 'zh-CN': 'Published once', en: 'Published once' } }));
  expect(published.body.status).toBe('confirmed');
  clock.set('2027-02-22T03:00:00Z');
  for (const id of [requested.body.id, published.body.id]) {
    expect((await t.api.patch(`/api/v1/activities/${id}`).send({ status: 'cancelled' })).status).toBe(200);
  }
  const ics = textOf(await fetchFeed(t.app, feed.token));
  expect(ics).toContain(`UID:activity-${published.body.id}@`);
  expect(ics).not.toContain('Never confirmed');
  expect(ics).not.toContain(`UID:activity-${requested.body.id}@`);
  expect((await request(t.app).get(`/api/v1/activities/${requested.body.id}`)).status).toBe(404);
  const listed = await request(t.app).get('/api/v1/activities').query({ status: 'cancelled', limit: 200 });
  expect((listed.body.items as { id: number }[]).map((a) => a.id)).toContain(published.body.id);
  expect((listed.body.items as { id: number }[]).map((a) => a.id)).not.toContain(requested.body.id);
  const programme = await request(t.app).get('/api/v1/programme').query({ from: '2027-03-01T00:00:00Z', to: '2027-03-03T00:00:00Z' });
  expect(programme.status, JSON.stringify(programme.body)).toBe(200);
  expect(JSON.stringify(programme.body)).not.toContain('Never confirmed');
  expect(JSON.stringify(programme.body)).toContain('Published once');
});

it('an edit of a claim or a split is re-checked against calendar time only over occurrences that have not ended: past ones are history', async () => {
  clock.set('2027-02-21T00:00:00Z');
  const unit = await createUnit(t.app);
  const pool = await createResource(t.app, { unitId: unit.id, kind: 'equipment', quantity: 4, category: 'microscope' });
  // Tuesdays 2, 9, 16, 23 March 2027, 09:00–11:00 Beijing.
  const created = await t.api.post('/api/v1/activities').send(activityBody(unit.id, { status: 'confirmed', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4', claims: [{ resourceId: pool.id, quantity: 2 }] }));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const claimId = (created.body.claims as { id: number; resourceId: number }[]).find((c) => c.resourceId === pool.id)!.id;
  // An exam week over the first session, entered after the booking.
  const exams = await t.api.post('/api/v1/calendar-entries').send({ kind: 'exam_week', unitId: unit.id, name: { 'zh-CN': '考试周', en: 'Exam week' }, startsAt: '2027-03-01T00:00:00+08:00', endsAt: '2027-03-06T00:00:00+08:00' });
  expect(exams.status).toBe(201);
  clock.set('2027-03-04T00:00:00Z'); // the first session is over
  const edit = await t.api.patch(`/api/v1/activities/${created.body.id}/claims/${claimId}`).send({ setupMinutes: 15 });
  expect(edit.status, JSON.stringify(edit.body)).toBe(200);
  expect([edit.body.setupMinutes, edit.body.quantity]).toEqual([15, 2]);
  const { body: occurrences } = await t.api.get(`/api/v1/activities/${created.body.id}/occurrences`);
  const split = await t.api.post(`/api/v1/activities/${created.body.id}/split`).send({ occurrenceId: occurrences.items[2].id });
  expect(split.status, JSON.stringify(split.body)).toBeLessThan(300);
  // A block over a session still ahead refuses the same edit.
  const closure = await t.api.post('/api/v1/calendar-entries').send({ kind: 'closure', unitId: unit.id, name: { 'zh-CN': '闭馆', en: 'Closed' }, startsAt: '2027-03-09T00:00:00+08:00', endsAt: '2027-03-10T00:00:00+08:00' });
  expect(closure.status).toBe(201);
  const refused = await t.api.patch(`/api/v1/activities/${created.body.id}/claims/${claimId}`).send({ setupMinutes: 30 });
  expect(refused.status).toBe(409);
  expect(refused.body.code).toBe('calendar_blocked');
});

it("a series leaves the feeds FEED_PAST_DAYS after its last occurrence ends, not after its first one's booked time", async () => {
  clock.set('2027-02-21T00:00:00Z');
  const unit = await createUnit(t.app);
  const feed = await createFeed(t.app, { type: 'unit', ownerUnitId: unit.id, unitId: unit.id, language: 'both' });
  // Tuesdays 2 and 9 March 2027, both moved a week earlier, to 25 and 26 February.
  const created = await t.api.post('/api/v1/activities').send(activityBody(unit.id, { status: 'confirmed', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=2' }));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { body: occurrences } = await t.api.get(`/api/v1/activities/${created.body.id}/occurrences`);
  for (const [i, day] of [[1, '26'], [0, '25']] as const) {
    const moved = await t.api.patch(`/api/v1/activities/${created.body.id}/occurrences/${occurrences.items[i].id}`).send({ startsAt: `2027-02-${day}T09:00:00+08:00`, endsAt: `2027-02-${day}T11:00:00+08:00` });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  }
  clock.set('2027-03-24T12:00:00Z'); // 26 days after the last session: still shown
  expect(textOf(await fetchFeed(t.app, feed.token))).toContain(`UID:activity-${created.body.id}@`);
  clock.set('2027-03-29T12:00:00Z'); // 31 days after it, 27 after the first session's booked time
  expect(textOf(await fetchFeed(t.app, feed.token))).not.toContain(`UID:activity-${created.body.id}@`);
});
