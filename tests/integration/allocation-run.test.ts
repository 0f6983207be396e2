import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { userWithToken } from '../helpers/auth.ts';
import { createResource, createUnit } from '../helpers/factories.ts';
import type { FixedClock } from '../../src/shared/clock.ts';
import { wordExplanation } from '../../src/allocation/allocation.words.ts';
import type { Explanation } from '../../src/allocation/allocation.model.ts';

/**
 * Running an offer's allocation (issue 27 item 3): three schools apply for five classes; a dry run
 * stores nothing; the real run waits for the window to close, allocates once even when two runs race,
 * books every placed slot through the booking engine (the venue claim, the classes) and records the
 * decisions in the audit log; each school reads why, in Chinese and English.
 */
let t: TestContext;
let unit: number;
let venue: number;
let offer: { id: number; slots: { id: number; startsAt: string }[] };
const schools: number[] = [];
const applications: number[] = [];

beforeAll(async () => {
  t = await startTestApp();
  (t.clock as FixedClock).set('2026-12-05T00:00:00Z');
  unit = (await createUnit(t.app)).id;
  venue = (await createResource(t.app, { unitId: unit })).id;
  const made = await t.api.post('/api/v1/offers').send({
    unitId: unit, term: 'spring-2027', kind: 'science_show', title: { 'zh-CN': '天文馆专场', en: 'Planetarium show' }, grades: [7], classSize: { max: 45 },
    claims: [{ resourceId: venue }],
    slots: [1, 2].map((d) => ({ startsAt: `2027-03-0${d}T09:00:00+08:00`, endsAt: `2027-03-0${d}T10:30:00+08:00`, capacity: 2 })),
    opensAt: '2026-12-01T00:00:00+08:00', closesAt: '2026-12-15T00:00:00+08:00', rules: { perSchoolCap: 2, seed: 7 },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  offer = made.body;
  const [s1, s2] = offer.slots.map((s) => s.id);
  // School 0 applies with three classes (all want slot 1 first), schools 1 and 2 with one each.
  for (const [i, classes] of [[0, 3], [1, 1], [2, 1]] as const) {
    schools[i] = (await createUnit(t.app, { kind: 'school' })).id;
    for (let n = 1; n <= classes; n++) {
      const cls = await t.api.post('/api/v1/classes').send({ unitId: schools[i], kind: 'school_class', code: `g7-${n}`, grade: 7, number: n, size: 40, name: { 'zh-CN': `七年级${n}班`, en: `Grade 7 class ${n}` } });
      const app = await t.api.post(`/api/v1/offers/${offer.id}/applications`).send({ classId: cls.body.id, classSize: 40, preferences: [s1, s2] });
      expect(app.status, JSON.stringify(app.body)).toBe(201);
      applications.push(app.body.id);
    }
  }
});
afterAll(() => t.close());

const run = (dryRun: boolean, headers = t.admin) => request(t.app).post(`/api/v1/offers/${offer.id}/allocation`).set(headers).send({ dryRun });

describe('running the allocation', () => {
  it('a dry run shows the result and the first-come comparison and stores nothing; the real run waits for the window to close', async () => {
    const dry = await run(true);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, seed: 7, placed: 4, booked: 0, fairness: { applyingSchools: 3, schoolsWithPlace: 3 } });
    expect(dry.body.firstCome.schoolsWithPlace).toBe(2); // school 0's three classes came first
    expect((await t.api.get(`/api/v1/offers/${offer.id}/applications`)).body.every((a: { state: string }) => a.state === 'submitted')).toBe(true);
    const early = await run(false);
    expect([early.status, early.body.code]).toEqual([409, 'offer_not_closed']);
    const school = (await userWithToken(t, 'organizer', schools[0]!)).headers;
    expect((await run(true, school)).status).toBe(403);
  });

  it('two runs at once allocate once: every placed slot booked through the engine, decisions audited', async () => {
    (t.clock as FixedClock).set('2026-12-14T16:00:00Z'); // the window closes (Beijing midnight)
    const [a, b] = await Promise.all([run(false), run(false)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses, JSON.stringify([a.body, b.body])).toEqual([200, 409]);
    const done = a.status === 200 ? a.body : b.body;
    expect((a.status === 409 ? a.body : b.body).code).toBe('already_allocated');
    expect(done).toMatchObject({ dryRun: false, placed: 4, booked: 2, refused: 0 });
    expect((await run(false)).body.code).toBe('already_allocated');
    const listed = (await t.api.get(`/api/v1/offers/${offer.id}/applications`)).body as { state: string; activityId: number | null; slotId: number | null; classId: number }[];
    expect(listed.filter((x) => x.state === 'placed')).toHaveLength(4);
    expect(listed.filter((x) => x.state === 'not_placed')).toHaveLength(1); // school 0's third class: the cap
    const activityIds = [...new Set(listed.filter((x) => x.state === 'placed').map((x) => x.activityId))];
    expect(activityIds).toHaveLength(2);
    for (const id of activityIds) {
      const activity = (await t.api.get(`/api/v1/activities/${id}`)).body;
      expect(activity.status).toBe('confirmed');
      expect((await t.api.get(`/api/v1/activities/${id}/classes`)).body.classIds).toHaveLength(2);
    }
    const { rows } = await t.db.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE entity = 'offer' AND action = 'allocate' AND entity_id = $1", [offer.id]);
    expect(rows[0].n).toBe(1);
    const bookings = await t.db.pool.query('SELECT count(*)::int AS n FROM bookings WHERE resource_id = $1', [venue]);
    expect(bookings.rows[0].n).toBe(2);
  });

  it('each school reads what it got and why, worded in Chinese and English', async () => {
    const school0 = (await userWithToken(t, 'organizer', schools[0]!)).headers;
    const own = (await request(t.app).get(`/api/v1/offers/${offer.id}/applications`).set(school0)).body as { explanation: Explanation; state: string }[];
    expect(own).toHaveLength(3);
    expect(own.filter((a) => a.state === 'placed')).toHaveLength(2); // the cap of 2
    const label = (id: string | number) => (Number(id) === offer.slots[0]!.id ? '3月1日 09:00' : '3月2日 09:00');
    const zh = own.map((a) => wordExplanation(a.explanation, 'zh-CN', label));
    const en = own.map((a) => wordExplanation(a.explanation, 'en', label));
    expect(zh.join('\n')).toMatch(/获得 3月[12]日 09:00（第[12]志愿）/);
    expect(zh.join('\n')).not.toMatch(/[A-Za-z_]{3,}/);
    expect(en.join('\n')).toMatch(/Got 3月[12]日 09:00 \((1st|2nd) preference\)/);
    expect(en.join('\n')).toContain('No place: your school reached its cap of 2');
    // The API words them too, slots by their Beijing date and time.
    const fromApi = (await request(t.app).get(`/api/v1/offers/${offer.id}/applications`).set(school0)).body as { worded: { 'zh-CN': string; en: string } }[];
    expect(fromApi.map((a) => a.worded['zh-CN']).join('\n')).toMatch(/获得 3月[12]日 09:00（第[12]志愿）/);
    expect(fromApi.map((a) => a.worded.en).join('\n')).toMatch(/Got [12] Mar 09:00 \((1st|2nd) preference\)/);
    expect(fromApi.map((a) => a.worded['zh-CN']).join('\n')).not.toMatch(/[A-Za-z_]{2,}/);
  });
});
