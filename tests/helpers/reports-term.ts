import request from 'supertest';
import { expect } from 'vitest';
import type { TestContext } from './app.ts';
import { createActivity, createResource, createUnit } from './factories.ts';


/**
 * A small term built by hand for the reports test (tests/integration/reports.test.ts), December 2026
 * and January 2027 in Asia/Shanghai. Every number the test expects follows from what is made here.
 *
 * Unit A: hall (Mon–Fri 09–17), telescopes (pool of 5), microscopes (pool of 10, never booked).
 *   S1 field_visit, public, weekly Tue 10–12 from 1 Dec, 4 times, hall + 2 telescopes, capacity 2,
 *      for class 7-1 (30 pupils): 15 Dec moved to Thu 17 Dec 14–16, 22 Dec cancelled → 3 held, 6 h.
 *   V1 field_visit, internal, 31 Dec 23:30 → 1 Jan 00:30 Beijing (15:30Z), 3 telescopes → December, 1 h.
 *   T  teacher_training, public, Tue 12 Jan 09–15 in the hall, 6 h.
 *   D  a draft in December (counts nowhere).
 * Unit B: venue (open all day).
 *   V2 field_visit, internal "SECRET-B", 1 Jan 07:30–09:30 Beijing (= 31 Dec 23:30Z) → January, 2 h, capacity 1.
 *   C  science_show, internal "SECRET-B-CANCELLED", 20 Jan, confirmed then cancelled.
 * Everyone: a holiday on Mon 4 and Tue 5 January.
 */
export interface ReportsTerm {
  unitA: number; unitB: number; hall: number; telescopes: number; microscopes: number; venueB: number; classId: number;
  s1: number; v1: number; v2: number; t: number; c: number; d: number; organizerA: Record<string, string>;
}

const title = (en: string) => ({ 'zh-CN': `中文${en}`, en });

async function ok<T>(req: request.Test): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

export async function buildReportsTerm(t: TestContext, unitA: number): Promise<Omit<ReportsTerm, 'organizerA' | 'unitA'>> {
  const unitB = (await createUnit(t.app)).id;
  const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]]));
  const hall = (await createResource(t.app, { unitId: unitA, openingHours: weekdays })).id;
  const telescopes = (await createResource(t.app, { unitId: unitA, kind: 'equipment', quantity: 5, name: title('Telescopes') })).id;
  const microscopes = (await createResource(t.app, { unitId: unitA, kind: 'equipment', quantity: 10, name: title('Microscopes') })).id;
  const venueB = (await createResource(t.app, { unitId: unitB })).id;
  await ok(t.api.post('/api/v1/calendar-entries').send({ kind: 'holiday', name: title('Holiday'), startsOn: '2027-01-04', endsOn: '2027-01-05', timeZone: 'Asia/Shanghai' }));
  const school = (await createUnit(t.app, { kind: 'school' })).id;
  const classId = (await ok<{ id: number }>(t.api.post('/api/v1/classes').send({ unitId: school, kind: 'school_class', code: 'g7-1', name: title('Grade 7 class 1'), grade: 7, number: 1, size: 30 }))).id;

  const s1 = (await createActivity(t.app, unitA, { title: title('S1 series'), status: 'confirmed', venueId: hall, capacity: 2, startsAt: '2026-12-01T10:00:00+08:00', endsAt: '2026-12-01T12:00:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=4', claims: [{ resourceId: telescopes, quantity: 2 }] })).id;
  await ok(t.api.put(`/api/v1/activities/${s1}/classes`).send({ classIds: [classId] }));
  const occ = (await ok<{ items: { id: number; startsAt: string }[] }>(t.api.get(`/api/v1/activities/${s1}/occurrences`))).items;
  expect(occ).toHaveLength(4);
  await ok(t.api.patch(`/api/v1/activities/${s1}/occurrences/${occ[2]!.id}`).send({ startsAt: '2026-12-17T14:00:00+08:00', endsAt: '2026-12-17T16:00:00+08:00' }));
  await ok(t.api.patch(`/api/v1/activities/${s1}/occurrences/${occ[3]!.id}`).send({ status: 'cancelled' }));
  const v1 = (await createActivity(t.app, unitA, { title: title('V1 new year eve'), status: 'confirmed', visibility: 'internal', startsAt: '2026-12-31T23:30:00+08:00', endsAt: '2027-01-01T00:30:00+08:00', claims: [{ resourceId: telescopes, quantity: 3 }] })).id;
  const tt = (await createActivity(t.app, unitA, { kind: 'teacher_training', title: title('T training'), status: 'confirmed', venueId: hall, startsAt: '2027-01-12T09:00:00+08:00', endsAt: '2027-01-12T15:00:00+08:00' })).id;
  const d = (await createActivity(t.app, unitA, { title: title('D draft'), startsAt: '2026-12-09T10:00:00+08:00', endsAt: '2026-12-09T11:00:00+08:00' })).id;
  const v2 = (await createActivity(t.app, unitB, { title: title('SECRET-B'), status: 'confirmed', visibility: 'internal', venueId: venueB, capacity: 1, startsAt: '2027-01-01T07:30:00+08:00', endsAt: '2027-01-01T09:30:00+08:00' })).id;
  const c = (await createActivity(t.app, unitB, { kind: 'science_show', title: title('SECRET-B-CANCELLED'), status: 'confirmed', visibility: 'internal', venueId: venueB, startsAt: '2027-01-20T10:00:00+08:00', endsAt: '2027-01-20T11:00:00+08:00' })).id;
  await ok(t.api.patch(`/api/v1/activities/${c}`).send({ status: 'cancelled' }));
  return { unitB, hall, telescopes, microscopes, venueB, classId, s1, v1, v2, t: tt, c, d };
}

