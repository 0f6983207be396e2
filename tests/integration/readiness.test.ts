import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityBody, createResource, unitWithOrganizer } from '../helpers/factories.ts';
import { register, startMailTest, type MailTest } from '../helpers/mail.ts';
import type { Credential } from '../helpers/auth.ts';

/**
 * Readiness of a field visit (issue 26 item 1; docs/field-visits.md): a school takes 40 pupils to a
 * museum on 2 March 2027, 09:00 Beijing time. The clock starts a week before and moves to the day before.
 */
let m: MailTest;
let school: { unitId: number; organizer: Credential };
let museum: { unitId: number; organizer: Credential };
let stranger: { unitId: number; organizer: Credential };
beforeAll(async () => {
  m = await startMailTest('2027-02-22T00:00:00Z', { CONSENT_KINDS: 'field_visit,research_study,summer_camp' });
  school = await unitWithOrganizer(m.t, { kind: 'school' });
  museum = await unitWithOrganizer(m.t);
  stranger = await unitWithOrganizer(m.t);
}, 60_000);
afterAll(() => m.close());

const TRIP = { destination: '自然博物馆', meetingPoint: '学校东门', meetingAt: '2027-03-02T08:15:00+08:00', contact: '王老师', contactPhone: '010-1234-5678', transport: '校车' };

