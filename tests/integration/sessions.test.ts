import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedActivity, deliveriesOf, invitationOf, register, startMailTest, type MailTest } from '../helpers/mail.ts';

/**
 * Sessions (issue 14 item 1): a science show with three performances, 10, 17 and 24 March 2027,
 * 19:00–20:30 Beijing time, two seats each; participants register for one performance and move.
 */
let m: MailTest;
beforeAll(async () => {
  m = await startMailTest('2027-03-01T00:00:00Z');
});
afterAll(() => m.close());

const SHOW = {
  kind: 'science_show', title: { 'zh-CN': '科学秀', en: 'Science show' }, capacity: 2, registrationScope: 'occurrence',
  startsAt: '2027-03-10T19:00:00+08:00', endsAt: '2027-03-10T20:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=3',
};
const sig = (id: number) => `?sig=${encodeURIComponent(m.signer.sign(id, 'manage'))}`;
const move = (id: number, occurrenceId: unknown, signature = sig(id)) =>
  request(m.t.app).post(`/api/v1/registrations/${id}/move${signature}`).send({ occurrenceId });
const registrationRows = async (activityId: number) =>
  (await m.t.db.pool.query('SELECT id, status, occurrence_id::int AS "occurrenceId", sequence_offset AS "offset" FROM registrations WHERE activity_id = $1 ORDER BY id', [activityId])).rows;

async function show(): Promise<{ id: number; occurrences: number[] }> {
  const activity = await confirmedActivity(m, SHOW);
  const { body } = await m.t.api.get(`/api/v1/activities/${activity.id}/occurrences`);
  return { id: activity.id, occurrences: body.items.map((o: { id: number }) => o.id) };
}

describe('registering for one occurrence', () => {
  it('needs an upcoming occurrence of the activity, and counts places per occurrence', async () => {
    const { id, occurrences: [first, second] } = await show();
    const missing = await register(m.t.app, id);
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].path).toBe('body.occurrenceId');
    const other = await show();
    const foreign = await register(m.t.app, id, { occurrenceId: other.occurrences[0] });
    expect(foreign.status).toBe(422);
    expect(await registrationRows(id)).toEqual([]);

    const a = await register(m.t.app, id, { occurrenceId: first });
    const b = await register(m.t.app, id, { occurrenceId: first });
    const c = await register(m.t.app, id, { occurrenceId: first });
    const d = await register(m.t.app, id, { occurrenceId: second });
    expect([a, b, c, d].map((r) => r.body.status)).toEqual(['confirmed', 'confirmed', 'waitlisted', 'confirmed']);
    expect(c.body.waitlistPosition).toBe(1);
    const places = (await request(m.t.app).get(`/api/v1/activities/${id}/places`)).body;
    expect(places.registrationScope).toBe('occurrence');
    expect(places.occurrences.map((o: { seatsLeft: number; waitlisted: number }) => [o.seatsLeft, o.waitlisted])).toEqual([[0, 1], [1, 0], [2, 0]]);
    // A series activity refuses an occurrence: it registers for all of them.
    const club = await confirmedActivity(m, { ...SHOW, registrationScope: 'series', title: { 'zh-CN': '社团', en: 'Club' } });
    expect((await register(m.t.app, club.id, { occurrenceId: first })).status).toBe(422);
  });
});

