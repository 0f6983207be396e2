import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { userWithToken } from '../helpers/auth.ts';
import { tableCounts } from '../helpers/db.ts';
import { createUnit } from '../helpers/factories.ts';
import type { FixedClock } from '../../src/shared/clock.ts';

/**
 * Offers and applications (issue 27 item 2): a unit publishes an offer, a school's organizer applies
 * for its classes; every bad application is a problem naming its field, and nothing changes.
 */
let t: TestContext;
let academyUnit: number;
let schoolA: number;
let schoolB: number;
let organizerA: Record<string, string>;
let organizerB: Record<string, string>;
let offer: { id: number; slots: { id: number }[] };
const classIds: Record<string, number> = {};

const title = { 'zh-CN': '天文馆七年级专场', en: 'Planetarium show for grade 7' };
const offerBody = (unitId: number) => ({
  unitId, term: 'spring-2027', kind: 'science_show', title, grades: [7], classSize: { min: 10, max: 45 },
  slots: [1, 2, 3].map((d) => ({ startsAt: `2027-03-0${d}T09:00:00+08:00`, endsAt: `2027-03-0${d}T10:30:00+08:00`, capacity: 2 })),
  opensAt: '2026-12-01T00:00:00+08:00', closesAt: '2026-12-15T00:00:00+08:00', rules: { perSchoolCap: 2, seed: 42 },
});

