import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentByRegistration } from '../../src/consent/consent.service.ts';
import { CONSENT_TEXT_VERSION } from '../../src/consent/consent.record.ts';
import { confirmedActivity, deliveriesOf, register, startMailTest, type MailTest } from '../helpers/mail.ts';

/**
 * Guardian consent (issue 14 item 3): a field visit on 2 March 2027, 09:00–11:00 Beijing time.
 * The clock starts a week before and moves through the reminder and the day.
 */
let m: MailTest;
beforeAll(async () => {
  m = await startMailTest('2027-02-22T00:00:00Z', { CONSENT_KINDS: 'field_visit,research_study,summer_camp', CONSENT_REMINDER_HOURS: '48' });
});
afterAll(() => m.close());

const VISIT = { transport: '校车 8:15 从校门出发 / School bus from the gate at 8:15', contact: '王老师 Ms Wang 010-1234-5678', capacity: 1 };
const consentSig = (id: number) => `?sig=${encodeURIComponent(m.signer.sign(id, 'consent'))}`;
const answer = (id: number, action: 'give' | 'decline', sig = consentSig(id)) => request(m.t.app).post(`/api/v1/consents/${id}/${action}${sig}`);
const consentRow = async (id: number) => (await m.t.db.pool.query('SELECT status, answered_at, answered_link FROM consents WHERE registration_id = $1', [id])).rows[0];

describe('registering a student for an activity that leaves the school', () => {
  it("asks for a guardian's email, and only of students", async () => {
    const visit = await confirmedActivity(m, VISIT);
    const missing = await register(m.t.app, visit.id);
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'body.guardianEmail' })]);
    const same = await register(m.t.app, visit.id, { email: 'kid@school.example.org', guardianEmail: 'kid@school.example.org' });
    expect(same.status).toBe(422);
    expect((await m.t.db.pool.query('SELECT count(*)::int AS n FROM registrations WHERE activity_id = $1', [visit.id])).rows[0].n).toBe(0);
    expect((await register(m.t.app, visit.id, { role: 'teacher' })).status).toBe(201);
    const places = (await request(m.t.app).get(`/api/v1/activities/${visit.id}/places`)).body;
    expect(places.guardianConsent).toBe(true);
    const show = await confirmedActivity(m, { kind: 'science_show' });
    expect((await register(m.t.app, show.id)).status).toBe(201);
  });

  it('emails the guardian a bilingual signed link; the guardian consents, the answer is recorded; reminders go only to those who have not answered', async () => {
    const visit = await confirmedActivity(m, { ...VISIT, capacity: 10 });
    const a = (await register(m.t.app, visit.id, { name: '张明', guardianEmail: 'Parent.A@home.example.org' })).body;
    const b = (await register(m.t.app, visit.id, { name: '李雷', guardianEmail: 'parent.b@home.example.org' })).body;
    await m.worker().drain();
    const mail = m.smtp.messages.find((x) => x.to.includes('parent.a@home.example.org'))!;
    expect(mail.parsed.subject).toContain('张明');
    const text = mail.parsed.text ?? '';
    for (const fact of ['麋鹿苑考察', 'Milu Park visit', '校车 8:15', 'Ms Wang', '09:00–11:00', '交通', 'Transport']) expect(text).toContain(fact);
    const link = text.match(/https?:\/\/\S+\/consent\/\d+\?sig=\S+/)![0];
    expect(link).toContain(`/consent/${a.id}?sig=`);

    // Someone who tampers with the link sees nothing and changes nothing.
    expect((await request(m.t.app).get(`/api/v1/consents/${a.id}?sig=${encodeURIComponent(m.signer.sign(a.id, 'manage'))}`)).status).toBe(404);
    expect((await answer(a.id, 'give', consentSig(b.id))).status).toBe(404);
    expect((await request(m.t.app).get(`/consent/${a.id}?sig=AAAA`)).status).toBe(404);
    expect((await consentRow(a.id)).status).toBe('pending');

    const page = await request(m.t.app).get(new URL(link).pathname + new URL(link).search);
    expect(page.status).toBe(200);
    expect(page.text).toContain('School bus');
    const posted = await request(m.t.app).post(`/consent/${a.id}/give${consentSig(a.id)}`);
    expect(posted.status).toBe(303);
    const row = await consentRow(a.id);
    expect(row.status).toBe('given');
    expect(row.answered_at.toISOString()).toBe('2027-02-22T00:00:00.000Z');
    expect(row.answered_link).toMatch(/^consent:\d+:[A-Za-z0-9_-]{16}$/);

    const listed = await m.t.api.get(`/api/v1/activities/${visit.id}/consents`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { name: string; status: string }) => [i.name, i.status])).toEqual([['李雷', 'pending'], ['张明', 'given']]);
    expect((await m.t.api.get(`/api/v1/activities/${visit.id}/consents?status=pending`)).body.items).toHaveLength(1);

    const [occurrence] = (await m.t.api.get(`/api/v1/activities/${visit.id}/occurrences`)).body.items;
    expect(await consentByRegistration(m.t.db.pool, occurrence.id)).toEqual(new Map([[a.id, 'given'], [b.id, 'pending']]));

    m.smtp.messages.length = 0;
    m.clock.set('2027-02-23T23:00:00Z'); // 47 hours: not yet
    await m.worker().drain();
    const toGuardians = () => m.smtp.messages.filter((x) => x.to.some((to) => to.endsWith('@home.example.org')));
    expect(toGuardians()).toHaveLength(0); // (the pupils' own 7-day reminders went out meanwhile)
    m.clock.set('2027-02-24T00:30:00Z');
    await m.worker().drain();
    expect(toGuardians().map((x) => x.to)).toEqual([['parent.b@home.example.org']]);
    expect(toGuardians()[0]!.parsed.subject).toMatch(/^提醒/);
    m.clock.set('2027-02-22T00:00:00Z');
  });
});

