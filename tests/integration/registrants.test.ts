import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithToken, type Credential } from '../helpers/auth.ts';
import { confirmedActivity, register, startMailTest, type MailTest } from '../helpers/mail.ts';

// An organizer working with an activity's registrants: add by hand, write to them all, find them.
// One app and SMTP receiver for the file; each test has its own activity, staff and (unique) addresses.
let m: MailTest;
const mailsTo = (email: string) => m.smtp.messages.filter((x) => x.to.includes(email));
const raw = (text: string) => text.replace(/\r?\n[ \t]+/g, ' ');

beforeAll(async () => {
  m = await startMailTest();
});
afterAll(() => m?.close());

/** A confirmed activity with 2 places, its unit's organizer and viewer, and this test's own participant addresses. */
async function activityWithStaff() {
  const activity = await confirmedActivity(m, { capacity: 2 });
  const organizer = await userWithToken(m.t, 'organizer', activity.organizerUnitId);
  const viewer = await userWithToken(m.t, 'viewer', activity.organizerUnitId);
  const suffix = randomBytes(4).toString('hex');
  const email = { wang: `wang.${suffix}@school.example.org`, li: `li.teacher.${suffix}@school.example.org`, zhao: `zhao.${suffix}@school.example.org` };
  const addByHand = (body: Record<string, unknown>, who: Credential = organizer) =>
    request(m.t.app).post(`/api/v1/activities/${activity.id}/participants`).set(who.headers).send({ role: 'teacher', language: 'en', ...body });
  return { activity, organizer, viewer, email, addByHand };
}

/** `activityWithStaff` with 王芳 registered (zh-CN), Ms Li added by hand (en), both confirmed, and Mr Zhao waitlisted. */
async function activityWithRegistrants() {
  const staff = await activityWithStaff();
  expect((await register(m.t.app, staff.activity.id, { name: '王芳', email: staff.email.wang })).status).toBe(201);
  expect((await staff.addByHand({ name: 'Ms Li', email: staff.email.li })).body.status).toBe('confirmed');
  expect((await staff.addByHand({ name: 'Mr Zhao', email: staff.email.zhao })).body.status).toBe('waitlisted');
  return staff;
}

describe('an organizer adds participants by hand', () => {
  it('follows the same places and waitlist, and sends the confirmation email', async () => {
    const { activity, email, addByHand } = await activityWithStaff();
    expect((await register(m.t.app, activity.id, { name: '王芳', email: email.wang })).status).toBe(201);
    const added = await addByHand({ name: 'Ms Li', email: email.li.replace('li.teacher', 'Li.Teacher') });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ status: 'confirmed', waitlistPosition: null });
    const full = await addByHand({ name: 'Mr Zhao', email: email.zhao });
    expect(full.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    // The same address again is the same registration.
    const again = await addByHand({ name: 'Ms Li', email: email.li });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(added.body.id);
    await m.worker().drain();
    expect(mailsTo(email.li).map((x) => x.parsed.subject)).toEqual(['Registered: Milu Park visit']);
    expect(mailsTo(email.zhao).map((x) => x.parsed.subject)).toEqual(['Waitlist: Milu Park visit']);
  });

  it('refuses viewers, strangers and bad input, changing nothing', async () => {
    const { activity, organizer, viewer, addByHand } = await activityWithRegistrants();
    const count = async () => (await m.t.db.pool.query('SELECT count(*)::int AS n FROM registrations WHERE activity_id = $1', [activity.id])).rows[0].n;
    const before = await count();
    expect((await addByHand({ name: 'X', email: 'x@school.example.org' }, viewer)).status).toBe(403);
    const stranger = await userWithToken(m.t, 'organizer', (await confirmedActivity(m)).organizerUnitId);
    expect((await addByHand({ name: 'X', email: 'x@school.example.org' }, stranger)).status).toBe(403);
    const bad = await addByHand({ name: 'X\r\nBcc: evil@example.org', email: 'not-an-email' });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('validation_failed');
    const noMessage = await request(m.t.app).post(`/api/v1/activities/${activity.id}/messages`).set(organizer.headers).send({ audience: 'everyone', subject: 'Hi', body: '' });
    expect(noMessage.status).toBe(422);
    const viewerMessage = await request(m.t.app).post(`/api/v1/activities/${activity.id}/messages`).set(viewer.headers).send({ audience: 'registrants', subject: 'Hi', body: 'Hello' });
    expect(viewerMessage.status).toBe(403);
    expect((await request(m.t.app).get(`/api/v1/activities/${activity.id}/registrations?status=gone`).set(organizer.headers)).status).toBe(422);
    expect(await count()).toBe(before);
  });
});

describe('an organizer writes to the registrants', () => {
  it('emails everyone confirmed (or everyone waiting) with one-click unsubscribe', async () => {
    const { activity, organizer, email } = await activityWithRegistrants();
    const sent = await request(m.t.app).post(`/api/v1/activities/${activity.id}/messages`).set(organizer.headers)
      .send({ audience: 'registrants', subject: 'Bring boots', body: 'The park is muddy.\nBring boots, please.' });
    expect(sent.status).toBe(202);
    expect(sent.body.queued).toBe(2);
    const waiting = await request(m.t.app).post(`/api/v1/activities/${activity.id}/messages`).set(organizer.headers)
      .send({ audience: 'waitlist', subject: 'Still waiting', body: 'A place may free up.' });
    expect(waiting.body.queued).toBe(1);
    await m.worker().drain();
    const [toLi] = mailsTo(email.li).filter((x) => x.parsed.subject?.startsWith('Bring boots'));
    expect(toLi?.parsed.subject).toBe('Bring boots · Milu Park visit');
    expect(toLi?.parsed.text).toContain('A message from the organizers of “Milu Park visit”:');
    expect(toLi?.parsed.text).toContain('The park is muddy.\nBring boots, please.');
    expect(raw(toLi!.raw)).toMatch(/^List-Unsubscribe: <http:\/\/orrery\.test\/registrations\/\d+\/unsubscribe\?sig=/m);
    expect(raw(toLi!.raw)).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    expect(mailsTo(email.wang).some((x) => x.parsed.subject === 'Bring boots · 麋鹿苑考察')).toBe(true);
    expect(mailsTo(email.zhao).map((x) => x.parsed.subject)).toEqual(['Waitlist: Milu Park visit', 'Still waiting · Milu Park visit']);
  });
});

describe('the registrations list', () => {
  it('searches names and emails and filters by status', async () => {
    const { activity, organizer } = await activityWithRegistrants();
    const list = async (query: string) => {
      const res = await request(m.t.app).get(`/api/v1/activities/${activity.id}/registrations?${query}`).set(organizer.headers);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items.map((r: { name: string }) => r.name);
    };
    expect(await list('q=LI.TEACH')).toEqual(['Ms Li']);
    expect(await list('q=%E7%8E%8B')).toEqual(['王芳']);
    expect(await list('q=school&status=waitlisted')).toEqual(['Mr Zhao']);
    expect(await list('q=%25')).toEqual([]);
    expect(await list('status=confirmed')).toEqual(['王芳', 'Ms Li']);
  });
});
