import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { userWithToken } from '../helpers/auth.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';
import { pdfText } from '../helpers/pdf.ts';
import type { FixedClock } from '../../src/shared/clock.ts';
import { checkInSigner } from '../../src/attendance/code.ts';
import { linkSigner, resolveSecret } from '../../src/auth/signed-links.ts';

/**
 * Attendance and certificates through HTTP on a real database: marks only from the day of the
 * occurrence (the clock moves across it), the signed check-in code (twice is once, another
 * occurrence's code refused, altered codes 400, nothing written), the CSV, the no-show counts, and a
 * teacher's certificate: issued from attendance and hours, a PDF whose text poppler reads in both
 * languages, verification by anyone, superseded (410) when attendance changes.
 */
let t: TestContext;
let clock: FixedClock;
const h = {} as Record<'organizer' | 'viewer' | 'stranger', { Authorization: string }>;
const ids = {} as Record<'unit' | 'visit' | 'occ1' | 'occ2' | 'training' | 'tocc1' | 'tocc2', number>;
const regs: Record<string, number> = {};
let sign: ReturnType<typeof checkInSigner>;

async function register(activityId: number, name: string, role = 'student'): Promise<number> {
  const res = await request(t.app).post(`/api/v1/activities/${activityId}/registrations`).send({ name, email: `${name.replace(/\W/g, '').toLowerCase() || 'x'}-${activityId}@example.org`, role });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}
