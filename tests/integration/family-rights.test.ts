import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymiseDue } from '../../src/privacy/personal-data.ts';
import { rightsService } from '../../src/privacy/rights.service.ts';
import { personLinks } from '../../src/privacy/person-link.ts';
import { resolveSecret } from '../../src/auth/signed-links.ts';
import { userWithToken } from '../helpers/auth.ts';
import { confirmedActivity, register, startMailTest, type MailTest } from '../helpers/mail.ts';

/**
 * A family's rights over a person's data (issue 30 item 4, docs/privacy.md): a guardian asks for
 * the signed link by email (the same answer for unknown addresses), receives it at the loopback
 * SMTP receiver, sees what the database holds, corrects it, and erases it — refused while a place
 * is still to come unless they choose to release it, refused under a legal hold, idempotent,
 * resumable after a crash, confirmed by email. Organizers do the same on request, audited.
 */
let m: MailTest;
beforeAll(async () => {
  m = await startMailTest('2027-03-01T00:00:00Z', { CONSENT_KINDS: 'field_visit', PERSONAL_LINK_HOURS: '72' });
});
afterAll(() => m.close());

const VISIT = { kind: 'field_visit', capacity: 1, timeZone: 'Asia/Shanghai', startsAt: '2027-03-02T09:00:00+08:00', endsAt: '2027-03-02T15:00:00+08:00' };
const db = () => m.t.db.pool;

