import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvalsService } from '../../src/booking/approvals.service.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createActivity, createResource, createUnit, unitLendingEquipment } from '../helpers/factories.ts';

// One app for the file; each test borrows from its own museum, and starts at the same instant
// (the lapse test moves the clock 73 h on).
const start = '2026-11-24T00:00:00Z';
const clock = new FixedClock(start);
let t: TestContext;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
beforeEach(() => clock.set(start));
afterAll(() => t.close());

const when = (day: number) => ({ startsAt: `2027-03-${day}T09:00:00+08:00`, endsAt: `2027-03-${day}T12:00:00+08:00` });

/** A school and a museum lending it 26 specimens; `borrow` books the school's claims on them (awaiting approval). */
async function schoolBorrowingSpecimens() {
  const school = (await createUnit(t.app, { kind: 'school' })).id;
  const lender = await unitLendingEquipment(t, { category: 'biological_specimen', quantity: 26 });
  const borrow = (day: number, quantity: number) => createActivity(t.app, school, { status: 'confirmed', ...when(day), claims: [{ resourceId: lender.poolId, quantity }] });
  return { school, museum: lender.unitId, specimens: lender.poolId, borrow };
}

describe('approval of claims on another unit\'s resources', () => {
  it('holds as requested until the owner approves, then confirms; audited', async () => {
    const { school, museum, specimens } = await schoolBorrowingSpecimens();
    const own = await createResource(t.app, { unitId: school });
    const held = await t.api.post('/api/v1/activities').send({
      kind: 'exhibition', title: { 'zh-CN': '标本展', en: 'Specimens' }, organizerUnitId: school, timeZone: 'Asia/Shanghai',
      status: 'confirmed', venueId: own.id, ...when(10), claims: [{ resourceId: specimens, quantity: 20 }],
    });
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ status: 'requested', holdExpiresAt: '2026-11-27T08:00:00+08:00' });
    const claim = held.body.claims.find((c: { resourceId: number }) => c.resourceId === specimens);
    expect(claim.approval).toBe('pending');
    expect(held.body.claims.find((c: { resourceId: number }) => c.resourceId === own.id).approval).toBe('not_needed');
    // The hold counts: only 6 specimens are left meanwhile.
    const competing = await t.api.post('/api/v1/activities').send({
      kind: 'field_visit', title: { 'zh-CN': '参观', en: 'Visit' }, organizerUnitId: museum, timeZone: 'Asia/Shanghai', status: 'confirmed', ...when(10),
      claims: [{ resourceId: specimens, quantity: 7 }],
    });
    expect(competing.body.conflicts[0]).toMatchObject({ free: 6, holders: [{ activityId: held.body.id }] });

    const approved = await t.api.post(`/api/v1/activities/${held.body.id}/claims/${claim.id}/approve`).send({ note: 'transport booked' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'confirmed', holdExpiresAt: null, sequence: held.body.sequence + 1 });
    const again = await t.api.post(`/api/v1/activities/${held.body.id}/claims/${claim.id}/approve`).send({});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('not_pending');
    const audit = await t.api.get(`/api/v1/audit?entity=claim&entityId=${claim.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'approve', reason: 'transport booked' });
  });

  it('frees what a declined request held', async () => {
    const { museum, specimens, borrow } = await schoolBorrowingSpecimens();
    const held = await borrow(11, 16);
    const claimId = held.claims[0]!.id;
    expect((await t.api.post('/api/v1/activities').send({
      kind: 'field_visit', title: { 'zh-CN': '参观', en: 'Visit' }, organizerUnitId: museum, timeZone: 'Asia/Shanghai', status: 'confirmed', ...when(11),
      claims: [{ resourceId: specimens, quantity: 11 }],
    })).status).toBe(409);
    const declined = await t.api.post(`/api/v1/activities/${held.id}/claims/${claimId}/decline`).send({ note: 'in restoration' });
    expect(declined.body).toMatchObject({ status: 'draft', holdExpiresAt: null, claims: [{ approval: 'declined' }] });
    await createActivity(t.app, museum, { status: 'confirmed', ...when(11), claims: [{ resourceId: specimens, quantity: 10 }] });
    // Asking again re-opens the request (and 16 of the remaining 16 still fit).
    const again = await t.api.patch(`/api/v1/activities/${held.id}`).send({ status: 'confirmed' });
    expect(again.body).toMatchObject({ status: 'requested', claims: [{ approval: 'pending' }] });
  });

  it('lets holds lapse after HOLD_EXPIRY_HOURS, freeing the resources', async () => {
    const { museum, specimens, borrow } = await schoolBorrowingSpecimens();
    const held = await borrow(12, 26);
    const approved = await borrow(13, 1);
    await t.api.post(`/api/v1/activities/${approved.id}/claims/${approved.claims[0]!.id}/approve`).send({});
    const approvals = approvalsService(t.db.pool, undefined, { clock, holdExpiryHours: 72 });
    clock.advance({ hours: 71 });
    expect(await approvals.expireHolds()).not.toContain(held.id);
    clock.advance({ hours: 2 });
    const released = await approvals.expireHolds();
    expect(released).toContain(held.id);
    expect(released).not.toContain(approved.id);
    expect((await t.api.get(`/api/v1/activities/${held.id}`)).body).toMatchObject({ status: 'draft', holdExpiresAt: null });
    expect((await t.api.get(`/api/v1/activities/${approved.id}`)).body.status).toBe('confirmed');
    const audit = await t.api.get(`/api/v1/audit?entity=activity&entityId=${held.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'expire_hold', actor: 'system', reason: 'hold expired' });
    await createActivity(t.app, museum, { status: 'confirmed', ...when(12), claims: [{ resourceId: specimens, quantity: 26 }] });
    expect(await approvals.expireHolds()).toEqual([]);
  });

  it('needs no approval for the organizer\'s own resources', async () => {
    const { museum, specimens } = await schoolBorrowingSpecimens();
    const own = await createActivity(t.app, museum, { status: 'confirmed', ...when(14), claims: [{ resourceId: specimens, quantity: 1 }] });
    expect(own).toMatchObject({ status: 'confirmed', claims: [{ approval: 'not_needed' }] });
  });
});
