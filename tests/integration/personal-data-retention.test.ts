import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymiseDue } from '../../src/privacy/personal-data.ts';
import { confirmedActivity, register, startMailTest, type MailTest } from '../helpers/mail.ts';

/**
 * Children's personal data past its retention (issue 30 item 1, docs/privacy.md): a term with
 * registrations, consents, attendance, certificates, a personal feed and an organizer's message;
 * the clock moves past PERSONAL_DATA_RETENTION_DAYS; then no table (nor the outbox) holds a name or
 * an address of those people, every report's figures are unchanged, and a certificate still verifies.
 */
let m: MailTest;
beforeAll(async () => {
  m = await startMailTest('2027-03-01T00:00:00Z', { CONSENT_KINDS: 'field_visit', PERSONAL_DATA_RETENTION_DAYS: '180', CERTIFICATE_RETENTION_DAYS: '1825' });
});
afterAll(() => m.close());

const PUPILS = [
  { name: '欧阳留存甲', email: 'keep.a@pupils.example.org', guardianEmail: 'guardian.a@home.example.org' },
  { name: '司马留存乙', email: 'keep.b@pupils.example.org', guardianEmail: 'guardian.b@home.example.org' },
];
const TEACHER = { name: '诸葛培训师', email: 'trainer.t@school.example.org' };
const secrets = [...PUPILS.flatMap((p) => [p.name, p.email, p.guardianEmail]), TEACHER.email];

