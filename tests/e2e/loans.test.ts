/// <reference lib="dom" />
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkState } from '../helpers/page-checks.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { zhFirstFindings } from '../helpers/zh-first.ts';
import { startWebTest, type WebTest } from '../helpers/web.ts';
import { sweepOverdueLoans } from '../../src/loans/overdue.sweep.ts';

/**
 * The planetarium's organizer lends telescopes 2 and 4 of the demo to a teacher for a booked
 * activity from the desk's Loans section, checks them back in with a note; then a loan past due
 * gets its overdue email (the clock moves past due, the sweep runs, the email reaches the receiver)
 * and the desk shows it overdue.
 */
vi.setConfig({ testTimeout: 240_000 });
let w: WebTest;
beforeAll(async () => {
  w = await startWebTest();
});
afterAll(() => w?.close());


describe('loans from the organizer desk', () => {
  it('checks telescopes 2 and 4 out for a booked activity and back in with a note; an overdue loan emails its holder', async () => {
    const api = () => request(w.t.app);
    const { items: [telescopes] } = (await api().get('/api/v1/resources?category=telescope').set(w.t.admin)).body as { items: { id: number; unitId: number }[] };
    const { items } = (await api().get(`/api/v1/resources/${telescopes!.id}/items`).set(w.t.admin)).body as { items: { id: number; label: string }[] };
    const byNumber = (n: number) => items.find((i) => i.label === `望远镜 ${n}`)!;
    const activity = await api().post('/api/v1/activities').set(w.t.admin).send({
      kind: 'talent_training', title: { 'zh-CN': '校园观星', en: 'Stargazing at school' }, organizerUnitId: telescopes!.unitId, status: 'confirmed',
      startsAt: '2026-11-25T19:00:00+08:00', endsAt: '2026-11-25T21:00:00+08:00', timeZone: 'Asia/Shanghai', claims: [{ resourceId: telescopes!.id, quantity: 2 }],
    });
    expect(activity.status, JSON.stringify(activity.body)).toBe(201);
    const claimId = String(activity.body.claims[0].id);

    const watched = await signInByEmail(w, 'organizer@planetarium.example.org', { desk: true });
    const { page, errors, screenshot } = watched;
    // Loans are the desk's view (web/desk/src/loans), one tab away from the home.
    await page.locator('#tab-loans').click();
    const form = page.locator(`#checkout-${telescopes!.id}`);
    await form.locator(`#claim-${telescopes!.id} option[value="${claimId}"]`).waitFor({ state: 'attached' });
    // Nothing picked: it says so and lends nothing.
    await form.getByRole('button', { name: '借出所选物品' }).click();
    await form.getByText('请先选择物品。').waitFor();
    await page.locator(`#item-${byNumber(2).id}`).check();
    await page.locator(`#item-${byNumber(4).id}`).check();
    await page.locator(`#claim-${telescopes!.id}`).selectOption(claimId);
    // A holder without a name or a valid address: the fields say so.
    await form.getByLabel('借用人邮箱').fill('zhang.teacher');
    await form.getByRole('button', { name: '借出所选物品' }).click();
    await form.getByText('请填写有效的电子邮箱。').waitFor();
    expect((await w.t.db.pool.query('SELECT count(*)::int AS n FROM loans')).rows[0].n).toBe(0);
    await form.getByLabel('借用人姓名').fill('张老师');
    await form.getByLabel('借用人邮箱').fill('zhang.teacher@school.example.org');
    // The due time in the page's language's picker (typed, Enter confirms), in the unit's zone.
    await form.getByLabel('归还时间').fill('2026-11-25 22:00');
    await form.getByLabel('归还时间').press('Enter');
    await form.getByRole('button', { name: '借出所选物品' }).click();
    await page.locator('#loans-status', { hasText: '已借出。' }).waitFor();
    await page.locator(`tr[data-item="${byNumber(2).id}"]`, { hasText: '张老师' }).waitFor();
    await page.locator(`tr[data-item="${byNumber(4).id}"]`, { hasText: '张老师' }).waitFor();
    const { rows: [loan] } = await w.t.db.pool.query<{ id: number; claim_id: number; due_back: Date }>('SELECT id, claim_id, due_back FROM loans ORDER BY id DESC LIMIT 1');
    expect(String(loan!.claim_id)).toBe(claimId);
    expect(loan!.due_back.toISOString()).toBe('2026-11-25T14:00:00.000Z');
    await expect(page.locator(`#checkin-${loan!.id}`).innerText()).resolves.toContain('2026年11月25日');
    expect(await zhFirstFindings(page, { allow: ['lens', 'cap', 'missing'] })).toEqual([]);
    await checkState(watched, { test: 'desk-loans', state: 'checked-out', replay: async (twin) => {
      await twin.locator(`#checkin-${loan!.id}`).waitFor();
    } });
    await screenshot('desk-loans-checked-out');

    const checkIn = page.locator(`#checkin-${loan!.id}`);
    await checkIn.getByLabel('归还时的状况').fill('镜头盖缺失 / lens cap missing');
    await checkIn.getByRole('button', { name: '归还所选物品' }).click();
    await page.locator('#loans-status', { hasText: '已归还。' }).waitFor();
    await page.locator(`tr[data-item="${byNumber(2).id}"]`, { hasText: '镜头盖缺失' }).waitFor();
    const { rows: [closed] } = await w.t.db.pool.query('SELECT closed_at FROM loans WHERE id = $1', [loan!.id]);
    expect(closed!.closed_at).not.toBeNull();

    // Standalone, due the next morning; the clock moves past due and the sweep queues the email.
    const lent = await api().post('/api/v1/loans').set(w.t.admin).send({ itemIds: [byNumber(1).id], holderName: '赵老师', holderEmail: 'zhao.teacher@school.example.org', dueBack: '2026-11-25T10:00:00+08:00' });
    expect(lent.status, JSON.stringify(lent.body)).toBe(201);
    const deps = { pool: w.t.db.pool, clock: w.clock, timeZone: 'Asia/Shanghai' };
    expect(await sweepOverdueLoans(deps)).toEqual([]);
    w.clock.set('2026-11-25T03:00:00Z');
    expect(await sweepOverdueLoans(deps)).toEqual([lent.body.id]);
    await w.drainOutbox();
    const mail = w.smtp.messages.filter((m) => m.to.includes('zhao.teacher@school.example.org'));
    expect(mail.length).toBe(1);
    expect(mail[0]!.parsed.subject).toContain('Overdue loan');
    expect(mail[0]!.parsed.text).toContain('Telescope 1');
    await page.reload();
    await page.locator(`#checkin-${lent.body.id}`, { hasText: '已逾期' }).waitFor();
    await page.locator(`tr[data-item="${byNumber(1).id}"]`, { hasText: '已逾期' }).waitFor();
    await screenshot('desk-loans-overdue');
    expect(errors).toEqual([]);
  });
});
