import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../helpers/db.ts';
import { confirmedActivity, register, startMailTest, type MailTest } from '../helpers/mail.ts';

// What the pages ask the server for (issue 10, items 16, 19, 20, 23).
let m: MailTest;
beforeAll(async () => {
  m = await startMailTest();
});
afterAll(() => m.close());

/** A series activity (not per occurrence), with guardian consent off in tests (tests/helpers/app.ts). */
const SERIES = { registrationScope: 'series', guardianConsent: false, occurrences: [] };

describe('GET /activities/{id}/places', () => {
  it('says the seats left and the waitlist length, before anyone submits', async () => {
    const activity = await confirmedActivity(m, { capacity: 2 });
    const places = () => request(m.t.app).get(`/api/v1/activities/${activity.id}/places`);
    expect((await places()).body).toEqual({ capacity: 2, confirmed: 0, waitlisted: 0, seatsLeft: 2, ...SERIES });
    await register(m.t.app, activity.id);
    await register(m.t.app, activity.id);
    await register(m.t.app, activity.id);
    expect((await places()).body).toEqual({ capacity: 2, confirmed: 2, waitlisted: 1, seatsLeft: 0, ...SERIES });
    const unlimited = await confirmedActivity(m);
    expect((await request(m.t.app).get(`/api/v1/activities/${unlimited.id}/places`)).body.seatsLeft).toBeNull();
  });

  it('is a 404 for an activity the caller may not see', async () => {
    const draft = await confirmedActivity(m, { status: 'draft' });
    const res = await request(m.t.app).get(`/api/v1/activities/${draft.id}/places`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('places of a weekly series (issue 25 item 3)', () => {
  it("lists the upcoming sessions, not the past ones, each with the series' places", async () => {
    // Thursdays from 5 November 2026; the mail test's clock is 24 November: three are past.
    const club = await confirmedActivity(m, {
      capacity: 3, startsAt: '2026-11-05T14:00:00+08:00', endsAt: '2026-11-05T15:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=8',
    });
    expect((await register(m.t.app, club.id)).status).toBe(201);
    const res = await request(m.t.app).get(`/api/v1/activities/${club.id}/places`);
    expect(res.body).toMatchObject({ capacity: 3, confirmed: 1, waitlisted: 0, seatsLeft: 2, registrationScope: 'series' });
    expect(res.body.occurrences.map((o: { startsAt: string }) => o.startsAt.slice(0, 10))).toEqual(['2026-11-26', '2026-12-03', '2026-12-10', '2026-12-17', '2026-12-24']);
    for (const o of res.body.occurrences) expect(o).toMatchObject({ confirmed: 1, waitlisted: 0, seatsLeft: 2 });
  });
});

describe('the answer to registering (issue 25 item 4)', () => {
  it("carries the new registration's manage link; a repeat and an organizer's add-by-hand do not", async () => {
    const activity = await confirmedActivity(m, { capacity: 5 });
    const email = 'manage-link@school.example.org';
    const first = await register(m.t.app, activity.id, { email, language: 'en' });
    expect(first.status).toBe(201);
    expect(first.body.manageUrl).toBe(`/registrations/${first.body.id}?sig=${encodeURIComponent(m.signer.sign(first.body.id, 'manage'))}&lang=en`);
    // The link opens the participant's page.
    expect((await request(m.t.app).get(first.body.manageUrl)).status).toBe(200);
    const again = await register(m.t.app, activity.id, { email });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, alreadyRegistered: true });
    expect(again.body).not.toHaveProperty('manageUrl');
    const byHand = await request(m.t.app).post(`/api/v1/activities/${activity.id}/participants`).set(m.admin.headers)
      .send({ name: '王芳', email: 'by-hand@school.example.org', role: 'student' });
    expect(byHand.status).toBe(201);
    expect(byHand.body).not.toHaveProperty('manageUrl');
  });
});

describe('GET /auth/session', () => {
  it('answers 200 {signedIn:false} signed out, while /auth/me keeps its 401 for API clients', async () => {
    const out = await request(m.t.app).get('/api/v1/auth/session');
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ signedIn: false });
    expect((await request(m.t.app).get('/api/v1/auth/me')).status).toBe(401);
    const signedIn = await request(m.t.app).get('/api/v1/auth/session').set(m.admin.headers);
    expect(signedIn.body).toMatchObject({ signedIn: true, role: 'admin' });
  });
});

describe('the participant page', () => {
  it('asks before cancelling: the GET only shows the question, the POST cancels', async () => {
    const activity = await confirmedActivity(m);
    const { body } = await register(m.t.app, activity.id, { language: 'en' });
    const sig = encodeURIComponent(m.signer.sign(body.id, 'manage'));
    const manage = await request(m.t.app).get(`/registrations/${body.id}?sig=${sig}`);
    expect(manage.text).toContain(`id="cancel-registration" href="/registrations/${body.id}/cancel?sig=${sig}&amp;lang=en"`);
    const before = await tableCounts(m.t.db.pool);
    const question = await request(m.t.app).get(`/registrations/${body.id}/cancel?sig=${sig}`);
    expect(question.status).toBe(200);
    expect(question.text).toContain('Do you want to cancel your registration for &quot;Milu Park visit&quot;?');
    expect(question.text).toContain(`action="/registrations/${body.id}/cancel?sig=${sig}&amp;lang=en"`);
    expect(await tableCounts(m.t.db.pool)).toEqual(before);
    const stillThere = await request(m.t.app).get(`/api/v1/registrations/${body.id}?sig=${sig}`);
    expect(stillThere.body.status).toBe('confirmed');
    expect((await request(m.t.app).get(`/registrations/${body.id}/cancel?sig=wrong`)).status).toBe(404);
  });

  it('shows the waitlist number of the other registrations, never "第 ? 位"', async () => {
    const full = await confirmedActivity(m, { capacity: 1 });
    const other = await confirmedActivity(m);
    await register(m.t.app, full.id);
    const waiting = (await register(m.t.app, full.id, { email: 'both@example.org' })).body;
    expect(waiting.status).toBe('waitlisted');
    const mine = (await register(m.t.app, other.id, { email: 'both@example.org' })).body;
    const page = await request(m.t.app).get(`/registrations/${mine.id}?sig=${encodeURIComponent(m.signer.sign(mine.id, 'manage'))}`);
    expect(page.text).toContain('候补，第 1 位');
    expect(page.text).not.toContain('第 ? 位');
  });
});
