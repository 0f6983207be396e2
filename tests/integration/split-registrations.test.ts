import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityUid } from '../../src/shared/ical-ids.ts';
import { checkInSigner } from '../../src/attendance/code.ts';
import { resolveSecret } from '../../src/auth/signed-links.ts';
import { parseStrictly, type ParsedFeed } from '../helpers/ical-parsers.ts';
import { confirmedActivity, register, startMailTest, type MailTest } from '../helpers/mail.ts';
import type { CapturedMail } from '../helpers/smtp.ts';

/**
 * Splitting a series ("this and following", issue 22 items 1 and 2): the participants follow the
 * sessions they hold onto the new part, each hears once with the new times, and the calendar parts
 * of that one email update both parts (the original's REQUEST with its new UNTIL, the new part's REQUEST).
 */
let m: MailTest;
beforeAll(async () => {
  m = await startMailTest('2027-03-01T00:00:00Z', { CONSENT_KINDS: 'summer_camp' });
});
afterAll(() => m.close());

interface OccurrenceItem { id: number; startsAt: string; status: string }
const occurrences = async (activityId: number): Promise<OccurrenceItem[]> =>
  (await request(m.t.app).get(`/api/v1/activities/${activityId}/occurrences`).set(m.admin.headers)).body.items;
const activity = async (id: number) => (await request(m.t.app).get(`/api/v1/activities/${id}`).set(m.admin.headers)).body;
const registrations = async (activityId: number) =>
  (await m.t.db.pool.query('SELECT id::int, email, status, occurrence_id::int AS "occurrenceId" FROM registrations WHERE activity_id = $1 ORDER BY id', [activityId])).rows;
const manage = (id: number) => `/registrations/${id}?sig=${encodeURIComponent(m.signer.sign(id, 'manage'))}&lang=en`;

async function split(activityId: number, body: Record<string, unknown>) {
  const res = await request(m.t.app).post(`/api/v1/activities/${activityId}/split`).set(m.admin.headers).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { original: { id: number; sequence: number; recurrenceRule: string }; following: { id: number; sequence: number; registrationScope: string; capacity: number } };
}

/** Every text/calendar part of a message (the invitation and any attached one), read by both parsers. */
function calendarsOf(mail: CapturedMail): ParsedFeed[] {
  return mail.parsed.attachments
    .filter((a) => a.contentType.startsWith('text/calendar') || a.contentType === 'application/ics')
    .map((a) => parseStrictly(a.content.toString('utf8'), { itip: true }));
}

async function deliver(): Promise<CapturedMail[]> {
  m.smtp.clear();
  await m.worker().drain();
  return [...m.smtp.messages];
}