/** Every row of every table in the database, as text, that contains one of the given strings. */
async function rowsHolding(needles: string[], except: string[] = []): Promise<string[]> {
  const { rows: tables } = await m.t.db.pool.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'");
  const found: string[] = [];
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    const { rows } = await m.t.db.pool.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${name} t`);
    for (const { row } of rows) for (const needle of needles) if (row.toLowerCase().includes(needle.toLowerCase())) found.push(`${name}: ${needle}`);
  }
  return found;
}

const report = async (section: string) => {
  const res = await request(m.t.app).get(`/api/v1/reports/${section}?period=custom&from=2027-03-01&to=2027-04-30`).set(m.admin.headers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const SECTIONS = ['delivery', 'reach', 'demand', 'utilisation', 'commitments', 'email'];

describe('personal data past its retention', () => {
  it('is anonymised everywhere, while reports keep their figures and certificates still verify', async () => {
    const visit = await confirmedActivity(m, {
      kind: 'field_visit', title: { 'zh-CN': '麋鹿苑考察', en: 'Milu Park visit' }, capacity: 30, timeZone: 'Asia/Shanghai',
      startsAt: '2027-03-10T09:00:00+08:00', endsAt: '2027-03-10T15:00:00+08:00',
    });
    const training = await confirmedActivity(m, {
      kind: 'teacher_training', title: { 'zh-CN': '天文教学培训', en: 'Teaching astronomy' }, timeZone: 'Asia/Shanghai',
      startsAt: '2027-03-12T14:00:00+08:00', endsAt: '2027-03-12T17:00:00+08:00',
    });
    expect((await request(m.t.app).put(`/api/v1/activities/${training.id}/training-hours`).set(m.admin.headers).send({ hoursPerOccurrence: 3 })).status).toBe(200);
    const pupils = [];
    for (const p of PUPILS) {
      const res = await register(m.t.app, visit.id, { ...p, role: 'student', grade: 7, class: '3班' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      pupils.push(res.body as { id: number });
    }
    const teacher = (await register(m.t.app, training.id, { ...TEACHER, role: 'teacher', grade: undefined, class: undefined })).body as { id: number };
    const sig = encodeURIComponent(m.signer.sign(pupils[0]!.id, 'consent'));
    expect((await request(m.t.app).post(`/api/v1/consents/${pupils[0]!.id}/give?sig=${sig}`)).status).toBe(200);
    // The participant page makes the person's personal feed; the organizer writes to everyone.
    const manage = `?sig=${encodeURIComponent(m.signer.sign(pupils[0]!.id, 'manage'))}`;
    expect((await request(m.t.app).get(`/registrations/${pupils[0]!.id}${manage}`)).status).toBe(200);
    expect((await request(m.t.app).post(`/registrations/${pupils[0]!.id}/feed${manage}`).type('form').send({})).status).toBeLessThan(400);
    expect((await request(m.t.app).post(`/api/v1/activities/${visit.id}/messages`).set(m.admin.headers)
      .send({ audience: 'registrants', subject: '集合时间', body: `${PUPILS[1]!.name}同学请带好水壶` })).status).toBe(202);

    m.clock.set('2027-03-10T02:00:00Z');
    const [visitOccurrence] = (await request(m.t.app).get(`/api/v1/activities/${visit.id}/occurrences`).set(m.admin.headers)).body.items;
    expect((await request(m.t.app).post(`/api/v1/occurrences/${visitOccurrence.id}/attendance`).set(m.admin.headers)
      .send({ marks: [{ registrationId: pupils[0]!.id, status: 'present' }, { registrationId: pupils[1]!.id, status: 'absent' }] })).status).toBe(200);
    m.clock.set('2027-03-12T07:00:00Z');
    const [trainingOccurrence] = (await request(m.t.app).get(`/api/v1/activities/${training.id}/occurrences`).set(m.admin.headers)).body.items;
    expect((await request(m.t.app).post(`/api/v1/occurrences/${trainingOccurrence.id}/attendance`).set(m.admin.headers)
      .send({ marks: [{ registrationId: teacher.id, status: 'present' }] })).status).toBe(200);
    m.clock.set('2027-03-13T00:00:00Z');
    await m.worker().drain();
    const { rows: [certificate] } = await m.t.db.pool.query('SELECT code FROM certificates WHERE superseded_at IS NULL AND registration_id = $1', [teacher.id]);

    const { rows: codes } = await m.t.db.pool.query<{ code: string }>('SELECT check_in_code AS code FROM registrations WHERE id = ANY ($1)', [[...pupils.map((p) => p.id), teacher.id]]);
    secrets.push(...codes.map((c) => c.code));
    expect(await rowsHolding(secrets)).not.toEqual([]);
    const before = Object.fromEntries(await Promise.all(SECTIONS.map(async (s) => [s, await report(s)] as const)));

    // A day before the retention ends nothing changes; once it has passed, everything of theirs goes.
    m.clock.set('2027-09-05T00:00:00Z');
    expect(await anonymiseDue(m.t.db.pool, m.clock, m.t.config.personalData)).toMatchObject({ registrations: 0 });
    m.clock.set('2027-09-12T00:00:00Z');
    expect(await anonymiseDue(m.t.db.pool, m.clock, m.t.config.personalData)).toEqual({ registrations: 3, feeds: 1, certificates: 0 });
    // Certificates keep the name verification shows, for their own longer period: only that table may hold it.
    expect(await rowsHolding(secrets)).toEqual([]);
    expect(await rowsHolding([TEACHER.name], ['certificates'])).toEqual([]);
    for (const s of SECTIONS) expect(await report(s), s).toEqual(before[s]);
    const verified = await request(m.t.app).get(`/api/v1/certificates/${certificate.code}`);
    expect(verified.body).toMatchObject({ status: 'valid', name: TEACHER.name, hours: 3 });
    // Run again (or by a second process): nothing more to do.
    expect(await anonymiseDue(m.t.db.pool, m.clock, m.t.config.personalData)).toEqual({ registrations: 0, feeds: 0, certificates: 0 });

    // The certificate's own period ends: it is gone, and nothing holds the teacher's name any more.
    m.clock.set('2032-03-13T00:00:00Z');
    expect(await anonymiseDue(m.t.db.pool, m.clock, m.t.config.personalData)).toMatchObject({ certificates: 1 });
    expect(await rowsHolding([TEACHER.name])).toEqual([]);
    expect((await request(m.t.app).get(`/api/v1/certificates/${certificate.code}`)).status).toBe(404);
  });
});
