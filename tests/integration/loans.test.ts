import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../helpers/app.ts';
import { createActivity, createResource, createUnit } from '../helpers/factories.ts';
import { startMailTest, type MailTest } from '../helpers/mail.ts';
import { sweepOverdueLoans } from '../../src/loans/overdue.sweep.ts';

/**
 * Loans and custody (docs/loans.md): items of a pool, check-out for a claim and standalone, partial
 * check-in, out of service lowering the pool quantity under the booking lock, the overdue email
 * through the outbox, and the two races — the last free item checked out twice at once, and an item
 * leaving service while a booking takes the pool's last unit — asserted from the database.
 */
let m: MailTest;
let http: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  m = await startMailTest('2026-11-24T00:00:00Z');
  http = await listen(m.t.app);
});
afterAll(async () => {
  await http.close();
  await m.close();
});

const api = () => request(m.t.app);
async function ok<T = Record<string, unknown>>(req: request.Test, status = 200): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as T;
}
async function poolWithItems(quantity: number, unitId?: number) {
  const unit = unitId ?? (await createUnit(m.t.app)).id;
  const pool = await createResource(m.t.app, { unitId: unit, kind: 'equipment', category: 'telescope', quantity, name: { 'zh-CN': '望远镜', en: 'Telescopes' } });
  const items: { id: number; label: string }[] = [];
  for (let n = 1; n <= quantity; n++) items.push(await ok(api().post(`/api/v1/resources/${pool.id}/items`).set(m.t.admin).send({ label: `Telescope ${n}`, homeLocation: 'Store room' }), 201));
  return { unit, pool, items };
}
const quantityOf = async (resourceId: number) => (await m.t.db.pool.query<{ q: number }>('SELECT quantity AS q FROM resources WHERE id = $1', [resourceId])).rows[0]!.q;
const snapshot = async () => (await m.t.db.pool.query(`SELECT (SELECT count(*) FROM loans) AS l, (SELECT count(*) FROM loan_items) AS li,
  (SELECT json_agg(json_build_object('id', id, 'q', quantity) ORDER BY id) FROM resources) AS r, (SELECT json_agg(status ORDER BY id) FROM items) AS i`)).rows[0];
const holder = { holderName: 'Ms Wang', holderEmail: 'wang.teacher@school.example.org', dueBack: '2027-03-02T12:00:00+08:00' };