/** A confirmed visit of the school to the museum's hall with a museum guide, and its registrations. */
async function visit(pupils: number, adults: number, extra: Record<string, unknown> = {}) {
  const hall = await createResource(m.t.app, { unitId: museum.unitId, kind: 'venue' });
  const guide = await createResource(m.t.app, { unitId: museum.unitId, kind: 'staff' });
  const created = await request(m.t.app).post('/api/v1/activities').set(school.organizer.headers)
    .send(activityBody(school.unitId, { status: 'requested', venueId: hall.id, claims: [{ resourceId: guide.id }], title: { 'zh-CN': '博物馆参观', en: 'Museum visit' }, ...extra }));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  for (const claim of created.body.claims) {
    expect((await request(m.t.app).post(`/api/v1/activities/${created.body.id}/claims/${claim.id}/approve`).set(museum.organizer.headers).send({})).status).toBe(200);
  }
  const ids: number[] = [];
  for (let i = 0; i < pupils; i++) {
    const res = await register(m.t.app, created.body.id, { name: `学生${i + 1}`, guardianEmail: `parent${i}.${created.body.id}@home.example.org` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids.push(res.body.id);
  }
  for (let i = 0; i < adults; i++) expect((await register(m.t.app, created.body.id, { name: `老师${i + 1}`, role: 'teacher' })).status).toBe(201);
  return { id: created.body.id as number, pupils: ids };
}

const readinessOf = (id: number, who: Credential = school.organizer) => request(m.t.app).get(`/api/v1/activities/${id}/readiness`).set(who.headers);
const item = (body: { items: { key: string }[] }, key: string) => body.items.find((i) => i.key === key) as { ok: boolean; actor: string; data: Record<string, unknown> } | undefined;
const consent = (id: number, action: 'give' | 'decline') => request(m.t.app).post(`/api/v1/consents/${id}/${action}?sig=${encodeURIComponent(m.signer.sign(id, 'consent'))}`);

describe('the readiness checklist', () => {
  it('says what is missing and who must act; marking ready is refused with the missing items and changes nothing', async () => {
    const v = await visit(40, 3);
    const res = await readinessOf(v.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ready: false, going: 40, adultsNeeded: 4, pupilsPerAdult: 10, stage: 'secondary' });
    expect(item(res.body, 'adults')).toMatchObject({ ok: false, actor: 'school', data: { adults: 3, needed: 4, more: 1, ratio: 10 } });
    expect(item(res.body, 'consents')).toMatchObject({ ok: false, actor: 'guardians', data: { missing: 40 } });
    expect(item(res.body, 'approvals')).toMatchObject({ ok: true, actor: 'unit' });
    expect(item(res.body, 'guide')).toMatchObject({ ok: true });
    expect(item(res.body, 'transport')).toMatchObject({ ok: false });
    expect(item(res.body, 'trip')).toMatchObject({ ok: false, data: { missing: ['meetingPoint', 'meetingAt', 'contact', 'contactPhone'] } });
    expect(res.body.flagged).toHaveLength(40);

    const refused = await request(m.t.app).post(`/api/v1/activities/${v.id}/readiness/ready`).set(school.organizer.headers);
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('not_ready');
    expect(refused.body.missing).toEqual(['trip', 'adults', 'consents', 'transport', 'head_count']);
    expect((await m.t.db.pool.query('SELECT count(*)::int AS n FROM visit_readiness WHERE activity_id = $1', [v.id])).rows[0].n).toBe(0);
  }, 120_000);

  it('is readable by the school and the receiving unit only; only the school marks, confirms and excludes', async () => {
    const v = await visit(1, 0);
    expect((await readinessOf(v.id, museum.organizer)).status).toBe(200);
    expect((await readinessOf(v.id, stranger.organizer)).status).toBe(403);
    expect((await request(m.t.app).get(`/api/v1/activities/${v.id}/readiness`)).status).toBe(401);
    for (const who of [museum.organizer, stranger.organizer]) {
      for (const path of ['ready', `pupils/${v.pupils[0]}/exclude`]) {
        const res = await request(m.t.app).post(`/api/v1/activities/${v.id}/readiness/${path}`).set(who.headers);
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect((await m.t.db.pool.query('SELECT count(*)::int AS n FROM visit_exclusions x JOIN registrations r ON r.id = x.registration_id WHERE r.activity_id = $1', [v.id])).rows[0].n).toBe(0);
    // The list for the organizer home: each unit sees its own visits, not ready first.
    const listed = await request(m.t.app).get('/api/v1/readiness?notReady=true&days=60').set(museum.organizer.headers);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { activityId: number }) => i.activityId)).toContain(v.id);
    expect((await request(m.t.app).get('/api/v1/readiness?days=60').set(stranger.organizer.headers)).body.items).toEqual([]);
    // A kind that stays at school has no checklist.
    const show = await request(m.t.app).post('/api/v1/activities').set(school.organizer.headers).send(activityBody(school.unitId, { kind: 'science_show' }));
    expect((await readinessOf(show.body.id)).body.code).toBe('not_leaving_school');
  }, 60_000);

  it("takes the strictest unit's rule as the default ratio, overridden by the activity's own", async () => {
    const v = await visit(16, 2);
    expect((await readinessOf(v.id)).body).toMatchObject({ pupilsPerAdult: 10, adultsNeeded: 2 });
    // The unit's rule is edited through the units API (admins).
    const ruled = await request(m.t.app).patch(`/api/v1/units/${museum.unitId}`).set(m.admin.headers).send({ pupilsPerAdultSecondary: 8 });
    expect(ruled.status, JSON.stringify(ruled.body)).toBe(200);
    expect(ruled.body).toMatchObject({ pupilsPerAdultPrimary: 6, pupilsPerAdultSecondary: 8 });
    expect((await request(m.t.app).patch(`/api/v1/units/${museum.unitId}`).set(museum.organizer.headers).send({ pupilsPerAdultSecondary: 20 })).status).toBe(403);
    for (const bad of [0, 101, 7.5, '8', null]) {
      const res = await request(m.t.app).patch(`/api/v1/units/${museum.unitId}`).set(m.admin.headers).send({ pupilsPerAdultPrimary: bad });
      expect([bad, res.status, res.body.code]).toEqual([bad, 422, 'validation_failed']);
    }
    expect((await request(m.t.app).get(`/api/v1/units/${museum.unitId}`)).body).toMatchObject({ pupilsPerAdultPrimary: 6, pupilsPerAdultSecondary: 8 });
    expect((await readinessOf(v.id)).body).toMatchObject({ pupilsPerAdult: 8, adultsNeeded: 2 });
    expect((await request(m.t.app).patch(`/api/v1/activities/${v.id}`).set(school.organizer.headers).send({ pupilsPerAdult: 5 })).status).toBe(200);
    expect((await readinessOf(v.id)).body).toMatchObject({ pupilsPerAdult: 5, adultsNeeded: 4 });
    expect((await request(m.t.app).patch(`/api/v1/units/${museum.unitId}`).set(m.admin.headers).send({ pupilsPerAdultSecondary: 10 })).status).toBe(200);
  }, 60_000);

  it('refuses bad input with problem+json and changes nothing', async () => {
    const v = await visit(2, 1);
    const teacher = (await m.t.db.pool.query("SELECT id FROM registrations WHERE activity_id = $1 AND role = 'teacher'", [v.id])).rows[0].id;
    const cases: [string, unknown, number, string][] = [
      ['head-count', { headCount: -1 }, 422, 'validation_failed'],
      ['head-count', { headCount: '2' }, 422, 'validation_failed'],
      ['head-count', { headCount: 2, extra: 1 }, 422, 'validation_failed'],
      ['head-count', { headCount: 3 }, 409, 'head_count_mismatch'],
      [`pupils/${teacher}/exclude`, {}, 409, 'not_a_pupil'],
      [`pupils/999999999/exclude`, {}, 409, 'not_a_pupil'],
    ];
    for (const [path, body, status, code] of cases) {
      const res = await request(m.t.app).post(`/api/v1/activities/${v.id}/readiness/${path}`).set(school.organizer.headers).send(body as object);
      expect([path, res.status, res.body.code]).toEqual([path, status, code]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const patched = await request(m.t.app).patch(`/api/v1/activities/${v.id}`).set(school.organizer.headers).send({ contactPhone: 'call me', pupilsPerAdult: 0 });
    expect(patched.status).toBe(422);
    expect(patched.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.contactPhone', 'body.pupilsPerAdult']);
    const early = await request(m.t.app).patch(`/api/v1/activities/${v.id}`).set(school.organizer.headers).send({ meetingAt: '2027-02-20T08:00:00+08:00' });
    expect([early.status, early.body.errors?.[0]?.path]).toEqual([422, 'body.meetingAt']);
    const row = (await m.t.db.pool.query('SELECT vr.head_count, a.contact_phone, a.meeting_at, a.pupils_per_adult FROM activities a LEFT JOIN visit_readiness vr ON vr.activity_id = a.id WHERE a.id = $1', [v.id])).rows[0];
    expect(row).toEqual({ head_count: null, contact_phone: '', meeting_at: null, pupils_per_adult: null });
    expect((await m.t.db.pool.query('SELECT count(*)::int AS n FROM visit_exclusions WHERE registration_id = $1', [teacher])).rows[0].n).toBe(0);
  }, 60_000);

  it('becomes ready once every item is met; a withdrawn consent breaks it, flags the pupil and emails both units once; the day before, what is missing is emailed', async () => {
    const v = await visit(12, 1, { title: { 'zh-CN': '湿地考察', en: 'Wetland visit' } });
    expect((await request(m.t.app).patch(`/api/v1/activities/${v.id}`).set(school.organizer.headers).send({ ...TRIP, pupilsPerAdult: 12 })).status).toBe(200);
    for (const id of v.pupils.slice(0, 11)) expect((await consent(id, 'give')).status).toBe(200);
    // The last pupil is not going: excluded, not counted, no consent needed.
    expect((await request(m.t.app).post(`/api/v1/activities/${v.id}/readiness/pupils/${v.pupils[11]}/exclude`).set(school.organizer.headers)).status).toBe(200);
    const confirmed = await request(m.t.app).post(`/api/v1/activities/${v.id}/readiness/head-count`).set(school.organizer.headers).send({ headCount: 11 });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const ready = await request(m.t.app).post(`/api/v1/activities/${v.id}/readiness/ready`).set(school.organizer.headers);
    expect(ready.status, JSON.stringify(ready.body)).toBe(200);
    expect(ready.body).toMatchObject({ ready: true, missing: [], going: 11, flagged: [] });
    // The organizer may take the mark off and put it back; taking off a mark that is not there changes nothing.
    const unready = await request(m.t.app).post(`/api/v1/activities/${v.id}/readiness/unready`).set(school.organizer.headers);
    expect(unready.status, JSON.stringify(unready.body)).toBe(200);
    expect(unready.body).toMatchObject({ ready: true, readyAt: null });
    const again = await request(m.t.app).post(`/api/v1/activities/${v.id}/readiness/unready`).set(school.organizer.headers);
    expect([again.status, again.body.code]).toEqual([409, 'not_marked_ready']);
    expect((await request(m.t.app).post(`/api/v1/activities/${v.id}/readiness/unready`).set(museum.organizer.headers)).status).toBe(403);
    expect((await request(m.t.app).post(`/api/v1/activities/${v.id}/readiness/ready`).set(school.organizer.headers)).body.readyAt).not.toBeNull();
    // Registrations are closed to all but the organizer once the head count is confirmed.
    const late = await register(m.t.app, v.id, { guardianEmail: 'late@home.example.org' });
    expect([late.status, late.body.code]).toEqual([409, 'head_count_confirmed']);

    const sweep = () => import('../../src/readiness/readiness.service.ts').then(({ readinessService }) =>
      readinessService({ pool: m.t.db.pool, clock: m.clock, consentKinds: ['field_visit'], publicBaseUrl: 'http://orrery.test' }).sweep());
    expect((await sweep()).broken).not.toContain(v.id);
    m.clock.set('2027-02-23T00:00:00Z');
    expect((await consent(v.pupils[3]!, 'decline')).status).toBe(200); // withdrawn: the place is released
    const after = (await readinessOf(v.id)).body;
    expect(after.ready).toBe(false);
    expect(after.flagged).toEqual([expect.objectContaining({ registrationId: v.pupils[3], reason: 'consent_withdrawn' })]);
    expect(item(after, 'head_count')).toMatchObject({ ok: false, data: { confirmed: 11, current: 10 } });
    expect((await sweep()).broken).toContain(v.id);
    expect((await sweep()).broken).not.toContain(v.id);
    const notices = (await m.t.db.pool.query("SELECT recipient, kind FROM deliveries WHERE activity_id = $1 AND kind LIKE 'readiness%' ORDER BY recipient", [v.id])).rows;
    expect(notices).toHaveLength(2);
    expect(new Set(notices.map((n) => n.kind))).toEqual(new Set(['readiness_broken']));

    // The day before (20 h to go): one email listing what is missing, to each unit's organizer.
    m.clock.set('2027-03-01T05:00:00Z');
    expect((await sweep()).missing).toContain(v.id);
    expect((await sweep()).missing).not.toContain(v.id);
    m.smtp.messages.length = 0;
    await m.worker().drain();
    const mails = m.smtp.messages.filter((x) => x.parsed.subject?.includes('湿地考察') && x.parsed.subject.startsWith('明天出发'));
    expect(mails).toHaveLength(2);
    expect(mails[0]!.parsed.text).toContain('最终人数已确认 11 人，现为 10 人');
    expect(mails[0]!.parsed.text).toContain('head count confirmed as 11, now 10');
  }, 120_000);
});
