import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Credential } from '../helpers/auth.ts';
import { activityBody, createResource, unitLendingEquipment, unitWithOrganizer } from '../helpers/factories.ts';
import { startMailTest, type MailTest } from '../helpers/mail.ts';

// Staff emails about approvals, through the outbox and a real SMTP receiver; the clock is moved
// through the hold's reminder time and its expiry.
// One app and SMTP receiver for the file; each test has its own school, planetarium and staff, so the
// mails a test counts are the ones it caused, and each test starts at the same instant.
const start = '2026-11-24T00:00:00Z';
let m: MailTest;
const emailOf = async (c: Credential) => (await m.t.db.pool.query('SELECT email FROM users WHERE id = $1', [c.userId])).rows[0].email as string;
const mailsTo = (email: string) => m.smtp.messages.filter((x) => x.to.includes(email));

beforeAll(async () => {
  m = await startMailTest(start);
});
beforeEach(() => m.clock.set(start));
afterAll(() => m?.close());

/**
 * A school organizer (the requester) borrowing a planetarium's 5 telescopes, whose organizer (the
 * approver) decides; `requestTelescopes` books 3 of them for an evening in March 2027 in the school hall.
 */
async function schoolBorrowingTelescopes() {
  const { unitId: school, organizer: requester } = await unitWithOrganizer(m.t, { kind: 'school' });
  const { poolId: telescopes, organizer: approver } = await unitLendingEquipment(m.t, { category: 'telescope', name: { 'zh-CN': '天文望远镜', en: 'Telescope' }, quantity: 5 });
  const hall = await createResource(m.t.app, { unitId: school, name: { 'zh-CN': '学校礼堂', en: 'School hall' } });
  async function requestTelescopes(day: number, title = { 'zh-CN': '月球观测', en: 'Observing the Moon' }): Promise<{ id: number; claimId: number }> {
    const res = await request(m.t.app).post('/api/v1/activities').set(requester.headers).send(activityBody(school, {
      title, status: 'confirmed', venueId: hall.id,
      startsAt: `2027-03-${String(day).padStart(2, "0")}T19:00:00+08:00`, endsAt: `2027-03-${String(day).padStart(2, "0")}T20:30:00+08:00`,
      claims: [{ resourceId: telescopes, quantity: 3, setupMinutes: 30, teardownMinutes: 45 }],
    }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe('requested');
    return { id: res.body.id, claimId: res.body.claims.find((c: { resourceId: number }) => c.resourceId === telescopes).id };
  }
  return { requester, approver, requestTelescopes };
}

describe('approval requests reach the owner unit', () => {
  it("emails the owner unit's organizers, bilingual, with buffers, quantities, requester, hold and a desk link", async () => {
    const { requester, approver, requestTelescopes } = await schoolBorrowingTelescopes();
    const { claimId } = await requestTelescopes(2);
    await m.worker().drain();
    const [mail] = mailsTo(await emailOf(approver));
    expect(mail).toBeDefined();
    const text = mail!.parsed.text ?? '';
    expect(mail!.parsed.subject).toBe('审批申请：月球观测 · Approval requested: Observing the Moon');
    expect(text).toContain('含布置和撤场：2027年3月2日 星期二 18:30–21:15（北京时间）');
    expect(text).toContain('With set-up and tear-down: Tuesday 2 March 2027 18:30–21:15 (Beijing time)');
    expect(text).toContain('× 3 of 5; set-up 30 min, tear-down 45 min');
    expect(text).toContain('Venue: School hall');
    expect(text).toContain(await emailOf(requester));
    expect(text).toContain('Hold expires: Friday 27 November 2026 08:00');
    expect(text).toContain(`${m.t.config.publicBaseUrl}/organizer#approvals/${claimId}`);
    // Not to the requester, and not twice.
    expect(mailsTo(await emailOf(requester))).toHaveLength(0);
    await m.worker().drain();
    expect(mailsTo(await emailOf(approver))).toHaveLength(1);
  });

  it('tells the requester of a decline with the reason the approver gave', async () => {
    const { requester, approver, requestTelescopes } = await schoolBorrowingTelescopes();
    const { id, claimId } = await requestTelescopes(3);
    const declined = await request(m.t.app).post(`/api/v1/activities/${id}/claims/${claimId}/decline`).set(approver.headers).send({ reason: '望远镜送修 / under repair' });
    expect(declined.status).toBe(200);
    await m.worker().drain();
    const told = mailsTo(await emailOf(requester)).at(-1);
    expect(told?.parsed.subject).toBe('未获批准：月球观测 · Declined: Observing the Moon');
    expect(told?.parsed.text).toContain('原因：望远镜送修 / under repair');
    expect(told?.parsed.text).toContain('Reason: 望远镜送修 / under repair');
  });

  it('rejects bad decisions with a 4xx and changes nothing', async () => {
    const { requester, approver, requestTelescopes } = await schoolBorrowingTelescopes();
    const { id, claimId } = await requestTelescopes(4);
    const long = await request(m.t.app).post(`/api/v1/activities/${id}/claims/${claimId}/decline`).set(approver.headers).send({ reason: 'x'.repeat(501) });
    expect(long.status).toBe(422);
    const stranger = await request(m.t.app).post(`/api/v1/activities/${id}/claims/${claimId}/decline`).set(requester.headers).send({ reason: 'mine' });
    expect(stranger.status).toBe(403);
    const bad = await request(m.t.app).patch('/api/v1/me/notification-preferences').set(requester.headers).send({ approval_request: 'no' });
    expect(bad.status).toBe(422);
    const unknown = await request(m.t.app).patch('/api/v1/me/notification-preferences').set(requester.headers).send({ newsletter: false });
    expect(unknown.status).toBe(422);
    expect((await m.t.api.get(`/api/v1/activities/${id}`)).body.status).toBe('requested');
    const { rows } = await m.t.db.pool.query(`SELECT count(*)::int AS n FROM deliveries WHERE kind = 'approval_decision' AND claim_id = $1`, [claimId]);
    expect(rows[0].n).toBe(0);
  });
});

describe('a hold about to lapse', () => {
  it('reminds the requester 24 h before expiry, not after it lapsed, and not at all when approved before', async () => {
    const { requester, approver, requestTelescopes } = await schoolBorrowingTelescopes();
    const lapsing = await requestTelescopes(5, { 'zh-CN': '木星观测', en: 'Jupiter' });
    const approved = await requestTelescopes(6, { 'zh-CN': '土星观测', en: 'Saturn' });
    const requesterEmail = await emailOf(requester);
    const expiring = () => mailsTo(requesterEmail).filter((x) => x.parsed.subject?.startsWith('保留即将到期') && /Jupiter|Saturn/.test(x.parsed.subject));
    await m.worker().drain();
    const before = expiring().length;
    expect((await request(m.t.app).post(`/api/v1/activities/${approved.id}/claims/${approved.claimId}/approve`).set(approver.headers).send({})).status).toBe(200);
    // 47 h after the request: one hour short of expiry − 24 h.
    m.clock.advance({ hours: 47 });
    await m.worker().drain();
    expect(expiring()).toHaveLength(before);
    m.clock.advance({ hours: 2 });
    await m.worker().drain();
    const reminders = expiring().slice(before);
    expect(reminders.map((x) => x.parsed.subject)).toEqual(['保留即将到期：木星观测 · Hold expiring: Jupiter']);
    expect(reminders[0]!.parsed.text).toContain(`/organizer#book`);
    const { rows } = await m.t.db.pool.query(`SELECT activity_id AS "activityId", status FROM deliveries WHERE kind = 'hold_expiring' AND activity_id = ANY ($1)`, [[lapsing.id, approved.id]]);
    expect(rows).toEqual(expect.arrayContaining([{ activityId: lapsing.id, status: 'sent' }, { activityId: approved.id, status: 'cancelled' }]));
    // Through the expiry: the hold lapses, nothing more is sent about it.
    m.clock.advance({ hours: 24 });
    await m.worker().drain();
    expect(expiring().slice(before)).toHaveLength(1);
  });
});

describe('notification preferences', () => {
  it('turn one kind off for one user; the outbox skips it and says why', async () => {
    const { approver, requestTelescopes } = await schoolBorrowingTelescopes();
    expect((await request(m.t.app).get('/api/v1/me/notification-preferences').set(approver.headers)).body)
      .toEqual({ approval_request: true, approval_decision: true, hold_expiring: true });
    const off = await request(m.t.app).patch('/api/v1/me/notification-preferences').set(approver.headers).send({ approval_request: false });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ approval_request: false, approval_decision: true, hold_expiring: true });
    const approverEmail = await emailOf(approver);
    const before = mailsTo(approverEmail).length;
    const { id } = await requestTelescopes(9);
    await m.worker().drain();
    expect(mailsTo(approverEmail)).toHaveLength(before);
    const { rows } = await m.t.db.pool.query(`SELECT status, last_error AS "lastError" FROM deliveries WHERE kind = 'approval_request' AND activity_id = $1`, [id]);
    expect(rows).toEqual([{ status: 'skipped', lastError: 'the recipient turned these emails off' }]);
    // The delivery log lists staff emails too.
    const log = await m.t.api.get(`/api/v1/deliveries?activityId=${id}&kind=approval_request`);
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([expect.objectContaining({ registrationId: null, status: 'skipped' })]);
  });
});
