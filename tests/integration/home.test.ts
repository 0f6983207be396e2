import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { userWithToken, type Credential } from '../helpers/auth.ts';
import { createActivity, createResource, createUnit } from '../helpers/factories.ts';

/**
 * GET /api/v1/home (src/home, docs/desk.md): the organizer home's lists for one unit in one call,
 * read only by that unit's users and admins. The clock is Tue 24 Nov 2026, 08:00 in Beijing.
 */
let t: TestContext;
const ids = {} as Record<'unitA' | 'unitB' | 'poolA' | 'venueA' | 'today' | 'later' | 'request' | 'loan', number>;
let organizerA: Credential;
let viewerA: Credential;
let organizerB: Credential;
const title = (zh: string, en: string) => ({ 'zh-CN': zh, en });

beforeAll(async () => {
  t = await startTestApp();
  ids.unitA = (await createUnit(t.app, { kind: 'school', timeZone: 'Asia/Shanghai' })).id;
  ids.unitB = (await createUnit(t.app)).id;
  organizerA = await userWithToken(t, 'organizer', ids.unitA);
  viewerA = await userWithToken(t, 'viewer', ids.unitA);
  organizerB = await userWithToken(t, 'organizer', ids.unitB);
  ids.poolA = (await createResource(t.app, { unitId: ids.unitA, kind: 'equipment', quantity: 5 })).id;
  ids.venueA = (await createResource(t.app, { unitId: ids.unitA })).id;
  ids.today = (await createActivity(t.app, ids.unitA, { status: 'confirmed', venueId: ids.venueA, title: title('今天的参观', 'Visit today'),
    startsAt: '2026-11-24T14:00:00+08:00', endsAt: '2026-11-24T16:00:00+08:00' })).id;
  ids.later = (await createActivity(t.app, ids.unitA, { status: 'confirmed', title: title('周五的讲座', 'Friday talk'),
    startsAt: '2026-11-27T10:00:00+08:00', endsAt: '2026-11-27T11:00:00+08:00' })).id;
  await createActivity(t.app, ids.unitA, { status: 'confirmed', title: title('下周的活动', 'Next week'), startsAt: '2026-12-01T10:00:00+08:00', endsAt: '2026-12-01T11:00:00+08:00' });
  // Unit B asks for A's telescopes: A decides; B's hold lapses in a day.
  ids.request = (await createActivity(t.app, ids.unitB, { status: 'requested', title: title('借望远镜', 'Borrowing telescopes'),
    startsAt: '2026-11-26T19:00:00+08:00', endsAt: '2026-11-26T21:00:00+08:00', claims: [{ resourceId: ids.poolA, quantity: 2 }] })).id;
  await t.db.pool.query(`UPDATE activities SET hold_expires_at = '2026-11-25T00:00:00Z' WHERE id = $1`, [ids.request]);
  // An overdue loan of A's pool, and an email about it that failed.
  const item = (await t.api.post(`/api/v1/resources/${ids.poolA}/items`).send({ label: 'Telescope 1' }).expect(201)).body as { id: number };
  ids.loan = ((await t.api.post('/api/v1/loans').send({ itemIds: [item.id], holderName: '赵老师', holderEmail: 'zhao@example.org', dueBack: '2026-11-30T00:00:00Z' })).body as { id: number }).id;
  await t.db.pool.query(`UPDATE loans SET out_since = '2026-11-10T00:00:00Z', due_back = '2026-11-20T00:00:00Z' WHERE id = $1`, [ids.loan]);
  await t.db.pool.query(
    `INSERT INTO deliveries (dedupe_key, kind, loan_id, recipient, status, available_at, subject, body_text, body_html, updated_at)
     VALUES ('home-test', 'loan_overdue', $1, 'zhao@example.org', 'failed', '2026-11-23T00:00:00Z', 's', 't', 'h', '2026-11-23T01:00:00Z')`, [ids.loan]);
});
afterAll(() => t.close());

describe('GET /api/v1/home', () => {
  it("lists the unit's day, week and what waits for it, in the unit's zone", async () => {
    const res = await request(t.app).get('/api/v1/home').set(organizerA.headers).expect(200);
    const home = res.body;
    expect(home.unit.id).toBe(ids.unitA);
    expect(home).toMatchObject({ timeZone: 'Asia/Shanghai', today: '2026-11-24', weekStart: '2026-11-23', weekEnd: '2026-11-29' });
    expect(home.happeningToday.map((h: { activityId: number }) => h.activityId)).toEqual([ids.today]);
    expect(home.happeningToday[0]).toMatchObject({ startsAt: '2026-11-24T14:00:00+08:00', status: 'confirmed', registered: 0 });
    expect(home.happeningToday[0].venueName).not.toBeNull();
    // The rest of the week includes B's request on A's pool and A's Friday talk, not next week.
    expect(home.happeningThisWeek.map((h: { activityId: number }) => h.activityId)).toEqual([ids.request, ids.later]);
    expect(home.approvals).toEqual([expect.objectContaining({ activityId: ids.request, quantity: 2, holdExpiresAt: '2026-11-25T08:00:00+08:00' })]);
    expect(home.holdsLapsing).toEqual([]);
    expect(home.overdueLoans).toEqual([expect.objectContaining({ loanId: ids.loan, holderName: '赵老师', itemsOut: 1, dueBack: '2026-11-20T08:00:00+08:00' })]);
    expect(home.failedEmails).toEqual([expect.objectContaining({ kind: 'loan_overdue', activityId: null, failedAt: '2026-11-23T09:00:00+08:00' })]);
    expect(home.consentsMissing).toEqual([]);
  });

  it("shows the requesting unit its hold about to lapse, and nothing of A's", async () => {
    const home = (await request(t.app).get('/api/v1/home').set(organizerB.headers).expect(200)).body;
    expect(home.holdsLapsing).toEqual([expect.objectContaining({ activityId: ids.request, pendingClaims: 1 })]);
    expect(home.approvals).toEqual([]);
    expect(home.overdueLoans).toEqual([]);
    expect(JSON.stringify(home)).not.toContain('今天的参观');
  });

  it("is read only by the unit's users and admins (read authorization), with problem+json otherwise", async () => {
    await request(t.app).get('/api/v1/home').set(viewerA.headers).expect(200);
    const other = await request(t.app).get(`/api/v1/home?unitId=${ids.unitA}`).set(organizerB.headers).expect(403);
    expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(other.body.code).toBe('forbidden');
    expect(JSON.stringify(other.body)).not.toContain('今天的参观');
    const anonymous = await request(t.app).get('/api/v1/home').expect(401);
    expect(anonymous.body.code).toBe('unauthorized');
    // An admin has no unit of their own: names one, or is told to.
    expect((await t.api.get('/api/v1/home').expect(422)).body.code).toBe('unit_required');
    expect((await t.api.get(`/api/v1/home?unitId=${ids.unitA}`).expect(200)).body.unit.id).toBe(ids.unitA);
    expect((await t.api.get('/api/v1/home?unitId=999999').expect(404)).body.code).toBe('not_found');
    expect((await t.api.get('/api/v1/home?unitId=abc').expect(422)).body.code).toBe('validation_failed');
  });
});