describe('splitting a series club ("this and following")', () => {
  it('takes its members onto the new part, tells each once with the new times, and updates both parts in their calendar', async () => {
    // A weekly club, Tuesdays 18:30–20:00 Beijing time from 2 March 2027, four sessions, 20 places.
    const club = await confirmedActivity(m, {
      kind: 'club_session', title: { 'zh-CN': '天文社', en: 'Astronomy club' }, capacity: 20, timeZone: 'Asia/Shanghai',
      startsAt: '2027-03-02T18:30:00+08:00', endsAt: '2027-03-02T20:00:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=4',
    });
    const member = (await register(m.t.app, club.id, { email: 'member@school.example.org', name: 'Member', language: 'en' })).body;
    expect(member.status).toBe('confirmed');
    await deliver();
    const items = await occurrences(club.id);

    // From the third session on, Wednesdays 19:00–20:30.
    const { original, following } = await split(club.id, { occurrenceId: items[2]!.id, startsAt: '2027-03-17T19:00:00+08:00', endsAt: '2027-03-17T20:30:00+08:00' });
    expect(original.sequence).toBe(club.sequence + 1);
    const followers = await registrations(following.id);
    expect(followers).toMatchObject([{ email: 'member@school.example.org', status: 'confirmed', occurrenceId: null }]);
    expect(await registrations(club.id)).toMatchObject([{ id: member.id, status: 'confirmed' }]);

    const mails = await deliver();
    expect(mails.map((x) => x.to)).toEqual([['member@school.example.org']]);
    const notice = mails[0]!;
    expect(notice.parsed.subject).toBe('Changed: Astronomy club');
    expect(notice.parsed.text).toContain('When: Wednesday 17 March 2027 19:00–20:30');
    expect(notice.parsed.text).not.toContain('2 March 2027');

    const calendars = calendarsOf(notice);
    expect(calendars.map((c) => c.method)).toEqual(['REQUEST', 'REQUEST']);
    const byUid = new Map(calendars.map((c) => [c.events[0]!.uid, c]));
    const before = byUid.get(activityUid(club.id, m.t.config.publicBaseUrl))!;
    const after = byUid.get(activityUid(following.id, m.t.config.publicBaseUrl))!;
    expect(before.events).toHaveLength(1);
    expect(before.events[0]!.sequence).toBe(original.sequence);
    expect(before.events[0]!.rrule).toMatch(/UNTIL=/);
    expect(before.events[0]!.instances).toEqual(['2027-03-02T18:30:00+08:00', '2027-03-09T18:30:00+08:00']);
    expect(after.events[0]!.sequence).toBe(following.sequence);
    expect(after.events[0]!.instances).toEqual(['2027-03-17T19:00:00+08:00', '2027-03-24T19:00:00+08:00']);

    // One notice was the whole of it: nothing more is due for either part.
    expect(await deliver()).toHaveLength(0);
    // The new part reminds its followers of its sessions; the original no longer of the moved ones.
    const { rows: reminders } = await m.t.db.pool.query(
      "SELECT DISTINCT occurrence_id::int AS o, registration_id::int AS r FROM deliveries WHERE kind = 'reminder' AND status = 'pending' AND recipient = $1 ORDER BY 1",
      ['member@school.example.org']);
    expect(reminders).toEqual([
      { o: items[0]!.id, r: member.id }, { o: items[1]!.id, r: member.id },
      ...(await occurrences(following.id)).map((o) => ({ o: o.id, r: followers[0]!.id })),
    ]);
  });

  it('follows with the waitlist when the new part has no place left, in order, and tells only those who held a place', async () => {
    const club = await confirmedActivity(m, {
      kind: 'club_session', capacity: 2, startsAt: '2027-03-02T18:30:00+08:00', endsAt: '2027-03-02T20:00:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=4',
    });
    const emails = ['a@school.example.org', 'b@school.example.org', 'c@school.example.org'];
    for (const email of emails) await register(m.t.app, club.id, { email, language: 'en' });
    // The organizer then lowers the capacity below the places already given.
    expect((await request(m.t.app).patch(`/api/v1/activities/${club.id}`).set(m.admin.headers).send({ capacity: 1 })).status).toBe(200);
    await deliver();
    const items = await occurrences(club.id);
    const { following } = await split(club.id, { occurrenceId: items[2]!.id });
    expect((await registrations(following.id)).map((r) => [r.email, r.status])).toEqual([
      ['a@school.example.org', 'confirmed'], ['b@school.example.org', 'waitlisted'], ['c@school.example.org', 'waitlisted']]);
    const waiting = await request(m.t.app).get(`/api/v1/activities/${following.id}/registrations?status=waitlisted`).set(m.admin.headers);
    expect(waiting.body.items.map((r: { email: string; waitlistPosition: number }) => [r.email, r.waitlistPosition])).toEqual([
      ['b@school.example.org', 1], ['c@school.example.org', 2]]);
    const mails = await deliver();
    expect(mails.map((x) => [x.to[0], (x.parsed.subject ?? '').split(':')[0]]).sort()).toEqual([['a@school.example.org', 'Changed'], ['b@school.example.org', 'Waitlist']]);
  });
});

