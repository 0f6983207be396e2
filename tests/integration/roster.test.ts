import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityBody, unitWithOrganizer } from '../helpers/factories.ts';
import { register, startMailTest, type MailTest } from '../helpers/mail.ts';
import type { Credential } from '../helpers/auth.ts';

/**
 * The field-visit day's roster (issue 26 item 2; docs/field-visits.md): a school's visit to the Milu park
 * on 2 March 2027 (09:00 Beijing time). The phone fetches the signed roster the day before and syncs marks
 * made offline on the day; the clock is on the day unless a test moves it.
 */
let m: MailTest;
let school: { unitId: number; organizer: Credential };
let other: { unitId: number; organizer: Credential };
beforeAll(async () => {
  m = await startMailTest('2027-03-01T10:00:00Z', { CONSENT_KINDS: 'field_visit,research_study,summer_camp' });
  school = await unitWithOrganizer(m.t, { kind: 'school' });
  other = await unitWithOrganizer(m.t, { kind: 'school' });
}, 60_000);
afterAll(() => m.close());

const DAY = '2027-03-02';
const consent = (id: number) => request(m.t.app).post(`/api/v1/consents/${id}/give?sig=${encodeURIComponent(m.signer.sign(id, 'consent'))}`);

/** A confirmed visit of `unit` with `pupils` pupils (all consented but the last `unconsented`) and one teacher. */
async function visit(unit: { unitId: number; organizer: Credential }, pupils: number, unconsented = 0, extra: Record<string, unknown> = {}) {
  const created = await request(m.t.app).post('/api/v1/activities').set(unit.organizer.headers)
    .send(activityBody(unit.unitId, { status: 'confirmed', title: { 'zh-CN': '麋鹿苑考察', en: 'Milu Park visit' }, destination: '南海子麋鹿苑', ...extra }));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const ids: number[] = [];
  for (let i = 0; i < pupils; i++) {
    const res = await register(m.t.app, created.body.id, { name: `学生${i + 1}`, guardianEmail: `g${i}.${created.body.id}@home.example.org` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids.push(res.body.id);
    if (i < pupils - unconsented) expect((await consent(res.body.id)).status).toBe(200);
  }
  expect((await register(m.t.app, created.body.id, { name: '王老师', role: 'teacher' })).status).toBe(201);
  return { id: created.body.id as number, pupils: ids };
}

async function roster(who: Credential = school.organizer, date = DAY) {
  const res = await request(m.t.app).get(`/api/v1/rosters/${date}`).set(who.headers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { signature: string; visits: { activityId: number; occurrenceId: number; people: { registrationId: number; consent: string; shortCode: string; payload: string; name: string }[] }[] };
}
const visitOf = (r: Awaited<ReturnType<typeof roster>>, activityId: number) => r.visits.find((v) => v.activityId === activityId)!;
const sync = (body: object) => request(m.t.app).post('/api/v1/rosters/sync').send(body);
let n = 0;
const markId = () => `mark-${Date.now().toString(36)}-${++n}`;
const mark = (occurrenceId: number, who: { registrationId?: number; code?: string }, extra: Record<string, unknown> = {}) =>
  ({ markId: markId(), occurrenceId, step: 'check_in', method: 'tap', deviceTime: '2027-03-02T08:20:00+08:00', device: 'phone-a', ...who, ...extra });
const stored = async (occurrenceId: number) => (await m.t.db.pool.query(
  'SELECT mark_id, registration_id::int, step, device_id, device_time, received_at, refused FROM roster_marks WHERE occurrence_id = $1 ORDER BY id', [occurrenceId])).rows;

describe('the day\'s roster', () => {
  it('holds the unit\'s visits of the day only: names, consent flags, codes and contacts, signed', async () => {
    const v = await visit(school, 3, 1);
    const elsewhere = await visit(other, 1);
    const nextDay = await visit(school, 1, 0, { startsAt: '2027-03-03T09:00:00+08:00', endsAt: '2027-03-03T11:00:00+08:00' });
    const r = await roster();
    expect(r.signature).toMatch(/^R1\./);
    const ids = r.visits.map((x) => x.activityId);
    expect(ids).toContain(v.id);
    expect(ids).not.toContain(elsewhere.id);
    expect(ids).not.toContain(nextDay.id);
    const mine = visitOf(r, v.id);
    expect(mine).toMatchObject({ destination: '南海子麋鹿苑' });
    expect(mine.people).toHaveLength(4);
    expect(mine.people.filter((p) => p.consent === 'missing').map((p) => p.registrationId)).toEqual([v.pupils[2]]);
    expect(mine.people[0]!.shortCode).toMatch(/^[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(mine.people[0]!.payload).toMatch(/^ORRERY-A1\./);
    expect((await request(m.t.app).get(`/api/v1/rosters/${DAY}`)).status).toBe(401);
    expect((await request(m.t.app).get(`/api/v1/rosters/${DAY}?unitId=${school.unitId}`).set(other.organizer.headers)).status).toBe(403);
    // The roster names pupils: each answer is an audited read of their data (issue 30 item 3), a refused one none.
    const { rows: readRows } = await m.t.db.pool.query("SELECT actor, entity, entity_id::int AS \"entityId\", after FROM audit_log WHERE action = 'read' AND reason = 'GET /rosters/{date}' ORDER BY id DESC");
    expect(readRows.length).toBeGreaterThan(0);
    expect(readRows.every((x) => x.entityId === school.unitId)).toBe(true);
    expect(readRows[0]!.after.registrationIds).toEqual(expect.arrayContaining(v.pupils));
  }, 120_000);
});

describe('syncing marks made offline', () => {
  it('counts each pupil once per step by id, short code or QR payload; a second sync changes nothing; check-ins become attendance', async () => {
    const v = await visit(school, 3);
    const r = await roster();
    const o = visitOf(r, v.id);
    const [a, b, c] = o.people;
    const marks = [mark(o.occurrenceId, { registrationId: a!.registrationId }), mark(o.occurrenceId, { code: b!.shortCode.toLowerCase() }, { method: 'scan' }),
      mark(o.occurrenceId, { code: c!.payload }, { method: 'scan' }), mark(o.occurrenceId, { registrationId: a!.registrationId }, { step: 'left_school' })];
    const first = await sync({ signature: r.signature, marks });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.marks.map((x: { outcome: string }) => x.outcome)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    const again = await sync({ signature: r.signature, marks });
    expect(again.body.marks.map((x: { outcome: string }) => x.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    const rows = await stored(o.occurrenceId);
    expect(rows).toHaveLength(4);
    expect(rows[0].received_at.toISOString()).toBe('2027-03-01T10:00:00.000Z');
    expect(rows[0].device_time.toISOString()).toBe('2027-03-02T00:20:00.000Z');
    const attendance = await m.t.db.pool.query('SELECT registration_id::int, status FROM attendance WHERE occurrence_id = $1 ORDER BY registration_id', [o.occurrenceId]);
    expect(attendance.rows).toEqual([a, b, c].map((p) => ({ registration_id: p!.registrationId, status: 'present' })).sort((x, y) => x.registration_id - y.registration_id));
    // A re-fetched roster shows what was synced (a second phone starts from it).
    expect((await roster()).visits.find((x) => x.activityId === v.id)).toBeTruthy();
  }, 120_000);

  it('keeps the earlier of two devices\' marks of one pupil and reports the conflict', async () => {
    const v = await visit(school, 1);
    const r = await roster();
    const o = visitOf(r, v.id);
    const pupil = o.people[0]!.registrationId;
    const late = mark(o.occurrenceId, { registrationId: pupil }, { device: 'phone-a', deviceTime: '2027-03-02T08:25:00+08:00' });
    const early = mark(o.occurrenceId, { registrationId: pupil }, { device: 'phone-b', deviceTime: '2027-03-02T08:21:00+08:00' });
    expect((await sync({ signature: r.signature, marks: [late] })).body.marks[0].outcome).toBe('accepted');
    const second = await sync({ signature: r.signature, marks: [early] });
    expect(second.body.marks[0]).toMatchObject({ outcome: 'conflict', won: true, other: { markId: late.markId, device: 'phone-a' } });
    const later = mark(o.occurrenceId, { registrationId: pupil }, { device: 'phone-c', deviceTime: '2027-03-02T08:30:00+08:00' });
    expect((await sync({ signature: r.signature, marks: [later] })).body.marks[0]).toMatchObject({ outcome: 'conflict', won: false, other: { markId: early.markId, device: 'phone-b' } });
    const rows = await stored(o.occurrenceId);
    expect(rows.map((x) => [x.mark_id, x.refused])).toEqual([[late.markId, 'superseded'], [early.markId, null], [later.markId, 'superseded']]);
  }, 60_000);

  it('refuses another day\'s or activity\'s code and a cancelled place, and keeps a pupil without consent for review', async () => {
    const v = await visit(school, 3, 1);
    const elsewhere = await visit(other, 1);
    const nextDay = await visit(school, 1, 0, { startsAt: '2027-03-03T09:00:00+08:00', endsAt: '2027-03-03T11:00:00+08:00' });
    const r = await roster();
    const o = visitOf(r, v.id);
    const foreign = visitOf(await roster(other.organizer), elsewhere.id).people[0]!;
    const tomorrow = visitOf(await roster(school.organizer, '2027-03-03'), nextDay.id).people[0]!;
    const cancelled = v.pupils[0]!;
    expect((await request(m.t.app).post(`/api/v1/registrations/${cancelled}/cancel?sig=${m.signer.sign(cancelled, 'manage')}`)).status).toBe(200);
    const marks = [
      mark(o.occurrenceId, { code: foreign.shortCode }),
      mark(o.occurrenceId, { code: foreign.payload }),
      mark(o.occurrenceId, { code: tomorrow.payload }),
      mark(o.occurrenceId, { registrationId: cancelled }),
      mark(o.occurrenceId, { registrationId: v.pupils[2]! }),
      mark(o.occurrenceId, { code: 'ZZZ-ZZZZ' }),
      mark(o.occurrenceId, { code: 'not a code' }),
      mark(o.occurrenceId, { code: `${o.people[1]!.payload.slice(0, -3)}AAA` }),
      mark(tomorrow.registrationId === 0 ? 0 : visitOf(await roster(school.organizer, '2027-03-03'), nextDay.id).occurrenceId, { registrationId: tomorrow.registrationId }),
    ];
    const res = await sync({ signature: r.signature, marks });
    expect(res.status).toBe(200);
    expect(res.body.marks.map((x: { outcome: string; code?: string; kept?: boolean }) => [x.outcome, x.code, x.kept ?? false])).toEqual([
      ['refused', 'roster_other_activity', false],
      ['refused', 'roster_other_day', false],
      ['refused', 'roster_other_day', false],
      ['refused', 'check_in_cancelled', false],
      ['refused', 'consent_missing', true],
      ['refused', 'check_in_code_unknown', false],
      ['refused', 'check_in_code_invalid', false],
      ['refused', 'check_in_code_invalid', false],
      ['refused', 'roster_other_day', false],
    ]);
    expect((await stored(o.occurrenceId)).map((x) => [x.registration_id, x.refused])).toEqual([[v.pupils[2], 'consent_missing']]);
    expect((await m.t.db.pool.query('SELECT count(*)::int AS n FROM attendance WHERE occurrence_id = $1', [o.occurrenceId])).rows[0].n).toBe(0);
    const review = await request(m.t.app).get(`/api/v1/rosters/${DAY}/marks`).set(school.organizer.headers);
    expect(review.status).toBe(200);
    expect(review.body.marks.filter((x: { occurrenceId: number }) => x.occurrenceId === o.occurrenceId)).toMatchObject([{ registrationId: v.pupils[2], refused: 'consent_missing', name: '学生3' }]);
    const audited = await request(m.t.app).get(`/api/v1/audit?registrationId=${v.pupils[2]}&limit=100`).set(m.admin.headers);
    expect(audited.body.items.map((e: { reason: string | null }) => e.reason)).toEqual(expect.arrayContaining(['GET /rosters/{date}', 'GET /rosters/{date}/marks']));
  }, 120_000);

  it('refuses every mark of a device session revoked while offline, keeping them for review', async () => {
    const v = await visit(school, 2);
    const token = await request(m.t.app).post('/api/v1/auth/tokens').set(school.organizer.headers).send({ name: 'phone' });
    expect(token.status).toBe(201);
    const phone = { userId: 0, headers: { Authorization: `Bearer ${token.body.token}` } };
    const r = await roster(phone);
    const o = visitOf(r, v.id);
    expect((await request(m.t.app).delete(`/api/v1/auth/tokens/${token.body.id}`).set(school.organizer.headers)).status).toBe(204);
    const marks = o.people.map((p) => mark(o.occurrenceId, { registrationId: p.registrationId }));
    const res = await sync({ signature: r.signature, marks, headCounts: [{ headCountId: markId(), occurrenceId: o.occurrenceId, step: 'left_school', counted: 3, missing: [], deviceTime: '2027-03-02T08:40:00+08:00', device: 'phone-a' }] });
    expect(res.status).toBe(200);
    expect(res.body.sessionRevoked).toBe(true);
    expect(res.body.marks.every((x: { outcome: string; code: string; kept: boolean }) => x.outcome === 'refused' && x.code === 'device_session_revoked' && x.kept)).toBe(true);
    expect(res.body.headCounts[0]).toMatchObject({ outcome: 'refused', code: 'device_session_revoked' });
    expect((await stored(o.occurrenceId)).map((x) => x.refused)).toEqual(['device_session_revoked', 'device_session_revoked', 'device_session_revoked']);
    expect((await m.t.db.pool.query('SELECT count(*)::int AS n FROM attendance WHERE occurrence_id = $1', [o.occurrenceId])).rows[0].n).toBe(0);
  }, 60_000);

  it('records head counts once per step, the earlier winning', async () => {
    const v = await visit(school, 2);
    const r = await roster();
    const o = visitOf(r, v.id);
    const hc = (step: string, deviceTime: string, device = 'phone-a', missing: number[] = []) => ({ headCountId: markId(), occurrenceId: o.occurrenceId, step, counted: 3 - missing.length, missing, deviceTime, device });
    const left = hc('left_school', '2027-03-02T08:40:00+08:00');
    const arrived = hc('arrived', '2027-03-02T09:30:00+08:00', 'phone-a', [v.pupils[1]!]);
    const first = await sync({ signature: r.signature, headCounts: [left, arrived] });
    expect(first.body.headCounts.map((h: { outcome: string }) => h.outcome)).toEqual(['accepted', 'accepted']);
    const earlier = hc('arrived', '2027-03-02T09:28:00+08:00', 'phone-b');
    const second = await sync({ signature: r.signature, headCounts: [left, earlier] });
    expect(second.body.headCounts).toMatchObject([{ outcome: 'duplicate' }, { outcome: 'conflict', won: true, other: { device: 'phone-a' } }]);
    const counted = await m.t.db.pool.query('SELECT step, counted, missing::int[] AS missing FROM roster_head_counts WHERE occurrence_id = $1 AND refused IS NULL ORDER BY step', [o.occurrenceId]);
    expect(counted.rows).toEqual([{ step: 'arrived', counted: 3, missing: [] }, { step: 'left_school', counted: 3, missing: [] }]);
  }, 60_000);
});

describe('bad sync input', () => {
  it('is refused with problem+json and changes nothing', async () => {
    const v = await visit(school, 1);
    const r = await roster();
    const o = visitOf(r, v.id);
    const pupil = o.people[0]!.registrationId;
    const [head, payload, mac] = r.signature.split('.');
    const scope = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const widened = Buffer.from(JSON.stringify({ ...scope, activityIds: [...scope.activityIds, 1] })).toString('base64url');
    const ok = mark(o.occurrenceId, { registrationId: pupil });
    const cases: [string, object, number, string][] = [
      ['tampered scope', { signature: `${head}.${widened}.${mac}`, marks: [ok] }, 400, 'roster_signature_invalid'],
      ['not a signature', { signature: 'hello', marks: [ok] }, 400, 'roster_signature_invalid'],
      ['no signature', { marks: [ok] }, 422, 'validation_failed'],
      ['both id and code', { signature: r.signature, marks: [{ ...ok, code: 'ABC-DEFG' }] }, 422, 'validation_failed'],
      ['neither id nor code', { signature: r.signature, marks: [{ ...ok, registrationId: undefined }] }, 422, 'validation_failed'],
      ['unknown step', { signature: r.signature, marks: [{ ...ok, step: 'lunch' }] }, 422, 'validation_failed'],
      ['time without offset', { signature: r.signature, marks: [{ ...ok, deviceTime: '2027-03-02T08:20:00' }] }, 422, 'validation_failed'],
      ['id as string', { signature: r.signature, marks: [{ ...ok, registrationId: String(pupil) }] }, 422, 'validation_failed'],
      ['short mark id', { signature: r.signature, marks: [{ ...ok, markId: 'x' }] }, 422, 'validation_failed'],
      ['unknown key', { signature: r.signature, marks: [ok], extra: 1 }, 422, 'validation_failed'],
      ['check-in head count', { signature: r.signature, headCounts: [{ headCountId: markId(), occurrenceId: o.occurrenceId, step: 'check_in', counted: 1, missing: [], deviceTime: ok.deviceTime, device: 'a' }] }, 422, 'validation_failed'],
      ['negative count', { signature: r.signature, headCounts: [{ headCountId: markId(), occurrenceId: o.occurrenceId, step: 'arrived', counted: -1, missing: [], deviceTime: ok.deviceTime, device: 'a' }] }, 422, 'validation_failed'],
      ['too many marks', { signature: r.signature, marks: Array.from({ length: 401 }, () => ok) }, 422, 'validation_failed'],
    ];
    for (const [name, body, status, code] of cases) {
      const res = await sync(body);
      expect([name, res.status, res.body.code]).toEqual([name, status, code]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await request(m.t.app).get('/api/v1/rosters/2027-02-30').set(school.organizer.headers)).status).toBe(422);
    expect((await request(m.t.app).get('/api/v1/rosters/tomorrow').set(school.organizer.headers)).status).toBe(422);
    expect(await stored(o.occurrenceId)).toEqual([]);
    // Past the day (and two more), the roster is no longer accepted.
    m.clock.set('2027-03-05T12:00:00Z');
    try {
      const late = await sync({ signature: r.signature, marks: [ok] });
      expect([late.status, late.body.code]).toEqual([409, 'roster_expired']);
      expect(await stored(o.occurrenceId)).toEqual([]);
    } finally {
      m.clock.set('2027-03-01T10:00:00Z');
    }
  }, 60_000);
});
