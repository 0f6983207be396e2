import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../helpers/db.ts';
import { userWithToken } from '../helpers/auth.ts';
import { confirmedActivity, register, startMailTest, type MailTest } from '../helpers/mail.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';

let m: MailTest;
beforeAll(async () => {
  m = await startMailTest();
});
afterAll(() => m.close());

const manage = (id: number) => `/api/v1/registrations/${id}?sig=${m.signer.sign(id, 'manage')}`;

describe('registering', () => {
  it('confirms a place and returns the existing one (200) for a repeat with the same email, in any case', async () => {
    const activity = await confirmedActivity(m, { capacity: 10 });
    const first = await register(m.t.app, activity.id, { email: 'Li.Hua@School.example.org' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ activityId: activity.id, status: 'confirmed', waitlistPosition: null });
    // Anyone can post an address: the answer must not reveal the participant's details.
    expect(JSON.stringify(first.body)).not.toContain('李华');
    const again = await register(m.t.app, activity.id, { email: 'li.hua@school.example.org', name: 'Someone else' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const { rows } = await m.t.db.pool.query('SELECT email, name FROM registrations WHERE activity_id = $1', [activity.id]);
    expect(rows).toEqual([{ email: 'li.hua@school.example.org', name: '李华' }]);
  });

  it('says alreadyRegistered on a repeat (confirmed or waitlisted), sends no second email, and not after a cancel', async () => {
    const activity = await confirmedActivity(m, { capacity: 1 });
    const first = await register(m.t.app, activity.id, { email: 'again@example.org' });
    const waiting = await register(m.t.app, activity.id, { email: 'again-wait@example.org' });
    expect([first.status, first.body.alreadyRegistered]).toEqual([201, false]);
    expect([waiting.status, waiting.body.status, waiting.body.alreadyRegistered]).toEqual([201, 'waitlisted', false]);
    await m.worker().drain();
    m.smtp.clear();
    const again = await register(m.t.app, activity.id, { email: 'again@example.org' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, status: 'confirmed', alreadyRegistered: true });
    const waitingAgain = await register(m.t.app, activity.id, { email: 'again-wait@example.org' });
    expect(waitingAgain.status).toBe(200);
    expect(waitingAgain.body).toMatchObject({ id: waiting.body.id, status: 'waitlisted', waitlistPosition: 1, alreadyRegistered: true });
    // The organizer's form answers the same way.
    const byHand = await request(m.t.app).post(`/api/v1/activities/${activity.id}/participants`).set(m.admin.headers)
      .send({ name: '李华', email: 'again@example.org', role: 'student' });
    expect([byHand.status, byHand.body.alreadyRegistered]).toEqual([200, true]);
    await m.worker().drain();
    expect(m.smtp.messages).toEqual([]);
    // Cancelled, then registering again is a new registration, not "already registered".
    await request(m.t.app).post(`/api/v1/registrations/${first.body.id}/cancel?sig=${m.signer.sign(first.body.id, 'manage')}`).expect(200);
    const back = await register(m.t.app, activity.id, { email: 'again@example.org' });
    expect([back.status, back.body.alreadyRegistered]).toEqual([201, false]);
  });

  it('puts registrants beyond capacity on the waitlist in order, and promotes the first when a place frees', async () => {
    const activity = await confirmedActivity(m, { capacity: 2 });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await register(m.t.app, activity.id, { email: `w${i}@example.org` })).body.id);
    const statuses = await Promise.all(ids.map(async (id) => (await request(m.t.app).get(manage(id))).body));
    expect(statuses.map((s) => [s.status, s.waitlistPosition])).toEqual([
      ['confirmed', null], ['confirmed', null], ['waitlisted', 1], ['waitlisted', 2], ['waitlisted', 3],
    ]);
    const cancelled = await request(m.t.app).post(`/api/v1/registrations/${ids[0]}/cancel?sig=${m.signer.sign(ids[0]!, 'manage')}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await request(m.t.app).get(manage(ids[2]!))).body.status).toBe('confirmed');
    expect((await request(m.t.app).get(manage(ids[3]!))).body.waitlistPosition).toBe(1);
    const kinds = await m.t.db.pool.query(`SELECT registration_id, kind FROM deliveries WHERE activity_id = $1 AND kind IN ('promotion', 'cancellation')`, [activity.id]);
    expect(kinds.rows).toEqual(expect.arrayContaining([{ registration_id: ids[0], kind: 'cancellation' }, { registration_id: ids[2], kind: 'promotion' }]));
    // Raising the capacity promotes the next in line, through the activity change listener.
    await request(m.t.app).patch(`/api/v1/activities/${activity.id}`).set(m.admin.headers).send({ capacity: 3 });
    expect((await request(m.t.app).get(manage(ids[3]!))).body.status).toBe('confirmed');
    expect((await request(m.t.app).get(manage(ids[4]!))).body.waitlistPosition).toBe(1);
  });

  it('serialises a burst of registrations for the last places: never more confirmed than the capacity', async () => {
    const activity = await confirmedActivity(m, { capacity: 3 });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => register(m.t.app, activity.id, { email: `burst${i}@example.org` })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(results.filter((r) => r.body.status === 'confirmed')).toHaveLength(3);
    const positions = results.filter((r) => r.body.status === 'waitlisted').map((r) => r.body.waitlistPosition).sort((a, b) => a - b);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses invalid input and closed activities without changing the database', async () => {
    const activity = await confirmedActivity(m);
    const draft = await createActivity(m.t.app, activity.organizerUnitId);
    const before = await tableCounts(m.t.db.pool);
    const injected = await register(m.t.app, activity.id, { name: 'Li\r\nBcc: victim@example.org' });
    expect(injected.status).toBe(422);
    expect(injected.body.errors.map((e: { path: string }) => e.path)).toContain('body.name');
    const bad = await register(m.t.app, activity.id, { email: 'not-an-email', role: 'pilot', grade: 13, extra: 1 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.email', 'body.role', 'body.grade']));
    const closed = await register(m.t.app, draft.id);
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('registration_closed');
    expect((await register(m.t.app, 99_999_999)).status).toBe(404);
    expect(await tableCounts(m.t.db.pool)).toEqual(before);
  });
});

describe('signed links', () => {
  it('show a participant their own data only with the right signature, and cancel is idempotent', async () => {
    const activity = await confirmedActivity(m);
    const { body } = await register(m.t.app, activity.id, { email: 'own@example.org', name: 'Wang Fang', language: 'en' });
    const own = await request(m.t.app).get(manage(body.id));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ name: 'Wang Fang', email: 'own@example.org', role: 'student', grade: 7, class: '3班', language: 'en' });
    for (const sig of ['', 'x', m.signer.sign(body.id + 1, 'manage'), m.signer.sign(body.id, 'unsubscribe')]) {
      const res = await request(m.t.app).get(`/api/v1/registrations/${body.id}?sig=${sig}`);
      expect([404, 422]).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain('Wang Fang');
    }
    // The unsubscribe signature cannot cancel.
    expect((await request(m.t.app).post(`/api/v1/registrations/${body.id}/cancel?sig=${m.signer.sign(body.id, 'unsubscribe')}`)).status).toBe(404);
    const page = await request(m.t.app).get(`/registrations/${body.id}?sig=${m.signer.sign(body.id, 'manage')}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Wang Fang');
    const form = await request(m.t.app).post(`/registrations/${body.id}/cancel?sig=${m.signer.sign(body.id, 'manage')}`).type('form').send('');
    expect(form.status).toBe(303);
    const again = await request(m.t.app).post(`/api/v1/registrations/${body.id}/cancel?sig=${m.signer.sign(body.id, 'manage')}`);
    expect(again.body.status).toBe('cancelled');
    const cancellations = await m.t.db.pool.query(`SELECT count(*)::int AS n FROM deliveries WHERE registration_id = $1 AND kind = 'cancellation'`, [body.id]);
    expect(cancellations.rows[0].n).toBe(1);
    expect((await request(m.t.app).get(`/registrations/${body.id}?sig=nope`)).status).toBe(404);
  });
});

describe('organizers', () => {
  it("list and export their unit's registrations; other units and anonymous callers may not", async () => {
    const activity = await confirmedActivity(m, { capacity: 1 });
    await register(m.t.app, activity.id, { email: 'a@example.org', name: '=HYPERLINK("x")' });
    await register(m.t.app, activity.id, { email: 'b@example.org', name: '张伟, Jr' });
    const organizer = await userWithToken(m.t, 'organizer', activity.organizerUnitId);
    const list = await request(m.t.app).get(`/api/v1/activities/${activity.id}/registrations`).set(organizer.headers);
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { email: string; status: string }) => [r.email, r.status])).toEqual([['a@example.org', 'confirmed'], ['b@example.org', 'waitlisted']]);
    const waitlisted = await request(m.t.app).get(`/api/v1/activities/${activity.id}/registrations?status=waitlisted`).set(organizer.headers);
    expect(waitlisted.body.items).toHaveLength(1);
    const csv = await request(m.t.app).get(`/api/v1/activities/${activity.id}/registrations.csv`).set(organizer.headers);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,status,waitlist_position,name,email,role,grade,class,language,reminders,registered_at');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[2]).toContain('"张伟, Jr",b@example.org,student,7,3班,zh-CN,on');
    const otherUnit = await createUnit(m.t.app);
    const stranger = await userWithToken(m.t, 'organizer', otherUnit.id);
    expect((await request(m.t.app).get(`/api/v1/activities/${activity.id}/registrations`).set(stranger.headers)).status).toBe(403);
    expect((await request(m.t.app).get(`/api/v1/activities/${activity.id}/registrations.csv`)).status).toBe(401);
  });
});