async function addClass(unitId: number, code: string, grade: number, headers: Record<string, string>): Promise<number> {
  const res = await request(t.app).post('/api/v1/classes').set(headers).send({ unitId, kind: 'school_class', code, grade, number: Number(code.slice(-1)), size: 40, name: { 'zh-CN': code, en: code } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

beforeAll(async () => {
  t = await startTestApp();
  (t.clock as FixedClock).set('2026-12-05T00:00:00Z');
  academyUnit = (await createUnit(t.app)).id;
  schoolA = (await createUnit(t.app, { kind: 'school' })).id;
  schoolB = (await createUnit(t.app, { kind: 'school' })).id;
  organizerA = (await userWithToken(t, 'organizer', schoolA)).headers;
  organizerB = (await userWithToken(t, 'organizer', schoolB)).headers;
  classIds.a1 = await addClass(schoolA, 'g7-1', 7, organizerA);
  classIds.a2 = await addClass(schoolA, 'g7-2', 7, organizerA);
  classIds.a8 = await addClass(schoolA, 'g8-1', 8, organizerA);
  classIds.b1 = await addClass(schoolB, 'g7-1', 7, organizerB);
  const made = await t.api.post('/api/v1/offers').send(offerBody(academyUnit));
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  offer = made.body;
});
afterAll(() => t.close());

const apply = (headers: Record<string, string>, body: Record<string, unknown>, offerId = offer.id) =>
  request(t.app).post(`/api/v1/offers/${offerId}/applications`).set(headers).send(body);

describe('offers', () => {
  it('publishes an offer with its slots, rules and seed; a school cannot publish one', async () => {
    expect(offer).toMatchObject({ unitId: academyUnit, state: 'open', grades: [7], classSize: { min: 10, max: 45 }, rules: { perSchoolCap: 2, seed: 42, termPriority: false } });
    expect(offer.slots).toHaveLength(3);
    expect((await request(t.app).get(`/api/v1/offers/${offer.id}`).set(organizerB)).body.title).toEqual(title);
    const bySchool = await t.api.post('/api/v1/offers').send(offerBody(schoolA));
    expect(bySchool.status).toBe(422);
    expect(bySchool.body.errors).toEqual([expect.objectContaining({ path: 'body.unitId' })]);
    const otherUnit = await request(t.app).post('/api/v1/offers').set(organizerA).send(offerBody(academyUnit));
    expect(otherUnit.status).toBe(403);
  });
});

describe('applications', () => {
  it('a school organizer applies for a class with ranked slots, changes it while the window is open, and sees only its own', async () => {
    const [s1, s2, s3] = offer.slots.map((s) => s.id);
    const res = await apply(organizerA, { classId: classIds.a1, classSize: 40, preferences: [s2, s1] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ schoolUnitId: schoolA, classId: classIds.a1, preferences: [s2, s1], state: 'submitted' });
    const changed = await request(t.app).patch(`/api/v1/applications/${res.body.id}`).set(organizerA).send({ preferences: [s3, s2, s1] });
    expect(changed.body.preferences).toEqual([s3, s2, s1]);
    expect((await apply(organizerB, { classId: classIds.b1, classSize: 30, preferences: [s1] })).status).toBe(201);
    const mine = (await request(t.app).get(`/api/v1/offers/${offer.id}/applications`).set(organizerA)).body;
    expect(mine.map((a: { schoolUnitId: number }) => a.schoolUnitId)).toEqual([schoolA]);
    expect((await t.api.get(`/api/v1/offers/${offer.id}/applications`)).body).toHaveLength(2);
    expect((await request(t.app).get(`/api/v1/applications/${res.body.id}`).set(organizerB)).status).toBe(403);
  });

  it('refuses bad applications with the field named, and changes nothing', async () => {
    const [s1] = offer.slots.map((s) => s.id);
    const academyOrganizer = (await userWithToken(t, 'organizer', academyUnit)).headers;
    const academyClass = await addClass(academyUnit, 'g7-9', 7, academyOrganizer);
    const before = await tableCounts(t.db.pool);
    const cases: [string, request.Test, number, string, string][] = [
      ['grade not offered', apply(organizerA, { classId: classIds.a8, classSize: 30, preferences: [s1] }), 422, 'validation_failed', 'body.classId'],
      ['over the class size', apply(organizerA, { classId: classIds.a2, classSize: 46, preferences: [s1] }), 422, 'validation_failed', 'body.classSize'],
      ['a slot of no offer', apply(organizerA, { classId: classIds.a2, classSize: 30, preferences: [s1, 99999] }), 422, 'validation_failed', 'body.preferences.1'],
      ['a slot twice', apply(organizerA, { classId: classIds.a2, classSize: 30, preferences: [s1, s1] }), 422, 'validation_failed', 'body.preferences.1'],
      ['duplicate per class', apply(organizerA, { classId: classIds.a1, classSize: 30, preferences: [s1] }), 409, 'already_applied', 'body.classId'],
      ['a unit that is not a school', apply(academyOrganizer, { classId: academyClass, classSize: 30, preferences: [s1] }), 422, 'not_a_school', 'body.classId'],
    ];
    for (const [name, req, status, code, path] of cases) {
      const res = await req;
      expect(res.status, name).toBe(status);
      expect(res.headers['content-type'], name).toContain('application/problem+json');
      expect(res.body.code, name).toBe(code);
      expect(res.body.errors, name).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    }
    const otherSchool = await apply(organizerB, { classId: classIds.a2, classSize: 30, preferences: [s1] });
    expect(otherSchool.status).toBe(403);
    expect(otherSchool.body.code).toBe('forbidden');
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });

  it('refuses applications and changes outside the window (time passes)', async () => {
    const [s1] = offer.slots.map((s) => s.id);
    const clock = t.clock as FixedClock;
    const mine = (await request(t.app).get(`/api/v1/offers/${offer.id}/applications`).set(organizerA)).body[0];
    try {
      clock.set('2026-11-30T15:59:59Z'); // a second before it opens (Beijing midnight)
      const early = await apply(organizerA, { classId: classIds.a2, classSize: 30, preferences: [s1] });
      expect([early.status, early.body.code, early.body.errors[0].path]).toEqual([409, 'application_window_closed', 'offer']);
      clock.set('2026-12-14T16:00:00Z'); // the moment it closes
      expect((await apply(organizerA, { classId: classIds.a2, classSize: 30, preferences: [s1] })).body.code).toBe('application_window_closed');
      const late = await request(t.app).patch(`/api/v1/applications/${mine.id}`).set(organizerA).send({ classSize: 20 });
      expect(late.body.code).toBe('application_window_closed');
      clock.set('2026-12-14T15:59:59Z');
      expect((await request(t.app).patch(`/api/v1/applications/${mine.id}`).set(organizerA).send({ classSize: 20 })).status).toBe(200);
    } finally {
      clock.set('2026-12-05T00:00:00Z');
    }
  });
});