describe('moving to another occurrence', () => {
  it('takes a free place, sends one updated invitation, and gives the place left behind to that waitlist', async () => {
    const { id, occurrences: [first, second] } = await show();
    const a = (await register(m.t.app, id, { occurrenceId: first, email: 'mover@school.example.org', name: 'Mover', language: 'en' })).body;
    await register(m.t.app, id, { occurrenceId: first });
    const waiting = (await register(m.t.app, id, { occurrenceId: first, email: 'waiting@school.example.org' })).body;
    await m.worker().drain();
    m.smtp.messages.length = 0;

    const moved = await move(a.id, second);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ status: 'confirmed', occurrenceId: second });
    const rows = await registrationRows(id);
    expect(rows.find((r) => r.id === waiting.id)?.status).toBe('confirmed');
    expect((await deliveriesOf(m, id)).filter((d) => d.registration_id === a.id && d.kind !== 'reminder').map((d) => d.kind)).toEqual(['confirmation', 'change']);
    // Reminders follow the registration: only the occurrence it now holds.
    const { rows: reminders } = await m.t.db.pool.query(
      "SELECT DISTINCT occurrence_id::int AS o FROM deliveries WHERE registration_id = $1 AND kind = 'reminder' AND status = 'pending'", [a.id]);
    expect(reminders).toEqual([{ o: second }]);

    await m.worker().drain();
    const notice = m.smtp.messages.find((x) => x.to.includes('mover@school.example.org'))!;
    const ics = invitationOf(notice);
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain('SEQUENCE:1');
    expect(ics).toMatch(/DTSTART;TZID=Asia\/Shanghai:20270317T190000/);
    expect(ics).not.toContain('RRULE');
    expect(m.smtp.messages.some((x) => x.to.includes('waiting@school.example.org'))).toBe(true);
    // Moving to where it already is changes nothing.
    expect((await move(a.id, second)).status).toBe(200);
    expect((await deliveriesOf(m, id)).filter((d) => d.registration_id === a.id && d.kind === 'change')).toHaveLength(1);
  });

  it('refuses a full or unknown occurrence and a tampered link, and changes nothing', async () => {
    const { id, occurrences: [first, second, third] } = await show();
    const a = (await register(m.t.app, id, { occurrenceId: first })).body;
    await register(m.t.app, id, { occurrenceId: second });
    await register(m.t.app, id, { occurrenceId: second });
    const before = await registrationRows(id);
    const deliveries = (await deliveriesOf(m, id)).length;
    const full = await move(a.id, second);
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('occurrence_full');
    expect((await move(a.id, 999_999_999)).status).toBe(422);
    expect((await move(a.id, 'x')).status).toBe(422);
    expect((await move(a.id, third, '?sig=AAAA')).status).toBe(404);
    expect((await move(a.id, third, `?sig=${encodeURIComponent(m.signer.sign(a.id, 'unsubscribe'))}`)).status).toBe(404);
    expect(await registrationRows(id)).toEqual(before);
    expect((await deliveriesOf(m, id)).length).toBe(deliveries);
  });

  it('never overfills the last place when a move and a new registration take it at once', async () => {
    for (let round = 0; round < 3; round++) {
      const { id, occurrences: [first, , third] } = await show();
      const mover = (await register(m.t.app, id, { occurrenceId: first })).body;
      await register(m.t.app, id, { occurrenceId: third });
      const [moved, added] = await Promise.all([move(mover.id, third), register(m.t.app, id, { occurrenceId: third })]);
      const rows = await registrationRows(id);
      expect(rows.filter((r) => r.occurrenceId === third && r.status === 'confirmed')).toHaveLength(2);
      // Exactly one of the two got the place.
      expect([moved.status === 200, added.body.status === 'confirmed'].filter(Boolean)).toHaveLength(1);
      if (moved.status !== 200) expect(moved.body.code).toBe('occurrence_full');
      else expect(added.body.status).toBe('waitlisted');
    }
  });
});

describe('the participant page', () => {
  it('offers the other occurrences and moves through a plain form', async () => {
    const { id, occurrences: [first, second] } = await show();
    const a = (await register(m.t.app, id, { occurrenceId: first, language: 'en' })).body;
    const page = await request(m.t.app).get(`/registrations/${a.id}${sig(a.id)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`id="move-to-${second}"`);
    const posted = await request(m.t.app).post(`/registrations/${a.id}/move${sig(a.id)}&lang=en`).type('form').send({ occurrenceId: String(second) });
    expect(posted.status).toBe(303);
    expect((await registrationRows(id))[0].occurrenceId).toBe(second);
    const refused = await request(m.t.app).post(`/registrations/${a.id}/move${sig(a.id)}&lang=en`).type('form').send({ occurrenceId: '12345678' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('not an upcoming occurrence');
  });
});