/** Every row of every table, as text, that contains one of the strings. */
async function rowsHolding(needles: string[]): Promise<string[]> {
  const { rows: tables } = await db().query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'");
  const found: string[] = [];
  for (const { name } of tables) {
    const { rows } = await db().query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM ${name} t`);
    for (const { row } of rows) for (const needle of needles) if (row.toLowerCase().includes(needle.toLowerCase())) found.push(`${name}: ${needle}`);
  }
  return found;
}

async function linkFor(email: string): Promise<string> {
  await m.worker().drain();
  const mail = m.smtp.messages.filter((x) => x.to.includes(email) && (x.parsed.text ?? '').includes('/privacy/person?token=')).at(-1);
  expect(mail, `no link mailed to ${email}`).toBeDefined();
  const url = new URL((mail!.parsed.text ?? '').match(/https?:\/\/\S+\/privacy\/person\?token=\S+/)![0]);
  return url.searchParams.get('token')!;
}

describe("a family's signed link", () => {
  it('is mailed on request (the same answer for unknown addresses), shows what the database holds, corrects it, and erasure removes it', async () => {
    const child = { name: '欧阳家庭甲', email: 'family.kid@pupils.example.org', guardianEmail: 'family.parent@home.example.org' };
    const visit = await confirmedActivity(m, { ...VISIT, title: { 'zh-CN': '天文馆考察', en: 'Planetarium visit' } });
    const kid = (await register(m.t.app, visit.id, { ...child, role: 'student', grade: 5, class: '2班' })).body as { id: number; status: string };
    expect(kid.status).toBe('confirmed');
    const other = (await register(m.t.app, visit.id, { name: '候补乙', email: 'waiting.kid@pupils.example.org', guardianEmail: 'waiting.parent@home.example.org' })).body as { id: number; status: string };
    expect(other.status).toBe('waitlisted');

    // The same answer whether or not the address is known; only a known one gets mail.
    const unknown = await request(m.t.app).post('/api/v1/privacy/requests').send({ email: 'nobody@home.example.org' });
    const known = await request(m.t.app).post('/api/v1/privacy/requests').send({ email: 'Family.Parent@home.example.org' });
    expect([unknown.status, unknown.body]).toEqual([202, { accepted: true }]);
    expect([known.status, known.body]).toEqual([unknown.status, unknown.body]);
    expect((await request(m.t.app).post('/api/v1/privacy/requests').send({ email: 'not an address' })).status).toBe(422);
    const token = await linkFor(child.guardianEmail);
    expect(m.smtp.messages.some((x) => x.to.includes('nobody@home.example.org'))).toBe(false);
    // Asking again within the hour sends nothing new.
    await request(m.t.app).post('/api/v1/privacy/requests').send({ email: child.guardianEmail });
    await m.worker().drain();
    expect(m.smtp.messages.filter((x) => x.to.includes(child.guardianEmail) && x.parsed.subject?.includes('个人信息')).length).toBe(1);

    // The JSON is what the database holds.
    const seen = await request(m.t.app).get(`/api/v1/privacy/person?token=${token}`);
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    const { rows: [row] } = await db().query('SELECT r.name, r.email, r.grade, r.class_name, r.check_in_code, c.guardian_email, c.status FROM registrations r JOIN consents c ON c.registration_id = r.id WHERE r.id = $1', [kid.id]);
    expect(seen.body.registrations).toEqual([expect.objectContaining({
      id: kid.id, relation: 'guardian', name: row.name, email: row.email, grade: row.grade, class: row.class_name, checkInCode: row.check_in_code, upcoming: true,
      consent: expect.objectContaining({ guardianEmail: row.guardian_email, status: row.status, textVersion: expect.any(String) }),
      withdrawUrl: expect.stringMatching(new RegExp(`^/consent/${kid.id}/decline\\?sig=`)),
    })]);
    expect(seen.body.registrations[0].emails.length).toBeGreaterThan(0);
    // The readable page, Chinese first, with the same facts, and in English on request.
    const page = await request(m.t.app).get(`/privacy/person?token=${token}`);
    expect(page.status).toBe(200);
    for (const fact of ['我的个人信息', '欧阳家庭甲', row.check_in_code, '天文馆考察', '删除我的信息']) expect(page.text).toContain(fact);
    expect(page.headers['cache-control']).toContain('no-store');
    expect((await request(m.t.app).get(`/privacy/person?token=${token}&lang=en`)).text).toContain('Planetarium visit');

    // Forged and expired links are refused, and show nothing.
    const forged = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const refused = await request(m.t.app).get(`/api/v1/privacy/person?token=${forged}`);
    expect([refused.status, refused.body.code]).toEqual([403, 'personal_link_invalid']);
    expect(JSON.stringify(refused.body)).not.toContain(child.name);
    const other2 = token.replace(/^(\d+)\./, (_, n) => `${Number(n) + 3600}.`);
    expect((await request(m.t.app).get(`/api/v1/privacy/person?token=${other2}`)).status).toBe(403);
    m.clock.set('2027-03-04T00:00:01Z');
    expect((await request(m.t.app).get(`/privacy/person?token=${token}`)).status).toBe(403);
    m.clock.set('2027-03-01T00:00:00Z');

    // A correction changes only what was sent.
    const corrected = await request(m.t.app).patch(`/api/v1/privacy/person/registrations/${kid.id}?token=${token}`).send({ name: '欧阳家庭丙' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect((await db().query('SELECT name, grade, class_name FROM registrations WHERE id = $1', [kid.id])).rows[0]).toEqual({ name: '欧阳家庭丙', grade: 5, class_name: '2班' });
    expect((await request(m.t.app).patch(`/api/v1/privacy/person/registrations/${other.id}?token=${token}`).send({ name: 'x' })).status).toBe(404);

    // A place tomorrow: erasure is refused with the place named, and nothing changes ...
    const held = await request(m.t.app).post(`/api/v1/privacy/person/erasure?token=${token}`).send({});
    expect([held.status, held.body.code]).toEqual([409, 'erasure_places_held']);
    expect(held.body.places).toEqual([expect.objectContaining({ registrationId: kid.id, title: { 'zh-CN': '天文馆考察', en: 'Planetarium visit' } })]);
    expect((await db().query('SELECT name, status, anonymised_at FROM registrations WHERE id = $1', [kid.id])).rows[0]).toMatchObject({ name: '欧阳家庭丙', status: 'confirmed', anonymised_at: null });
    // ... a legal hold refuses it with its reason ...
    expect((await request(m.t.app).put('/api/v1/privacy/holds').set(m.admin.headers).send({ email: child.guardianEmail, reason: '投诉调查中' })).status).toBe(200);
    const hold = await request(m.t.app).post(`/api/v1/privacy/person/erasure?token=${token}`).send({ places: 'release' });
    expect([hold.status, hold.body.code, hold.body.reason]).toEqual([409, 'erasure_legal_hold', '投诉调查中']);
    expect((await request(m.t.app).put('/api/v1/privacy/holds').set(m.admin.headers).send({ email: child.guardianEmail, reason: null })).status).toBe(200);
    // ... and choosing to release the place erases: the waitlist moves up.
    const erased = await request(m.t.app).post(`/api/v1/privacy/person/erasure?token=${token}`).send({ places: 'release' });
    expect([erased.status, erased.body]).toEqual([200, { status: 'erased', registrations: 1, releasedPlaces: 1 }]);
    expect((await db().query('SELECT status FROM registrations WHERE id = $1', [other.id])).rows[0].status).toBe('confirmed');
    // Repeated: nothing more to do, the same kind of answer.
    expect((await request(m.t.app).post(`/api/v1/privacy/person/erasure?token=${token}`).send({ places: 'release' })).body).toEqual({ status: 'erased', registrations: 0, releasedPlaces: 0 });
    expect((await request(m.t.app).get(`/api/v1/privacy/person?token=${token}`)).body.registrations).toEqual([]);

    // Confirmed by email; once sent, the hourly job scrubs its address too: nothing of theirs is left anywhere.
    await m.worker().drain();
    expect(m.smtp.messages.some((x) => x.to.includes(child.guardianEmail) && x.parsed.subject?.includes('已删除'))).toBe(true);
    await anonymiseDue(db(), m.clock, m.t.config.personalData);
    expect(await rowsHolding([child.name, '欧阳家庭丙', child.email, child.guardianEmail, row.check_in_code])).toEqual([]);
  });

  it('pages: asking for the link by form, and erasing by form, work without script', async () => {
    const email = 'page.pupil@pupils.example.org';
    const past = await confirmedActivity(m, { kind: 'science_show', startsAt: '2027-03-05T09:00:00+08:00', endsAt: '2027-03-05T10:00:00+08:00' });
    expect((await register(m.t.app, past.id, { name: '页面学生', email, role: 'teacher', grade: undefined, class: undefined })).status).toBe(201);
    const asked = await request(m.t.app).post('/privacy').type('form').send({ email });
    expect(asked.status).toBe(202);
    expect(asked.text).toContain('链接已发出');
    const token = await linkFor(email);
    const refusedPage = await request(m.t.app).post(`/privacy/person/erase?token=${token}`).type('form').send({ places: 'refuse' });
    expect(refusedPage.status).toBe(409);
    expect(refusedPage.text).toContain('尚未结束的活动名额');
    const done = await request(m.t.app).post(`/privacy/person/erase?token=${token}`).type('form').send({ places: 'release' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('已删除 1 条报名');
    expect((await db().query('SELECT count(*)::int AS n FROM registrations WHERE email = $1', [email])).rows[0].n).toBe(0);
  });

  it('resumes an erasure a crash interrupted: never half a person', async () => {
    const email = 'crash.kid@pupils.example.org';
    const visit = await confirmedActivity(m, { kind: 'science_show', startsAt: '2027-03-05T09:00:00+08:00', endsAt: '2027-03-05T10:00:00+08:00' });
    const a = (await register(m.t.app, visit.id, { name: '崩溃测试', email, role: 'teacher', grade: undefined, class: undefined })).body as { id: number };
    const rights = rightsService({ pool: db(), clock: m.clock, links: personLinks(resolveSecret(m.t.config)), signer: m.signer, settings: { ...m.t.config, linkHours: 72 } });
    const token = personLinks(resolveSecret(m.t.config)).sign(email, m.clock.now().plus({ hours: 1 }));
    // The erasure fails after the consent and emails were changed, before the registration: all of it rolls back.
    await db().query(`CREATE FUNCTION fail_erasure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'crash'; END $$`);
    await db().query(`CREATE TRIGGER fail_erasure BEFORE UPDATE OF anonymised_at ON registrations FOR EACH ROW EXECUTE FUNCTION fail_erasure()`);
    await expect(rights.eraseByLink(token, true)).rejects.toThrow(/crash/);
    expect((await db().query('SELECT name, email, anonymised_at, status FROM registrations WHERE id = $1', [a.id])).rows[0]).toMatchObject({ name: '崩溃测试', email, anonymised_at: null, status: 'confirmed' });
    expect((await db().query("SELECT count(*)::int AS n FROM deliveries WHERE registration_id = $1 AND recipient = $2", [a.id, email])).rows[0].n).toBeGreaterThan(0);
    expect((await db().query("SELECT status, email FROM erasure_requests ORDER BY id DESC LIMIT 1")).rows[0]).toEqual({ status: 'pending', email });
    await db().query('DROP TRIGGER fail_erasure ON registrations; DROP FUNCTION fail_erasure()');
    // The hourly job carries the pending request out, once.
    expect((await anonymiseDue(db(), m.clock, m.t.config.personalData, rights.resume)).registrations).toBe(1);
    await m.worker().drain();
    await anonymiseDue(db(), m.clock, m.t.config.personalData, rights.resume);
    expect(await rowsHolding([email, '崩溃测试'])).toEqual([]);
    expect(await rights.resume()).toBe(0);
    expect((await db().query("SELECT status, email, outcome FROM erasure_requests ORDER BY id DESC LIMIT 1")).rows[0]).toMatchObject({ status: 'done', email: null, outcome: { registrations: 1, releasedPlaces: 1 } });
  });

  it("organizers look a person up and erase them on request, for their unit's activities only, audited", async () => {
    const email = 'asked.kid@pupils.example.org';
    const mine = await confirmedActivity(m, { kind: 'science_show', startsAt: '2027-03-06T09:00:00+08:00', endsAt: '2027-03-06T10:00:00+08:00' });
    const theirs = await confirmedActivity(m, { kind: 'science_show', startsAt: '2027-03-07T09:00:00+08:00', endsAt: '2027-03-07T10:00:00+08:00' });
    const a = (await register(m.t.app, mine.id, { name: '请求学生', email, role: 'teacher', grade: undefined, class: undefined })).body as { id: number };
    const b = (await register(m.t.app, theirs.id, { name: '请求学生', email, role: 'teacher', grade: undefined, class: undefined })).body as { id: number };
    const organizer = await userWithToken(m.t, 'organizer', mine.organizerUnitId);
    const viewer = await userWithToken(m.t, 'viewer', mine.organizerUnitId);
    expect((await request(m.t.app).get(`/api/v1/privacy/people?email=${email}`)).status).toBe(401);
    expect((await request(m.t.app).post('/api/v1/privacy/erasures').set(viewer.headers).send({ email })).status).toBe(403);
    const looked = await request(m.t.app).get(`/api/v1/privacy/people?email=${email}`).set(organizer.headers);
    expect(looked.status).toBe(200);
    expect(looked.body.registrations.map((r: { id: number }) => r.id)).toEqual([a.id]);
    const audit = await request(m.t.app).get(`/api/v1/audit?registrationId=${a.id}`).set(m.admin.headers);
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'read', actor: expect.stringContaining(`user:${organizer.userId}`), reason: 'GET /privacy/people' })]));
    const erased = await request(m.t.app).post('/api/v1/privacy/erasures').set(organizer.headers).send({ email, places: 'release' });
    expect([erased.status, erased.body]).toEqual([200, { status: 'erased', registrations: 1, releasedPlaces: 1 }]);
    expect((await db().query('SELECT id, anonymised_at IS NOT NULL AS gone FROM registrations WHERE id = ANY ($1) ORDER BY id', [[a.id, b.id]])).rows).toEqual([{ id: a.id, gone: true }, { id: b.id, gone: false }]);
    expect((await db().query("SELECT actor FROM audit_log WHERE action = 'erase' AND entity = 'person' ORDER BY id DESC LIMIT 1")).rows[0].actor).toContain(`user:${organizer.userId}`);
    expect((await request(m.t.app).put('/api/v1/privacy/holds').set(organizer.headers).send({ email, reason: 'x' })).status).toBe(403);
  });
});