/** Registrations, deliveries, a commitment and an accepted plan, written directly (no change notices). */
export async function addPeople(t: TestContext, term: Omit<ReportsTerm, 'organizerA' | 'unitA'>): Promise<void> {
  const reg = (activityId: number, email: string, role: string, grade: number | null, status = 'confirmed') => t.db.pool.query(
    `INSERT INTO registrations (activity_id, email, name, role, grade, time_zone, status, confirmed_at, waitlisted_at)
     VALUES ($1, $2, 'Secret Name', $3, $4, 'Asia/Shanghai', $5, CASE WHEN $5 = 'confirmed' THEN now() END, CASE WHEN $5 = 'waitlisted' THEN now() END) RETURNING id`,
    [activityId, email, role, grade, status]);
  const first = (await reg(term.s1, 'pupil-a@example.org', 'student', 7)).rows[0].id as number;
  const pupilB = (await reg(term.s1, 'pupil-b@example.org', 'student', 7)).rows[0].id as number;
  await reg(term.s1, 'pupil-c@example.org', 'student', 8, 'waitlisted');
  await reg(term.v1, 'pupil-a@example.org', 'student', 7);
  await reg(term.v1, 'teacher-d@example.org', 'teacher', null);
  await reg(term.v2, 'pupil-e@example.org', 'student', 8);
  await reg(term.v2, 'pupil-f@example.org', 'student', 8, 'waitlisted');
  const teacher1 = (await reg(term.t, 'teacher-1@example.org', 'teacher', null)).rows[0].id as number;
  const teacher2 = (await reg(term.t, 'teacher-2@example.org', 'teacher', null)).rows[0].id as number;
  await addMarksAndLoan(t, term, { pupilA: first, pupilB, teacher1, teacher2 });
  const delivery = (key: string, kind: string, status: string, createdAt: string) => t.db.pool.query(
    `INSERT INTO deliveries (dedupe_key, kind, registration_id, activity_id, recipient, status, available_at, created_at)
     VALUES ($1, $2, $3, $4, 'pupil-a@example.org', $5, $6, $6)`, [key, kind, first, term.s1, status, createdAt]);
  await delivery('k1', 'confirmation', 'sent', '2026-12-05T01:00:00Z');
  await delivery('k2', 'confirmation', 'sent', '2026-12-06T01:00:00Z');
  await delivery('k3', 'confirmation', 'failed', '2026-12-07T01:00:00Z');
  await delivery('k4', 'waitlisted', 'skipped', '2027-01-07T01:00:00Z');
  await delivery('k5', 'change', 'pending', '2027-01-30T01:00:00Z');
  await delivery('k6', 'confirmation', 'sent', '2027-03-01T01:00:00Z'); // after the period
  const commitment = (await t.db.pool.query(
    `INSERT INTO commitments (term, organizer_unit_id, kind, title_zh, title_en, spec)
     VALUES ('winter-2026', (SELECT organizer_unit_id FROM activities WHERE id = $1), 'field_visit', '承诺', 'Commitment', '{"count": 2, "perClass": true, "classIds": [1]}') RETURNING id`, [term.s1])).rows[0].id as number;
  const plan = (await t.db.pool.query(`INSERT INTO plans (term, status, created_by) VALUES ('winter-2026', 'accepted', 'test') RETURNING id`)).rows[0].id as number;
  await t.db.pool.query(
    `INSERT INTO plan_bookings (plan_id, item_key, commitment_id, activity_id, starts_at, ends_at) VALUES
       ($1, 'a', $2, $3, '2026-12-01T02:00:00Z', '2026-12-01T04:00:00Z'), ($1, 'b', $2, $4, '2026-12-09T02:00:00Z', '2026-12-09T03:00:00Z')`,
    [plan, commitment, term.s1, term.d]);
}


