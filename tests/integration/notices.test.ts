import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedActivity, deliveriesOf, register, startMailTest, type MailTest } from '../helpers/mail.ts';

/**
 * Notices a participant receives without asking: the teacher's certificate (issued or reissued,
 * debounced by 10 minutes), and the cancellation of the one occurrence a per-occurrence
 * registration holds. The clock starts before the activities and moves through them.
 */
let m: MailTest;
beforeAll(async () => {
  m = await startMailTest('2027-03-01T00:00:00Z');
});
afterAll(() => m.close());

const occurrences = async (activityId: number) => ((await request(m.t.app).get(`/api/v1/activities/${activityId}/occurrences`)).body.items as { id: number }[]).map((o) => o.id);
const mark = (occurrenceId: number, registrationId: number, status: string) =>
  request(m.t.app).post(`/api/v1/occurrences/${occurrenceId}/attendance`).set(m.admin.headers).send({ marks: [{ registrationId, status }] }).expect(200);
const mailsTo = (address: string, word: string) => m.smtp.messages.filter((x) => x.to.includes(address) && (x.parsed.subject ?? '').includes(word));

describe('certificate notices', () => {
  it('emails the teacher once per burst of changes, about the last certificate; a later reissue sends again', async () => {
    const training = await confirmedActivity(m, { kind: 'teacher_training', title: { 'zh-CN': '天文教学培训', en: 'Teaching astronomy' }, recurrenceRule: 'FREQ=WEEKLY;COUNT=2' });
    const [occ1, occ2] = await occurrences(training.id) as [number, number];
    await request(m.t.app).put(`/api/v1/activities/${training.id}/training-hours`).set(m.admin.headers).send({ hoursPerOccurrence: 3 }).expect(200);
    const email = 'teacher.wang@school.example.org';
    const teacher = (await register(m.t.app, training.id, { name: '王老师', email, role: 'teacher', grade: undefined, class: undefined })).body.id as number;
    m.clock.set('2027-03-09T02:00:00Z'); // 10:00 on the second session's day
    await mark(occ1, teacher, 'present');
    await mark(occ2, teacher, 'late');
    await m.worker().drain();
    expect(mailsTo(email, '证书')).toHaveLength(0); // not yet: the notice waits for more changes

    m.clock.set('2027-03-09T02:11:00Z');
    await m.worker().drain();
    const [mail, ...more] = mailsTo(email, '证书');
    expect(more).toHaveLength(0);
    const notices = (await deliveriesOf(m, training.id)).filter((d) => d.kind === 'certificate_issued');
    expect(notices.map((d) => d.status)).toEqual(['skipped', 'sent']);
    const text = mail!.parsed.text ?? '';
    for (const words of ['王老师', '天文教学培训', 'Teaching astronomy', '6 学时', '6 credit hours', '.pdf', `/teachers/${teacher}?sig=`]) expect(text).toContain(words);
    const code = /\/certificates\/([A-Za-z0-9_-]{22})(?!\.pdf)\b/.exec(text)![1]!;
    expect((await request(m.t.app).get(`/api/v1/certificates/${code}`)).body).toMatchObject({ name: '王老师', hours: 6 });
    expect((await request(m.t.app).get(`/certificates/${code}.pdf`)).status).toBe(200);

    // A correction later reissues it: the new code is mailed, the old one no longer verifies.
    await mark(occ2, teacher, 'absent');
    m.clock.set('2027-03-09T02:30:00Z');
    await m.worker().drain();
    const again = mailsTo(email, '证书');
    expect(again).toHaveLength(2);
    const fresh = /\/certificates\/([A-Za-z0-9_-]{22})(?!\.pdf)\b/.exec(again[1]!.parsed.text ?? '')![1]!;
    expect(fresh).not.toBe(code);
    expect((await request(m.t.app).get(`/api/v1/certificates/${fresh}`)).body).toMatchObject({ hours: 3 });
    expect((await request(m.t.app).get(`/api/v1/certificates/${code}`)).status).toBe(410);
  });
});

describe('an occurrence of a per-occurrence activity is cancelled', () => {
  it('cancels and tells its registrants (CANCEL of their invitation), and tells the other occurrences\' registrants nothing', async () => {
    m.clock.set('2027-03-20T00:00:00Z');
    const show = await confirmedActivity(m, {
      kind: 'science_show', title: { 'zh-CN': '科学秀', en: 'Science show' }, capacity: 1, registrationScope: 'occurrence',
      startsAt: '2027-04-06T09:00:00+08:00', endsAt: '2027-04-06T10:00:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=3',
    });
    const [occ1, occ2] = await occurrences(show.id) as [number, number];
    const who = { held: 'held@school.example.org', waiting: 'waiting@school.example.org', other: 'other@school.example.org' };
    const held = (await register(m.t.app, show.id, { email: who.held, occurrenceId: occ1 })).body;
    const waiting = (await register(m.t.app, show.id, { email: who.waiting, occurrenceId: occ1 })).body;
    const other = (await register(m.t.app, show.id, { email: who.other, occurrenceId: occ2 })).body;
    expect([held.status, waiting.status, other.status]).toEqual(['confirmed', 'waitlisted', 'confirmed']);
    await m.worker().drain();
    const before = m.smtp.messages.length;

    const cancel = await request(m.t.app).patch(`/api/v1/activities/${show.id}/occurrences/${occ1}`).set(m.admin.headers).send({ status: 'cancelled' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    await m.worker().drain();
    const sent = m.smtp.messages.slice(before);
    expect(sent.map((x) => x.to).flat().sort()).toEqual([who.held, who.waiting]);
    const toHeld = sent.find((x) => x.to.includes(who.held))!;
    expect(toHeld.parsed.subject).toContain('科学秀');
    const ics = toHeld.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString('utf8') ?? '';
    expect(ics).toContain('METHOD:CANCEL');
    const statuses = (await m.t.db.pool.query('SELECT id, status, cancelled_at IS NOT NULL AS gone FROM registrations WHERE activity_id = $1 ORDER BY id', [show.id])).rows;
    expect(statuses).toEqual([{ id: held.id, status: 'cancelled', gone: true }, { id: waiting.id, status: 'cancelled', gone: true }, { id: other.id, status: 'confirmed', gone: false }]);
    const places = (await request(m.t.app).get(`/api/v1/activities/${show.id}/places`)).body;
    expect(places.occurrences.find((o: { id: number }) => o.id === occ2)).toMatchObject({ seatsLeft: 0 });

    // Reconciling again (any later edit) repeats nothing and still leaves the other registrant alone.
    await request(m.t.app).patch(`/api/v1/activities/${show.id}`).set(m.admin.headers).send({ description: { en: 'Bring a friend' } }).expect(200);
    await m.worker().drain();
    expect(m.smtp.messages.length).toBe(before + 2);
  });
});