describe('splitting a per-session science show', () => {
  it('moves a session\'s registration with its session, keeps the scope and per-session places, and shows its own check-in code', async () => {
    const show = await confirmedActivity(m, {
      kind: 'science_show', title: { 'zh-CN': '科学秀', en: 'Science show' }, capacity: 2, registrationScope: 'occurrence', timeZone: 'Asia/Shanghai',
      startsAt: '2027-03-10T19:00:00+08:00', endsAt: '2027-03-10T20:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=4',
    });
    const items = await occurrences(show.id);
    const first = (await register(m.t.app, show.id, { occurrenceId: items[0]!.id, email: 'early@school.example.org', language: 'en' })).body;
    const third = (await register(m.t.app, show.id, { occurrenceId: items[2]!.id, email: 'third@school.example.org', name: 'Third', language: 'en' })).body;
    await register(m.t.app, show.id, { occurrenceId: items[2]!.id, email: 'third2@school.example.org', language: 'en' });
    const waiting = (await register(m.t.app, show.id, { occurrenceId: items[2]!.id, email: 'third3@school.example.org', language: 'en' })).body;
    expect(waiting.status).toBe('waitlisted');
    await deliver();

    const { following } = await split(show.id, { occurrenceId: items[2]!.id, startsAt: '2027-03-24T18:00:00+08:00', endsAt: '2027-03-24T19:30:00+08:00' });
    expect(following).toMatchObject({ registrationScope: 'occurrence', capacity: 2 });
    const moved = await occurrences(following.id);
    expect(moved[0]!.id).toBe(items[2]!.id);
    expect(await registrations(show.id)).toMatchObject([{ id: first.id, occurrenceId: items[0]!.id, status: 'confirmed' }]);
    expect((await registrations(following.id)).map((r) => [r.id, r.occurrenceId, r.status])).toEqual([
      [third.id, items[2]!.id, 'confirmed'], [third.id + 1, items[2]!.id, 'confirmed'], [waiting.id, items[2]!.id, 'waitlisted']]);
    const places = (await request(m.t.app).get(`/api/v1/activities/${following.id}/places`)).body;
    expect(places.registrationScope).toBe('occurrence');
    expect(places.occurrences.map((o: { id: number; seatsLeft: number; waitlisted: number }) => [o.id, o.seatsLeft, o.waitlisted])).toEqual([
      [items[2]!.id, 0, 1], [items[3]!.id, 2, 0]]);

    const mails = await deliver();
    expect(mails.map((x) => x.to[0]).sort()).toEqual(['third2@school.example.org', 'third@school.example.org']);
    const notice = mails.find((x) => x.to.includes('third@school.example.org'))!;
    expect(notice.parsed.subject).toBe('Changed: Science show');
    expect(notice.parsed.text).toContain('When: Wednesday 24 March 2027 18:00–19:30');
    const calendars = calendarsOf(notice);
    const request_ = calendars.find((c) => c.method === 'REQUEST')!;
    expect(request_.events.map((e) => [e.uid, e.start, e.rrule])).toEqual([[activityUid(following.id, m.t.config.publicBaseUrl), '2027-03-24T18:00:00+08:00', null]]);
    const cancel = calendars.find((c) => c.method === 'CANCEL')!;
    expect(cancel.events.map((e) => e.uid)).toEqual([activityUid(show.id, m.t.config.publicBaseUrl)]);
    expect(await deliver()).toHaveLength(0);

    // The participant page: the registration, its session and the check-in code for that session.
    const page = await request(m.t.app).get(manage(third.id));
    expect(page.status).toBe(200);
    const payload = /id="check-in-qr" data-payload="([^"]+)"/.exec(page.text)![1]!;
    expect(checkInSigner(resolveSecret(m.t.config)).verify(payload)).toEqual({ registrationId: third.id, occurrenceId: items[2]!.id });
    const api = await request(m.t.app).get(`/api/v1/registrations/${third.id}?sig=${encodeURIComponent(m.signer.sign(third.id, 'manage'))}`);
    expect(api.body).toMatchObject({ activityId: following.id, occurrenceId: items[2]!.id, status: 'confirmed' });
    expect((await activity(following.id)).registrationScope).toBe('occurrence');
  });

  it('shows a per-session registrant the check-in code of their own session, not the show\'s next one', async () => {
    const show = await confirmedActivity(m, {
      kind: 'science_show', capacity: 2, registrationScope: 'occurrence',
      startsAt: '2027-03-10T19:00:00+08:00', endsAt: '2027-03-10T20:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=3',
    });
    const items = await occurrences(show.id);
    const third = (await register(m.t.app, show.id, { occurrenceId: items[2]!.id, language: 'en' })).body;
    const page = await request(m.t.app).get(manage(third.id));
    const payload = /id="check-in-qr" data-payload="([^"]+)"/.exec(page.text)![1]!;
    expect(checkInSigner(resolveSecret(m.t.config)).verify(payload)).toEqual({ registrationId: third.id, occurrenceId: items[2]!.id });
  });
});