describe('declining or withdrawing consent', () => {
  it('frees the place and promotes the waitlist exactly once, however many answers arrive at once', async () => {
    const visit = await confirmedActivity(m, VISIT);
    const kid = (await register(m.t.app, visit.id, { guardianEmail: 'g1@home.example.org' })).body;
    const next = (await register(m.t.app, visit.id, { guardianEmail: 'g2@home.example.org' })).body;
    expect([kid.status, next.status]).toEqual(['confirmed', 'waitlisted']);
    expect((await answer(kid.id, 'give')).status).toBe(200);

    const answers = await Promise.all(Array.from({ length: 6 }, () => answer(kid.id, 'decline')));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers[0]!.body.status).toBe('withdrawn');
    const rows = (await m.t.db.pool.query('SELECT id, status FROM registrations WHERE activity_id = $1 ORDER BY id', [visit.id])).rows;
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'confirmed']);
    const kinds = (await deliveriesOf(m, visit.id)).map((d) => `${d.registration_id === kid.id ? 'kid' : 'next'}:${d.kind}`).filter((k) => !k.endsWith('reminder'));
    expect(kinds.filter((k) => k === 'next:promotion')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'kid:cancellation')).toHaveLength(1);
    // Consenting again after withdrawing is refused: the place is gone.
    const again = await answer(kid.id, 'give');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('consent_closed');
  });

  it('cannot be changed once the day has begun', async () => {
    const visit = await confirmedActivity(m, { ...VISIT, capacity: 5 });
    const kid = (await register(m.t.app, visit.id, { guardianEmail: 'g3@home.example.org' })).body;
    m.clock.set('2027-03-02T01:00:00Z'); // 09:00 in Beijing
    const late = await answer(kid.id, 'decline');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('consent_too_late');
    expect((await consentRow(kid.id)).status).toBe('pending');
    m.clock.set('2027-02-22T00:00:00Z');
  });
});

describe('the consent record (issue 30 item 2)', () => {
  it("states purpose, what is collected, retention and the unit's responsible person, with the text's version and the times", async () => {
    const visit = await confirmedActivity(m, { ...VISIT, capacity: 10 });
    const contact = '赵老师（个人信息保护负责人）zhao@school.example.org';
    expect((await request(m.t.app).patch(`/api/v1/units/${visit.organizerUnitId}`).set(m.admin.headers).send({ privacyContact: contact })).status).toBe(200);
    const kid = (await register(m.t.app, visit.id, { name: '记录学生', guardianEmail: 'record.parent@home.example.org' })).body;
    // An old consent (asked under an earlier text) keeps its version; new ones are asked and answered under the current one.
    await m.t.db.pool.query("UPDATE consents SET text_version = '2026-01' WHERE registration_id = $1", [kid.id]);
    const page = await request(m.t.app).get(`/consent/${kid.id}${consentSig(kid.id)}&lang=zh-CN`);
    expect(page.status).toBe(200);
    for (const fact of ['个人信息说明', '用途', '收集的信息', `活动结束后 ${m.t.config.personalData.registrationDays} 天内删除`, contact, '同意书版本', '2026-01', '发出时间']) expect(page.text).toContain(fact);
    expect((await answer(kid.id, 'give')).body).toMatchObject({ status: 'given', textVersion: CONSENT_TEXT_VERSION, privacyContact: contact });
    expect((await m.t.db.pool.query('SELECT text_version FROM consents WHERE registration_id = $1', [kid.id])).rows[0].text_version).toBe(CONSENT_TEXT_VERSION);
    const en = await request(m.t.app).get(`/consent/${kid.id}${consentSig(kid.id)}&lang=en`);
    for (const fact of ['About the personal data', 'Purpose', `${m.t.config.personalData.registrationDays} days after the activity ends`, CONSENT_TEXT_VERSION, 'Answered']) expect(en.text).toContain(fact);
  });
});