/**
 * Attendance: pupil a present on 1 December and absent on 8 December (S1), pupil b late on 1 December,
 * teacher 1 present and teacher 2 absent at T. Pupil b unsubscribed from reminders on 10 January;
 * teacher 1 on 1 March (after the period). Telescopes: items T1–T3, T3 damaged; one standalone loan
 * of T1 and T2 out 10 January 02:00Z, due 20 January 02:00Z, T1 back 15 January 02:00Z, T2 still out.
 */
async function addMarksAndLoan(t: TestContext, term: Omit<ReportsTerm, 'organizerA' | 'unitA'>, r: Record<'pupilA' | 'pupilB' | 'teacher1' | 'teacher2', number>): Promise<void> {
  const occ = async (activityId: number) => (await t.db.pool.query(`SELECT id FROM occurrences WHERE activity_id = $1 AND status = 'scheduled' ORDER BY starts_at`, [activityId])).rows.map((x) => x.id as number);
  const [dec1, dec8] = await occ(term.s1);
  const [training] = await occ(term.t);
  const mark = (registrationId: number, occurrenceId: number | undefined, status: string) => t.db.pool.query(
    `INSERT INTO attendance (registration_id, occurrence_id, status, method, marked_by, marked_at) VALUES ($1, $2, $3, 'list', 'test', now())`, [registrationId, occurrenceId, status]);
  await mark(r.pupilA, dec1, 'present');
  await mark(r.pupilA, dec8, 'absent');
  await mark(r.pupilB, dec1, 'late');
  await mark(r.teacher1, training, 'present');
  await mark(r.teacher2, training, 'absent');
  const unsubscribe = (id: number, at: string) => t.db.pool.query(`UPDATE registrations SET reminders_enabled = false, updated_at = $2 WHERE id = $1`, [id, at]);
  await unsubscribe(r.pupilB, '2027-01-10T00:00:00Z');
  await unsubscribe(r.teacher1, '2027-03-01T00:00:00Z');
  const items = (await t.db.pool.query(
    `INSERT INTO items (resource_id, label, status) VALUES ($1, 'T1', 'in_service'), ($1, 'T2', 'in_service'), ($1, 'T3', 'damaged') RETURNING id`, [term.telescopes])).rows.map((x) => x.id as number);
  const loan = (await t.db.pool.query(
    `INSERT INTO loans (resource_id, standalone, holder_name, holder_email, out_since, due_back) VALUES ($1, true, 'Secret Name', 'holder@example.org', '2027-01-10T02:00:00Z', '2027-01-20T02:00:00Z') RETURNING id`,
    [term.telescopes])).rows[0].id as number;
  await t.db.pool.query(`INSERT INTO loan_items (loan_id, item_id, returned_at) VALUES ($1, $2, '2027-01-15T02:00:00Z'), ($1, $3, NULL)`, [loan, items[0], items[1]]);
}