const occurrences = async (activityId: number) => ((await t.api.get(`/api/v1/activities/${activityId}/occurrences`)).body.items as { id: number }[]).map((o) => o.id);
/** The registration's short code as shown to people: ABC-DEFG. */
const shortCodeOf = async (id: number) => {
  const code = (await t.db.pool.query<{ c: string }>('SELECT check_in_code AS c FROM registrations WHERE id = $1', [id])).rows[0]!.c;
  return `${code.slice(0, 3)}-${code.slice(3)}`;
};
const rowCount = async (table: string) => Number((await t.db.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

beforeAll(async () => {
  t = await startTestApp();
  clock = t.clock as FixedClock;
  sign = checkInSigner(resolveSecret(t.config));
  ids.unit = (await createUnit(t.app, { kind: 'school' })).id;
  h.organizer = (await userWithToken(t, 'organizer', ids.unit)).headers;
  h.viewer = (await userWithToken(t, 'viewer', ids.unit)).headers;
  h.stranger = (await userWithToken(t, 'organizer', (await createUnit(t.app)).id)).headers;
  const at = { startsAt: '2027-03-02T09:00:00+08:00', endsAt: '2027-03-02T11:00:00+08:00', status: 'confirmed', recurrenceRule: 'FREQ=WEEKLY;COUNT=2' };
  ids.visit = (await createActivity(t.app, ids.unit, at)).id;
  [ids.occ1, ids.occ2] = await occurrences(ids.visit) as [number, number];
  ids.training = (await createActivity(t.app, ids.unit, { ...at, kind: 'teacher_training', title: { 'zh-CN': '天文教学培训', en: 'Teaching astronomy' }, startsAt: '2027-03-03T14:00:00+08:00', endsAt: '2027-03-03T17:00:00+08:00' })).id;
  [ids.tocc1, ids.tocc2] = await occurrences(ids.training) as [number, number];
  for (const name of ['张小明', 'Li Hua', 'Wang Fang']) regs[name] = await register(ids.visit, name);
  regs.teacher = await register(ids.training, '王老师', 'teacher');
});
afterAll(() => t.close());

describe('attendance', () => {
  it('opens on the day of the occurrence, not before', async () => {
    const early = await request(t.app).post(`/api/v1/occurrences/${ids.occ1}/attendance`).set(h.organizer).send({ marks: [{ registrationId: regs['Li Hua'], status: 'present' }] });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('attendance_not_open');
    clock.set('2027-03-01T16:00:00Z'); // 00:00 on 2 March in Shanghai
    const list = await request(t.app).get(`/api/v1/occurrences/${ids.occ1}/attendance`).set(h.viewer);
    expect(list.status).toBe(200);
    expect(list.body.counts).toEqual({ present: 0, late: 0, absent: 0, unmarked: 3 });
    expect(list.body.items.every((i: { flags: string[] }) => Array.isArray(i.flags))).toBe(true);
  });

  it('checks a participant in from the QR code on their page; a second scan changes nothing', async () => {
    clock.set('2027-03-02T00:55:00Z'); // 08:55 in Shanghai
    const manage = linkSigner(resolveSecret(t.config)).sign(regs['张小明']!, 'manage');
    const page = await request(t.app).get(`/registrations/${regs['张小明']}?sig=${manage}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('src="data:image/svg+xml;base64,');
    // Beside the QR code the page shows the short code to read out (the long signed payload is in the QR code and its data attribute only).
    const shown = /id="check-in-code"[^>]*>([^<]+)</.exec(page.text)![1]!;
    expect(shown).toBe(await shortCodeOf(regs['张小明']!));
    const payload = /id="check-in-qr" data-payload="([^"]+)"/.exec(page.text)![1]!;
    expect(sign.verify(payload)).toEqual({ registrationId: regs['张小明'], occurrenceId: ids.occ1 });
    const audits = await rowCount('audit_log');
    const first = await request(t.app).post(`/api/v1/occurrences/${ids.occ1}/attendance/scan`).set(h.organizer).send({ code: payload });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ name: '张小明', status: 'present', alreadyMarked: false });
    const again = await request(t.app).post(`/api/v1/occurrences/${ids.occ1}/attendance/scan`).set(h.organizer).send({ code: payload });
    expect(again.body).toMatchObject({ status: 'present', alreadyMarked: true });
    expect(await rowCount('audit_log')).toBe(audits + 1);
    expect(await rowCount('attendance')).toBe(1);
  });

  it('refuses codes of another occurrence, altered codes, unknown occurrences and other units, writing nothing', async () => {
    const before = [await rowCount('attendance'), await rowCount('audit_log')];
    const other = sign.sign({ registrationId: regs['Li Hua']!, occurrenceId: ids.occ2 });
    const wrong = await request(t.app).post(`/api/v1/occurrences/${ids.occ1}/attendance/scan`).set(h.organizer).send({ code: other });
    expect(wrong.status).toBe(409);
    expect(wrong.body.code).toBe('check_in_wrong_occurrence');
    expect(wrong.body.detail).toContain('another session');
    const good = sign.sign({ registrationId: regs['Li Hua']!, occurrenceId: ids.occ1 });
    const tampered = [good.replace(`.${regs['Li Hua']}.`, `.${regs['Wang Fang']}.`), `${good.slice(0, -2)}AA`, 'hello', good.replace('A1', 'A2')];
    for (const code of tampered) {
      const res = await request(t.app).post(`/api/v1/occurrences/${ids.occ1}/attendance/scan`).set(h.organizer).send({ code });
      expect(res.status, code).toBe(400);
      expect(res.body.code).toBe('check_in_code_invalid');
    }
    const teacherCode = sign.sign({ registrationId: regs.teacher!, occurrenceId: ids.occ1 });
    expect((await request(t.app).post(`/api/v1/occurrences/${ids.occ1}/attendance/scan`).set(h.organizer).send({ code: teacherCode })).body.code).toBe('check_in_other_activity');
    expect((await request(t.app).post('/api/v1/occurrences/99999999/attendance/scan').set(h.organizer).send({ code: good })).status).toBe(404);
    expect((await request(t.app).get('/api/v1/occurrences/99999999/attendance').set(h.organizer)).status).toBe(404);
    expect((await request(t.app).post(`/api/v1/occurrences/${ids.occ1}/attendance`).set(h.organizer).send({ marks: [{ registrationId: regs.teacher, status: 'absent' }] })).body.code).toBe('not_registered');
    expect((await request(t.app).post(`/api/v1/occurrences/${ids.occ1}/attendance/scan`).set(h.viewer).send({ code: good })).status).toBe(403);
    expect((await request(t.app).post(`/api/v1/occurrences/${ids.occ1}/attendance/scan`).set(h.stranger).send({ code: good })).status).toBe(403);
    expect((await request(t.app).get(`/api/v1/occurrences/${ids.occ1}/attendance`).set(h.stranger)).status).toBe(403);
    expect([await rowCount('attendance'), await rowCount('audit_log')]).toEqual(before);
  });

  it('marks late and absent, then everyone else present; exports CSV and counts no-shows', async () => {
    clock.set('2027-03-02T01:20:00Z'); // 09:20: a scan now is late
    const late = await request(t.app).post(`/api/v1/occurrences/${ids.occ1}/attendance/scan`).set(h.organizer).send({ code: sign.sign({ registrationId: regs['Li Hua']!, occurrenceId: ids.occ1 }) });
    expect(late.body.status).toBe('late');
    const marked = await request(t.app).post(`/api/v1/occurrences/${ids.occ1}/attendance`).set(h.organizer).send({ marks: [{ registrationId: regs['Wang Fang'], status: 'absent' }] });
    expect(marked.status).toBe(200);
    const all = await request(t.app).post(`/api/v1/occurrences/${ids.occ1}/attendance/all-present`).set(h.organizer);
    expect(all.body.counts).toEqual({ present: 1, late: 1, absent: 1, unmarked: 0 });
    const csv = await request(t.app).get(`/api/v1/occurrences/${ids.occ1}/attendance.csv`).set(h.viewer).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFFregistration_id,name')).toBe(true);
    expect(text).toMatch(/張|张小明,.*,present,scan/);
    expect(text).toMatch(/Wang Fang,.*,absent,list,.*,1,/);
    const list = await request(t.app).get(`/api/v1/activities/${ids.visit}/registrations`).set(h.organizer);
    const noShows = Object.fromEntries((list.body.items as { name: string; noShows: number }[]).map((r) => [r.name, r.noShows]));
    expect(noShows).toEqual({ 张小明: 0, 'Li Hua': 0, 'Wang Fang': 1 });
  });
});

describe('teacher-training certificates', () => {
  const hours = (body: unknown, headers = h.organizer, id = ids.training) => request(t.app).put(`/api/v1/activities/${id}/training-hours`).set(headers).send(body as object);

  it('sets credit hours on teacher_training activities only', async () => {
    expect((await hours({ hoursPerOccurrence: 3 }, h.organizer, ids.visit)).body.code).toBe('not_teacher_training');
    expect((await hours({ hoursPerOccurrence: 3 }, h.viewer)).status).toBe(403);
    expect((await hours({ hoursPerOccurrence: -1 })).status).toBe(422);
    const set = await hours({ hoursPerOccurrence: 3 });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toEqual({ activityId: ids.training, hoursPerOccurrence: 3, sessions: 2, totalHours: 6 });
  });

  it('issues a certificate for two attended sessions, verifiable by anyone, with a bilingual PDF', async () => {
    clock.set('2027-03-03T06:00:00Z');
    await request(t.app).post(`/api/v1/occurrences/${ids.tocc1}/attendance`).set(h.organizer).send({ marks: [{ registrationId: regs.teacher, status: 'present' }] }).expect(200);
    clock.set('2027-03-10T06:00:00Z');
    await request(t.app).post(`/api/v1/occurrences/${ids.tocc2}/attendance`).set(h.organizer).send({ marks: [{ registrationId: regs.teacher, status: 'late' }] }).expect(200);
    const manage = linkSigner(resolveSecret(t.config)).sign(regs.teacher!, 'manage');
    const page = await request(t.app).get(`/teachers/${regs.teacher}?sig=${manage}&lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('6 credit hours this school year');
    // The page states how long the certificate is kept (CERTIFICATE_RETENTION_DAYS, issue 30 item 1).
    expect(page.text).toContain(`kept for ${t.config.personalData.certificateDays} days`);
    expect((await request(t.app).get(`/teachers/${regs.teacher}?sig=${manage}&lang=zh-CN`)).text).toContain(`自签发之日起保存 ${t.config.personalData.certificateDays} 天`);
    const code = /\/certificates\/([A-Za-z0-9_-]{22})\.pdf/.exec(page.text)![1]!;
    const verified = await request(t.app).get(`/api/v1/certificates/${code}`);
    expect(verified.body).toEqual({ status: 'valid', name: '王老师', activity: { 'zh-CN': '天文教学培训', en: 'Teaching astronomy' }, firstDay: '2027-03-03', lastDay: '2027-03-10', hours: 6 });
    const pdf = await request(t.app).get(`/certificates/${code}.pdf`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.body as Buffer);
    for (const words of ['教师培训学时证明', 'Teacher Training Certificate', '王老师', '天文教学培训', 'Teaching astronomy', 'Credit hours: 6', `/certificates/${code}`]) expect(text).toContain(words);
    expect((pdf.body as Buffer).length).toBeLessThan(400_000);
  });

  it('supersedes the certificate when attendance changes; the old code says so', async () => {
    const old = (await t.db.pool.query(`SELECT code FROM certificates WHERE superseded_at IS NULL`)).rows[0].code as string;
    await request(t.app).post(`/api/v1/occurrences/${ids.tocc2}/attendance`).set(h.organizer).send({ marks: [{ registrationId: regs.teacher, status: 'absent' }] }).expect(200);
    const gone = await request(t.app).get(`/api/v1/certificates/${old}`);
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('certificate_superseded');
    const page = await request(t.app).get(`/certificates/${old}?lang=en`);
    expect(page.status).toBe(410);
    expect(page.text).toContain('superseded');
    expect((await request(t.app).get(`/certificates/${old}.pdf`)).status).toBe(410);
    const fresh = (await t.db.pool.query(`SELECT code FROM certificates WHERE superseded_at IS NULL`)).rows[0].code as string;
    expect((await request(t.app).get(`/api/v1/certificates/${fresh}`)).body).toMatchObject({ hours: 3, lastDay: '2027-03-03' });
  });

  it('answers unknown codes and tampered teacher links with 4xx', async () => {
    expect((await request(t.app).get(`/api/v1/certificates/${'A'.repeat(22)}`)).status).toBe(404);
    expect((await request(t.app).get('/api/v1/certificates/short')).status).toBe(422);
    expect((await request(t.app).get(`/certificates/${'A'.repeat(22)}`)).status).toBe(404);
    expect((await request(t.app).get(`/teachers/${regs.teacher}?sig=${'x'.repeat(43)}`)).status).toBe(404);
    expect((await request(t.app).get(`/teachers/${regs.teacher}`)).status).toBe(404);
  });
});

describe('short check-in codes', () => {
  const scan = (occ: number, code: string) => request(t.app).post(`/api/v1/occurrences/${occ}/attendance/scan`).set(h.organizer).send({ code });
  let shows: number;
  let showOccs: number[];

  beforeAll(async () => {
    // A science show with two performances on 2 and 9 March; each registration holds one of them.
    clock.set('2027-03-01T02:00:00Z');
    shows = (await createActivity(t.app, ids.unit, { kind: 'science_show', startsAt: '2027-03-02T10:00:00+08:00', endsAt: '2027-03-02T11:00:00+08:00', status: 'confirmed', recurrenceRule: 'FREQ=WEEKLY;COUNT=2', registrationScope: 'occurrence', capacity: 1 })).id;
    showOccs = await occurrences(shows);
    const join = async (name: string, occurrenceId: number) => (await request(t.app).post(`/api/v1/activities/${shows}/registrations`).send({ name, email: `${name}@example.org`, role: 'student', occurrenceId })).body as { id: number; status: string };
    regs.first = (await join('first', showOccs[0]!)).id;
    regs.second = (await join('second', showOccs[1]!)).id;
    const waiting = await join('waiting', showOccs[0]!);
    expect(waiting.status).toBe('waitlisted');
    regs.waiting = waiting.id;
    regs.leaving = (await join('leaving', showOccs[0]!)).id; // waitlisted behind "first" …
    const sig = linkSigner(resolveSecret(t.config)).sign(regs.leaving, 'manage');
    expect((await request(t.app).post(`/api/v1/registrations/${regs.leaving}/cancel?sig=${sig}`)).status).toBeLessThan(300); // … and gone
  });

  it('gives every registration its own code of 7 characters without look-alikes', async () => {
    const { rows } = await t.db.pool.query<{ code: string }>('SELECT check_in_code AS code FROM registrations');
    expect(rows.length).toBeGreaterThan(5);
    for (const { code } of rows) expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{7}$/);
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
  });

  it('checks in by the short code typed any way, once', async () => {
    clock.set('2027-03-02T01:50:00Z'); // 09:50 on the day of the first show
    const code = await shortCodeOf(regs.first!);
    const typed = ` ${code.toLowerCase().replace('-', ' - ')} `;
    const first = await scan(showOccs[0]!, typed);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ registrationId: regs.first, name: 'first', status: 'present', alreadyMarked: false });
    expect((await scan(showOccs[0]!, code.replace('-', ''))).body).toMatchObject({ name: 'first', alreadyMarked: true });
  });

  it('refuses unknown, malformed, other-activity, other-session, cancelled and waitlisted codes with their own codes, writing nothing', async () => {
    const before = [await rowCount('attendance'), await rowCount('audit_log')];
    const unused = async () => {
      for (;;) {
        const c = Array.from({ length: 7 }, () => '23456789ABCDEFGHJKMNPQRSTVWXYZ'[Math.floor(Math.random() * 30)]).join('');
        if ((await t.db.pool.query('SELECT 1 FROM registrations WHERE check_in_code = $1', [c])).rowCount === 0) return c;
      }
    };
    const unknown = await scan(showOccs[0]!, await unused());
    expect([unknown.status, unknown.body.code]).toEqual([404, 'check_in_code_unknown']);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    for (const bad of ['ABC-DEF', 'OOOO-OOO', 'ABCD-EFGH', '张小明']) expect((await scan(showOccs[0]!, bad)).body.code, bad).toBe('check_in_code_invalid');
    expect((await scan(showOccs[0]!, await shortCodeOf(regs['张小明']!))).body.code).toBe('check_in_other_activity');
    const otherDay = await scan(showOccs[0]!, await shortCodeOf(regs.second!));
    expect(otherDay.status).toBe(409);
    expect(otherDay.body).toMatchObject({ code: 'check_in_wrong_occurrence', codeOccurrenceId: showOccs[1], codeStartsAt: '2027-03-09T02:00:00+00:00', timeZone: 'Asia/Shanghai' });
    expect((await scan(showOccs[0]!, await shortCodeOf(regs.leaving!))).body).toMatchObject({ code: 'check_in_cancelled', name: 'leaving' });
    expect((await scan(showOccs[0]!, await shortCodeOf(regs.waiting!))).body).toMatchObject({ code: 'check_in_waitlisted', name: 'waiting' });
    expect([await rowCount('attendance'), await rowCount('audit_log')]).toEqual(before);
  });

  it("closes scanning when the session's day is over", async () => {
    clock.set('2027-03-02T16:30:00Z'); // 00:30 on 3 March in Shanghai
    const late = await scan(showOccs[0]!, await shortCodeOf(regs.first!));
    expect([late.status, late.body.code]).toEqual([409, 'check_in_day_over']);
  });

  it('keeps an all-day session open until the end of its last day, not of the next midnight\'s day', async () => {
    clock.set('2027-03-02T01:00:00Z');
    const fair = (await createActivity(t.app, ids.unit, { kind: 'exhibition', startsAt: '2027-03-02T00:00:00+08:00', endsAt: '2027-03-03T00:00:00+08:00', allDay: true, timeZone: 'Asia/Shanghai', status: 'confirmed' })).id;
    const [day] = await occurrences(fair) as [number];
    const visitor = (await request(t.app).post(`/api/v1/activities/${fair}/registrations`).send({ name: 'visitor', email: 'visitor@example.org', role: 'student' })).body.id as number;
    clock.set('2027-03-02T16:30:00Z'); // 00:30 on 3 March in Shanghai: the fair was on the 2nd
    expect((await scan(day, await shortCodeOf(visitor))).body.code).toBe('check_in_day_over');
    clock.set('2027-03-02T15:30:00Z'); // 23:30 on the 2nd
    expect((await scan(day, await shortCodeOf(visitor))).body).toMatchObject({ name: 'visitor', alreadyMarked: false });
  });
});