describe('what else hangs on the sessions of a split', () => {
  it('keeps the marks taken at a moved session, on the follower\'s registration', async () => {
    const club = await confirmedActivity(m, {
      kind: 'club_session', capacity: 20, startsAt: '2027-04-06T18:30:00+08:00', endsAt: '2027-04-06T20:00:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=4',
    });
    const member = (await register(m.t.app, club.id, { email: 'marked@school.example.org' })).body;
    const items = await occurrences(club.id);
    m.clock.set('2027-04-20T10:45:00Z'); // 18:45 on 20 April in Beijing: the third session is on
    try {
      const marked = await request(m.t.app).post(`/api/v1/occurrences/${items[2]!.id}/attendance`).set(m.admin.headers)
        .send({ marks: [{ registrationId: member.id, status: 'present' }] });
      expect(marked.status, JSON.stringify(marked.body)).toBe(200);
      const { following } = await split(club.id, { occurrenceId: items[2]!.id });
      const follower = (await registrations(following.id))[0]!;
      const list = await request(m.t.app).get(`/api/v1/occurrences/${items[2]!.id}/attendance`).set(m.admin.headers);
      expect(list.body.items.map((i: { registrationId: number; status: string }) => [i.registrationId, i.status])).toEqual([[follower.id, 'present']]);
    } finally {
      m.clock.set('2027-03-01T00:00:00Z');
    }
  });

  it('cancels and tells the holders of sessions the new rule drops; a dry run stores and sends nothing', async () => {
    const show = await confirmedActivity(m, {
      kind: 'science_show', capacity: 2, registrationScope: 'occurrence',
      startsAt: '2027-05-05T19:00:00+08:00', endsAt: '2027-05-05T20:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=4',
    });
    const items = await occurrences(show.id);
    const kept = (await register(m.t.app, show.id, { occurrenceId: items[2]!.id, email: 'kept@school.example.org', language: 'en' })).body;
    const dropped = (await register(m.t.app, show.id, { occurrenceId: items[3]!.id, email: 'dropped@school.example.org', language: 'en' })).body;
    await deliver();
    const before = (await m.t.db.pool.query('SELECT count(*)::int AS n FROM deliveries')).rows[0].n;
    const dry = await request(m.t.app).post(`/api/v1/activities/${show.id}/check-split`).set(m.admin.headers).send({ occurrenceId: items[2]!.id, recurrenceRule: 'FREQ=WEEKLY;COUNT=1' });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect((await m.t.db.pool.query('SELECT count(*)::int AS n FROM deliveries')).rows[0].n).toBe(before);
    expect((await registrations(show.id)).map((r) => r.status)).toEqual(['confirmed', 'confirmed']);

    const { following } = await split(show.id, { occurrenceId: items[2]!.id, recurrenceRule: 'FREQ=WEEKLY;COUNT=1' });
    expect((await occurrences(following.id)).map((o) => o.id)).toEqual([items[2]!.id]);
    expect((await registrations(following.id)).map((r) => [r.id, r.status])).toEqual([[kept.id, 'confirmed']]);
    expect((await registrations(show.id)).map((r) => [r.id, r.status])).toEqual([[dropped.id, 'cancelled']]);
    const mails = await deliver();
    const told = mails.find((x) => x.to.includes('dropped@school.example.org'))!;
    expect(told.parsed.subject).toMatch(/^Cancelled: /);
    expect(calendarsOf(told).map((c) => c.method)).toEqual(['CANCEL']);
    expect(mails.filter((x) => x.to.includes('kept@school.example.org')).map((x) => x.parsed.subject)).toEqual([expect.stringMatching(/^Changed: /)]);
  });
});