describe('items and loans', () => {
  it('names the pool’s units without changing it, checks out for a claim, checks in partly with a note', async () => {
    const { unit, pool, items } = await poolWithItems(5);
    expect(await quantityOf(pool.id)).toBe(5);
    const activity = await createActivity(m.t.app, unit, { status: 'confirmed', claims: [{ resourceId: pool.id, quantity: 2 }] });
    const claimId = activity.claims[0]!.id;
    const loan = await ok<{ id: number; items: { itemId: number }[]; closedAt: string | null }>(
      api().post('/api/v1/loans').set(m.t.admin).send({ claimId, itemIds: [items[1]!.id, items[3]!.id], ...holder }), 201);
    expect(loan.items.map((i) => i.itemId)).toEqual([items[1]!.id, items[3]!.id]);
    // A third item is beyond the claim's quantity; an item already out is not free.
    expect((await api().post('/api/v1/loans').set(m.t.admin).send({ claimId, itemIds: [items[0]!.id], ...holder })).body.code).toBe('claim_quantity_exceeded');
    expect((await api().post('/api/v1/loans').set(m.t.admin).send({ itemIds: [items[1]!.id], ...holder })).body.code).toBe('item_on_loan');
    const partly = await ok<{ closedAt: string | null; items: { returnedAt: string | null }[] }>(api().post(`/api/v1/loans/${loan.id}/check-in`).set(m.t.admin).send({ itemIds: [items[1]!.id], note: 'Lens cap missing' }));
    expect(partly.closedAt).toBeNull();
    expect(partly.items.filter((i) => i.returnedAt).length).toBe(1);
    const custody = await ok<{ pools: { resourceId: number; items: { label: string; condition: string; onLoan: unknown }[] }[]; openLoans: unknown[] }>(api().get(`/api/v1/units/${unit}/custody`).set(m.t.admin));
    const telescopes = custody.pools.find((p) => p.resourceId === pool.id)!;
    expect(telescopes.items.find((i) => i.label === 'Telescope 2')).toMatchObject({ condition: 'Lens cap missing', onLoan: null });
    expect(telescopes.items.find((i) => i.label === 'Telescope 4')!.onLoan).toMatchObject({ holderName: 'Ms Wang', overdue: false });
    const closed = await ok<{ closedAt: string | null }>(api().post(`/api/v1/loans/${loan.id}/check-in`).set(m.t.admin).send({ itemIds: [items[3]!.id] }));
    expect(closed.closedAt).not.toBeNull();
  });

  it('lowers the pool quantity when an item leaves service, and refuses when future bookings need it', async () => {
    const { unit, pool, items } = await poolWithItems(3);
    await createActivity(m.t.app, unit, { status: 'confirmed', claims: [{ resourceId: pool.id, quantity: 2 }] });
    await ok(api().patch(`/api/v1/items/${items[0]!.id}`).set(m.t.admin).send({ status: 'damaged' }));
    expect(await quantityOf(pool.id)).toBe(2);
    const before = await snapshot();
    const refused = await api().patch(`/api/v1/items/${items[1]!.id}`).set(m.t.admin).send({ status: 'lost' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'item_needed', peak: 2, poolQuantity: 1 });
    expect(await snapshot()).toEqual(before);
    await ok(api().patch(`/api/v1/items/${items[0]!.id}`).set(m.t.admin).send({ status: 'in_service' }));
    expect(await quantityOf(pool.id)).toBe(3);
    // A standalone loan takes its items out of the pool while out, so it too must leave the booked 2.
    expect((await api().post('/api/v1/loans').set(m.t.admin).send({ itemIds: [items[0]!.id, items[1]!.id], ...holder })).body.code).toBe('item_needed');
    const lent = await ok<{ id: number }>(api().post('/api/v1/loans').set(m.t.admin).send({ itemIds: [items[2]!.id], ...holder }), 201);
    expect(await quantityOf(pool.id)).toBe(2);
    await ok(api().post(`/api/v1/loans/${lent.id}/check-in`).set(m.t.admin).send({ itemIds: [items[2]!.id] }));
    expect(await quantityOf(pool.id)).toBe(3);
  });

  it('answers bad input with a 4xx problem and leaves the database unchanged', async () => {
    const { pool, items } = await poolWithItems(2);
    const venue = await createResource(m.t.app, { unitId: (await createUnit(m.t.app)).id });
    const before = await snapshot();
    const cases: [string, string, unknown, number][] = [
      ['post', `/api/v1/resources/${venue.id}/items`, { label: 'x' }, 422],
      ['post', `/api/v1/resources/${pool.id}/items`, { label: 'Telescope 1' }, 409],
      ['post', `/api/v1/resources/${pool.id}/items`, { label: '' }, 422],
      ['patch', `/api/v1/items/${items[0]!.id}`, { status: 'stolen' }, 422],
      ['patch', `/api/v1/items/${items[0]!.id}`, {}, 422],
      ['post', '/api/v1/loans', { itemIds: [items[0]!.id, items[0]!.id], ...holder }, 422],
      ['post', '/api/v1/loans', { itemIds: [items[0]!.id], ...holder, holderEmail: 'nope' }, 422],
      ['post', '/api/v1/loans', { itemIds: [items[0]!.id], ...holder, outSince: '2027-03-03T00:00:00Z' }, 422],
      ['post', '/api/v1/loans', { itemIds: [999999], ...holder }, 404],
      ['post', '/api/v1/loans', { claimId: 999999, itemIds: [items[0]!.id], ...holder }, 422],
      ['post', '/api/v1/loans/999999/check-in', { itemIds: [items[0]!.id] }, 404],
      ['get', '/api/v1/units/999999/custody', undefined, 404],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await (api() as unknown as Record<string, (p: string) => request.Test>)[method]!(path).set(m.t.admin).send(body as object);
      expect(res.status, `${method} ${path} ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('overdue loans', () => {
  it('emails the holder once per overdue day, bilingual, through the outbox', async () => {
    const { items } = await poolWithItems(1);
    const loan = await ok<{ id: number }>(api().post('/api/v1/loans').set(m.t.admin).send({ itemIds: [items[0]!.id], ...holder, dueBack: '2026-11-25T09:00:00+08:00' }), 201);
    const deps = { pool: m.t.db.pool, clock: m.clock, timeZone: 'Asia/Shanghai' };
    expect(await sweepOverdueLoans(deps)).toEqual([]);
    m.clock.set('2026-11-25T02:00:00Z');
    expect((await sweepOverdueLoans(deps)).length).toBe(1);
    expect(await sweepOverdueLoans(deps)).toEqual([]);
    m.smtp.clear();
    await m.worker().drain();
    expect(m.smtp.messages.length).toBe(1);
    const mail = m.smtp.messages[0]!;
    expect(mail.to).toEqual(['wang.teacher@school.example.org']);
    // Due 09:00 and swept 10:00 the same Beijing day: overdue, but not yet a day (issue 22 counts calendar days).
    expect(mail.parsed.text).toContain('现已逾期');
    expect(mail.parsed.text).toContain('Telescope 1');
    expect(mail.parsed.text).toContain('is now overdue');
    m.clock.advance({ days: 1 });
    expect((await sweepOverdueLoans(deps)).length).toBe(1);
    expect((await sweepOverdueLoans(deps)).length).toBe(0);
    // Returned before the worker ran: the day's email is skipped, not sent.
    await ok(api().post(`/api/v1/loans/${loan.id}/check-in`).set(m.t.admin).send({ itemIds: [items[0]!.id] }));
    m.smtp.clear();
    await m.worker().drain();
    expect(m.smtp.messages).toEqual([]);
    const { rows } = await m.t.db.pool.query('SELECT status FROM deliveries WHERE loan_id = $1 ORDER BY id', [loan.id]);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'skipped']);
    expect(await sweepOverdueLoans(deps)).toEqual([]);
  });

  it('counts calendar days in the unit’s zone (due Sunday 00:56, swept Tuesday 01:05: 2 days), one item in the singular, with Content-Language', async () => {
    m.clock.set('2026-11-24T00:00:00Z');
    const unit = await createUnit(m.t.app, { timeZone: 'Asia/Shanghai' });
    const { items } = await poolWithItems(1, unit.id);
    await ok(api().post('/api/v1/loans').set(m.t.admin).send({ itemIds: [items[0]!.id], ...holder, holderEmail: 'sunday.due@school.example.org', dueBack: '2026-11-29T00:56:00+08:00' }), 201);
    const deps = { pool: m.t.db.pool, clock: m.clock };
    m.clock.set('2026-11-30T17:05:00Z'); // Tuesday 1 December, 01:05 in Beijing
    expect((await sweepOverdueLoans(deps)).length).toBe(1);
    m.smtp.clear();
    await m.worker().drain();
    const mail = m.smtp.messages.find((x) => x.to.includes('sunday.due@school.example.org'))!;
    expect(mail.parsed.text).toContain('已逾期 2 天');
    expect(mail.parsed.text).toContain('is 2 days overdue');
    expect(mail.parsed.text).not.toContain('3 days');
    expect(mail.parsed.text).toContain('The item you borrowed from Telescopes (Telescope 1) was due back');
    expect(mail.parsed.text).toContain('Please return it soon');
    expect(mail.parsed.text).not.toMatch(/were due|return them/);
    expect(mail.parsed.headers.get('content-language')).toBe('zh-CN, en');
  });
});

describe('races over HTTP', () => {
  async function post(path: string, body: unknown, method = 'POST') {
    const res = await fetch(`${http.url}${path}`, { method, headers: { 'content-type': 'application/json', ...m.t.admin }, body: JSON.stringify(body) });
    return { status: res.status, code: ((await res.json()) as { code?: string }).code };
  }
  it('checks the last free item out once, however many ask at once', async () => {
    const { items } = await poolWithItems(2);
    await ok(api().post('/api/v1/loans').set(m.t.admin).send({ itemIds: [items[0]!.id], ...holder }), 201);
    const results = await Promise.all(Array.from({ length: 20 }, () => post('/api/v1/loans', { itemIds: [items[1]!.id], ...holder })));
    expect(results.filter((r) => r.status === 201).length).toBe(1);
    expect(results.every((r) => r.status === 201 || (r.status === 409 && r.code === 'item_on_loan'))).toBe(true);
    const { rows } = await m.t.db.pool.query('SELECT item_id, count(*)::int AS n FROM loan_items WHERE returned_at IS NULL GROUP BY item_id HAVING count(*) > 1');
    expect(rows).toEqual([]);
  });

  it('never checks out more than a claim’s quantity, however many ask at once', async () => {
    const { unit, pool, items } = await poolWithItems(5);
    const activity = await createActivity(m.t.app, unit, { status: 'confirmed', startsAt: '2027-03-03T09:00:00+08:00', endsAt: '2027-03-03T10:00:00+08:00', claims: [{ resourceId: pool.id, quantity: 2 }] });
    const claimId = activity.claims[0]!.id;
    const results = await Promise.all(items.map((item) => post('/api/v1/loans', { claimId, itemIds: [item.id], ...holder })));
    expect(results.filter((r) => r.status === 201).length).toBe(2);
    expect(results.every((r) => r.status === 201 || (r.status === 409 && r.code === 'claim_quantity_exceeded'))).toBe(true);
    const { rows } = await m.t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM loan_items li JOIN loans l ON l.id = li.loan_id WHERE l.claim_id = $1 AND li.returned_at IS NULL', [claimId]);
    expect(rows[0]!.n).toBe(2);
  });

  it('never overcommits when items leave service while bookings take the pool’s last units', async () => {
    for (let round = 0; round < 3; round++) {
      const { unit, pool, items } = await poolWithItems(4);
      await createActivity(m.t.app, unit, { status: 'confirmed', claims: [{ resourceId: pool.id, quantity: 2 }] });
      const bookings = Array.from({ length: 8 }, () => post('/api/v1/activities', {
        kind: 'field_visit', title: { 'zh-CN': '观测', en: 'Observing' }, organizerUnitId: unit, status: 'confirmed', timeZone: 'Asia/Shanghai',
        startsAt: '2027-03-02T10:00:00+08:00', endsAt: '2027-03-02T10:30:00+08:00', claims: [{ resourceId: pool.id, quantity: 1 }],
      }));
      const outOfService = items.slice(0, 2).map((item) => post(`/api/v1/items/${item.id}`, { status: 'in_repair' }, 'PATCH'));
      const results = await Promise.all([...bookings, ...outOfService]);
      expect(results.filter((r) => r.status >= 500)).toEqual([]);
      const { rows } = await m.t.db.pool.query<{ peak: number; quantity: number; bookable: number }>(
        `WITH edges AS (SELECT lower(period) AS at, quantity AS d FROM bookings WHERE resource_id = $1 AND active
                        UNION ALL SELECT upper(period), -quantity FROM bookings WHERE resource_id = $1 AND active)
         SELECT (SELECT coalesce(max(s), 0)::int FROM (SELECT sum(d) OVER (ORDER BY at, d ROWS UNBOUNDED PRECEDING) AS s FROM edges) x) AS peak,
                (SELECT quantity FROM resources WHERE id = $1) AS quantity,
                (SELECT count(*)::int FROM items WHERE resource_id = $1 AND status = 'in_service') AS bookable`,
        [pool.id],
      );
      expect(rows[0]!.peak).toBeLessThanOrEqual(rows[0]!.quantity);
      expect(rows[0]!.quantity).toBe(rows[0]!.bookable);
      expect(rows[0]!.peak).toBeGreaterThanOrEqual(2);
    }
  });
});
