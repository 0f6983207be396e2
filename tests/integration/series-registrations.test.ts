import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedActivity, register, startMailTest, type MailTest } from '../helpers/mail.ts';

/**
 * A series is over when its last scheduled occurrence has ended, not its first (issue 10, item 4).
 * A weekly club on six Thursdays, 4 March – 8 April 2027, 16:00–17:30 Beijing time (08:00–09:30Z);
 * the clock moves through it.
 */
let m: MailTest;
beforeAll(async () => {
  m = await startMailTest('2027-03-01T00:00:00Z');
});
afterAll(() => m.close());

const CLUB = {
  kind: 'club_session', title: { 'zh-CN': '天文社', en: 'Astronomy club' },
  startsAt: '2027-03-04T16:00:00+08:00', endsAt: '2027-03-04T17:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=6',
};
const BEFORE_WEEK_1 = '2027-03-01T00:00:00Z';
const DURING_WEEK_3 = '2027-03-18T12:00:00Z'; // the third session ended 2½ hours ago, three are ahead
const WEEK_6 = '2027-04-06T00:00:00Z'; // more than 30 days after the first session ended
const LAST_ENDS = '2027-04-08T09:30:00Z';

const manage = (id: number) => `?sig=${encodeURIComponent(m.signer.sign(id, 'manage'))}`;
const cancel = (id: number) => request(m.t.app).post(`/api/v1/registrations/${id}/cancel${manage(id)}`);
const statusOf = async (id: number) => (await request(m.t.app).get(`/api/v1/registrations/${id}${manage(id)}`)).body;

describe('a recurring activity takes registrations until its last occurrence ends', () => {
  it('registers before week 1 and during week 3, and refuses after the last occurrence', async () => {
    const club = await confirmedActivity(m, CLUB);
    m.clock.set(BEFORE_WEEK_1);
    expect((await register(m.t.app, club.id)).status).toBe(201);
    m.clock.set(DURING_WEEK_3);
    const during = await register(m.t.app, club.id);
    expect(during.status, JSON.stringify(during.body)).toBe(201);
    expect(during.body.status).toBe('confirmed');
    m.clock.set('2027-04-08T09:29:00Z');
    expect((await register(m.t.app, club.id)).status).toBe(201);
    m.clock.set(LAST_ENDS);
    const after = await register(m.t.app, club.id);
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('registration_closed');
  });

  it('closes once the sessions still ahead are all cancelled', async () => {
    const club = await confirmedActivity(m, CLUB);
    const { body: occurrences } = await m.t.api.get(`/api/v1/activities/${club.id}/occurrences`);
    for (const o of occurrences.items.slice(3)) {
      expect((await m.t.api.patch(`/api/v1/activities/${club.id}/occurrences/${o.id}`).send({ status: 'cancelled' })).status).toBe(200);
    }
    m.clock.set(DURING_WEEK_3);
    expect((await register(m.t.app, club.id)).status).toBe(409);
  });

  it('closes when every session is cancelled, although the activity itself is still confirmed', async () => {
    m.clock.set(BEFORE_WEEK_1);
    const club = await confirmedActivity(m, CLUB);
    const { body: occurrences } = await m.t.api.get(`/api/v1/activities/${club.id}/occurrences`);
    for (const o of occurrences.items) {
      expect((await m.t.api.patch(`/api/v1/activities/${club.id}/occurrences/${o.id}`).send({ status: 'cancelled' })).status).toBe(200);
    }
    const refused = await register(m.t.app, club.id);
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.code).toBe('registration_closed');
  });

  it('lists the series on the participant page while it runs, and drops it a month after its last occurrence', async () => {
    m.clock.set(BEFORE_WEEK_1);
    const club = await confirmedActivity(m, CLUB);
    const visit = await confirmedActivity(m, { startsAt: '2027-06-02T09:00:00+08:00', endsAt: '2027-06-02T11:00:00+08:00' });
    const email = 'club-member@example.org';
    const inClub = (await register(m.t.app, club.id, { email })).body;
    const inVisit = (await register(m.t.app, visit.id, { email })).body;
    const page = () => request(m.t.app).get(`/registrations/${inVisit.id}${manage(inVisit.id)}`);

    m.clock.set(WEEK_6);
    const during = await page();
    expect(during.status).toBe(200);
    expect(during.text).toContain('天文社');
    expect(during.text).toContain(`/registrations/${inClub.id}?`);

    m.clock.set('2027-05-09T00:00:00Z'); // 31 days after the last session
    expect((await page()).text).not.toContain('天文社');
  });
});

describe('waitlist promotion follows the series too', () => {
  it('promotes while sessions are ahead, and not once the series is over', async () => {
    m.clock.set(BEFORE_WEEK_1);
    const club = await confirmedActivity(m, { ...CLUB, capacity: 1 });
    const [a, b, c] = [(await register(m.t.app, club.id)).body, (await register(m.t.app, club.id)).body, (await register(m.t.app, club.id)).body];
    expect([a.status, b.status, c.status]).toEqual(['confirmed', 'waitlisted', 'waitlisted']);

    m.clock.set(DURING_WEEK_3);
    expect((await cancel(a.id)).status).toBe(200);
    expect((await statusOf(b.id)).status).toBe('confirmed');

    m.clock.set(LAST_ENDS);
    expect((await cancel(b.id)).status).toBe(200);
    expect((await statusOf(c.id)).status).toBe('waitlisted');
    const { rows } = await m.t.db.pool.query(`SELECT registration_id FROM deliveries WHERE activity_id = $1 AND kind = 'promotion'`, [club.id]);
    expect(rows).toEqual([{ registration_id: b.id }]);
  });
});

describe('lists of activities ask the series too', () => {
  it('lists a running series among the activities ending after a moment, and not after its last occurrence', async () => {
    m.clock.set(BEFORE_WEEK_1);
    const club = await confirmedActivity(m, CLUB);
    const listed = async (from: string) =>
      ((await m.t.api.get('/api/v1/activities').query({ from, unitId: club.organizerUnitId })).body.items as { id: number }[]).map((a) => a.id);
    expect(await listed(DURING_WEEK_3)).toEqual([club.id]);
    expect(await listed(LAST_ENDS)).toEqual([]);
  });
});