describe('a whole-series edit that drops sessions (the same class of bug)', () => {
  it('cancels and tells the holders of a dropped session instead of leaving them holding nothing', async () => {
    const show = await confirmedActivity(m, {
      kind: 'science_show', capacity: 2, registrationScope: 'occurrence',
      startsAt: '2027-06-02T19:00:00+08:00', endsAt: '2027-06-02T20:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=4',
    });
    const items = await occurrences(show.id);
    const last = (await register(m.t.app, show.id, { occurrenceId: items[3]!.id, email: 'last@school.example.org', language: 'en' })).body;
    const second = (await register(m.t.app, show.id, { occurrenceId: items[1]!.id, email: 'second@school.example.org', language: 'en' })).body;
    await deliver();
    expect((await request(m.t.app).patch(`/api/v1/activities/${show.id}`).set(m.admin.headers).send({ recurrenceRule: 'FREQ=WEEKLY;COUNT=3' })).status).toBe(200);
    expect((await registrations(show.id)).map((r) => [r.id, r.status, r.occurrenceId])).toEqual([
      [last.id, 'cancelled', null], [second.id, 'confirmed', items[1]!.id]]);
    const told = (await deliver()).filter((x) => x.to.includes('last@school.example.org'));
    expect(told.map((x) => x.parsed.subject)).toEqual([expect.stringMatching(/^Cancelled: /)]);
    expect(calendarsOf(told[0]!).map((c) => c.method)).toEqual(['CANCEL']);
  });
});

describe('a split teacher training', () => {
  it('keeps its credit hours per session on the new part', async () => {
    const training = await confirmedActivity(m, {
      kind: 'teacher_training', startsAt: '2027-07-07T14:00:00+08:00', endsAt: '2027-07-07T17:00:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=4',
    });
    const set = await request(m.t.app).put(`/api/v1/activities/${training.id}/training-hours`).set(m.admin.headers).send({ hoursPerOccurrence: 2.5 });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const { following } = await split(training.id, { occurrenceId: (await occurrences(training.id))[2]!.id });
    const hours = await request(m.t.app).get(`/api/v1/activities/${following.id}/training-hours`).set(m.admin.headers);
    expect(hours.body).toMatchObject({ hoursPerOccurrence: 2.5, sessions: 2, totalHours: 5 });
  });

  it('reissues the certificates when marks move with a split: each part certifies what was attended there', async () => {
    const training = await confirmedActivity(m, {
      kind: 'teacher_training', timeZone: 'Asia/Shanghai', startsAt: '2027-09-01T14:00:00+08:00', endsAt: '2027-09-01T17:00:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=4',
    });
    expect((await request(m.t.app).put(`/api/v1/activities/${training.id}/training-hours`).set(m.admin.headers).send({ hoursPerOccurrence: 3 })).status).toBe(200);
    const teacher = (await register(m.t.app, training.id, { email: 'teacher@school.example.org', name: '王老师', role: 'teacher', grade: undefined, class: undefined })).body;
    const items = await occurrences(training.id);
    const current = async () => (await m.t.db.pool.query(
      'SELECT registration_id::int AS r, sessions::int, hours::float FROM certificates WHERE superseded_at IS NULL AND registration_id IN (SELECT id FROM registrations WHERE email = $1) ORDER BY 1',
      ['teacher@school.example.org'])).rows;
    try {
      for (const [i, at] of [[0, '2027-09-01T07:00:00Z'], [1, '2027-09-08T07:00:00Z'], [2, '2027-09-15T07:00:00Z']] as const) {
        m.clock.set(at);
        const marked = await request(m.t.app).post(`/api/v1/occurrences/${items[i]!.id}/attendance`).set(m.admin.headers)
          .send({ marks: [{ registrationId: teacher.id, status: 'present' }] });
        expect(marked.status, JSON.stringify(marked.body)).toBe(200);
      }
      expect(await current()).toEqual([{ r: teacher.id, sessions: 3, hours: 9 }]);
      const { following } = await split(training.id, { occurrenceId: items[2]!.id });
      const follower = (await registrations(following.id))[0]!;
      // The third session's mark moved to the follower: the original certifies two sessions, the new part one.
      expect(await current()).toEqual([{ r: teacher.id, sessions: 2, hours: 6 }, { r: follower.id, sessions: 1, hours: 3 }]);
    } finally {
      m.clock.set('2027-03-01T00:00:00Z');
    }
  });
});

describe('splitting a series that leaves the school (guardian consent)', () => {
  it('asks each guardian again for the new part, so no pupil there shows as needing no consent', async () => {
    // A weekly summer camp (a kind that needs consent), Mondays from 5 July 2027, four sessions.
    const camp = await confirmedActivity(m, {
      kind: 'summer_camp', title: { 'zh-CN': '麋鹿苑夏令营', en: 'Milu Park camp' }, capacity: 20, timeZone: 'Asia/Shanghai',
      startsAt: '2027-07-05T09:00:00+08:00', endsAt: '2027-07-05T16:00:00+08:00', recurrenceRule: 'FREQ=WEEKLY;COUNT=4',
    });
    const consented = (await register(m.t.app, camp.id, { email: 'kid1@school.example.org', guardianEmail: 'parent1@home.example.org', language: 'en' })).body;
    const pending = (await register(m.t.app, camp.id, { email: 'kid2@school.example.org', guardianEmail: 'parent2@home.example.org', language: 'en' })).body;
    const sig = encodeURIComponent(m.signer.sign(consented.id, 'consent'));
    expect((await request(m.t.app).post(`/api/v1/consents/${consented.id}/give?sig=${sig}`)).status).toBe(200);
    await deliver();

    const items = await occurrences(camp.id);
    const { following } = await split(camp.id, { occurrenceId: items[2]!.id, startsAt: '2027-07-21T09:00:00+08:00', endsAt: '2027-07-21T16:00:00+08:00' });
    const copies = await registrations(following.id);
    expect(copies.map((r) => r.email)).toEqual(['kid1@school.example.org', 'kid2@school.example.org']);
    // The new part's consents: both asked, neither absent (absent reads "no consent needed" on the attendance list).
    const listed = await request(m.t.app).get(`/api/v1/activities/${following.id}/consents`).set(m.admin.headers);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { registrationId: number; guardianEmail: string; status: string }) => [c.registrationId, c.guardianEmail, c.status]).sort()).toEqual([
      [copies[0]!.id, 'parent1@home.example.org', 'pending'], [copies[1]!.id, 'parent2@home.example.org', 'pending']]);
    // The original part keeps its answers.
    const kept = await m.t.db.pool.query('SELECT registration_id::int AS id, status FROM consents WHERE registration_id = ANY ($1) ORDER BY 1', [[consented.id, pending.id]]);
    expect(kept.rows).toEqual([{ id: consented.id, status: 'given' }, { id: pending.id, status: 'pending' }]);

    // Each guardian is asked once, with a link for the new part's registration.
    const mails = (await deliver()).filter((x) => x.to[0]!.startsWith('parent'));
    expect(mails.map((x) => x.to[0]).sort()).toEqual(['parent1@home.example.org', 'parent2@home.example.org']);
    for (const [mail, copy] of [[mails.find((x) => x.to[0] === 'parent1@home.example.org')!, copies[0]!], [mails.find((x) => x.to[0] === 'parent2@home.example.org')!, copies[1]!]] as const) {
      expect(mail.parsed.text).toContain(`/consent/${copy.id}?sig=`);
    }
  });
});
