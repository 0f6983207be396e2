/// <reference lib="dom" />
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPage } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';
import { DEMO_NOW, startWebTest, type WebTest } from '../helpers/web.ts';

/**
 * Issue 14 items 1, 3, 5 in the browser: a student registers for a field visit giving a guardian's
 * email, the guardian follows the emailed link and consents; a participant moves to another
 * performance of a science show from their page.
 */
vi.setConfig({ testTimeout: 240_000 });
let w: WebTest;
let unitId: number;
beforeAll(async () => {
  w = await startWebTest({ CONSENT_KINDS: 'field_visit,research_study,summer_camp' });
  unitId = (await w.t.db.pool.query("SELECT id FROM units WHERE kind = 'academy_unit' ORDER BY id LIMIT 1")).rows[0].id;
});
afterAll(() => w?.close());

async function activity(body: Record<string, unknown>): Promise<{ id: number }> {
  const res = await request(w.t.app).post('/api/v1/activities').set(w.t.admin).send({ organizerUnitId: unitId, timeZone: 'Asia/Shanghai', status: 'confirmed', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('a student registers for a field visit and a guardian consents', () => {
  it("asks for the guardian's email, emails the guardian, and records the consent", async () => {
    const visit = await activity({
      kind: 'field_visit', title: { 'zh-CN': '湿地公园考察', en: 'Wetland park visit' }, capacity: 30,
      startsAt: '2026-12-03T09:00:00+08:00', endsAt: '2026-12-03T15:00:00+08:00',
      transport: '校车 8:15 从校门出发 / School bus from the gate at 8:15', contact: '王老师 Ms Wang 010-1234-5678',
    });
    const watched = await openPage(w.browser, { now: DEMO_NOW });
    const { page, errors, screenshot } = watched;
    await page.goto(`${w.url}/activities/${visit.id}`);
    await page.getByLabel('姓名').fill('张小红');
    await page.locator('#register-email').fill('xiaohong@school.example.org');
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.locator('#register-guardianEmail-error').waitFor();
    await expect(page.locator('#register-guardianEmail-error').textContent()).resolves.toBe('请填写家长的电子邮箱（不能与学生的邮箱相同）。');
    expect(await page.locator('#add-to-calendar a#calendar-google').getAttribute('href')).toContain('dates=20261203T010000Z%2F20261203T070000Z');
    await page.locator('#register-guardianEmail').fill('mama@home.example.org');
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.getByText('报名成功！我们已给家长发送同意书邮件').waitFor();
    await screenshot('consent-registered');
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
    errors.splice(0);
    // A teacher needs no guardian: the field goes away with the role.
    await page.getByLabel('身份').selectOption('teacher');
    expect(await page.locator('#register-guardianEmail').isVisible()).toBe(false);
    const ics = await page.request.get(`${w.url}${await page.locator('#calendar-ics').getAttribute('href')}`);
    expect(ics.status()).toBe(200);
    expect(await ics.text()).toContain('SUMMARY:湿地公园考察');

    await w.drainOutbox();
    const mail = w.smtp.messages.find((m) => m.to.includes('mama@home.example.org'));
    expect(mail?.parsed.subject).toContain('张小红');
    expect(mail?.parsed.text).toContain('School bus from the gate');
    const link = w.linkTo('mama@home.example.org', /\/consent\/\d+\?sig=/);

    const guardian = await openPage(w.browser, { viewport: { width: 390, height: 800 }, now: DEMO_NOW });
    await guardian.page.goto(link);
    await guardian.page.getByText('Ms Wang').first().waitFor();
    // One language at a time (the switch shows the other); the organizer typed the transport and contact in both
    // languages in one field, and the page shows them as typed.
    await checkState(guardian, { test: 'consent', state: 'asked', zhAllow: ['School bus from the gate at', 'Ms Wang'] });
    await guardian.page.locator('#give-consent').click();
    await guardian.page.locator('#consent-status').getByText('您已于').waitFor();
    await guardian.page.locator('#lang-switch').click();
    await expect(guardian.page.locator('#consent-status').textContent()).resolves.toMatch(/^You consented on 2026-11-24 10:00\.$/);
    await guardian.screenshot('consent-given');
    const { rows: [row] } = await w.t.db.pool.query("SELECT c.status, c.answered_link FROM consents c JOIN registrations r ON r.id = c.registration_id WHERE r.email = 'xiaohong@school.example.org'");
    expect(row.status).toBe('given');
    expect(row.answered_link).toMatch(/^consent:/);
    // A tampered link opens nothing.
    const tampered = await guardian.page.goto(link.replace(/sig=./, 'sig=A'));
    expect(tampered?.status()).toBe(404);
    expect(guardian.errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('a participant moves to another performance', () => {
  it('sees the places per performance, and moves from the page of the emailed link', async () => {
    const show = await activity({
      kind: 'science_show', title: { 'zh-CN': '液氮科学秀', en: 'Liquid nitrogen show' }, capacity: 2, registrationScope: 'occurrence',
      startsAt: '2026-12-05T14:00:00+08:00', endsAt: '2026-12-05T15:00:00+08:00', recurrenceRule: 'FREQ=DAILY;COUNT=3',
    });
    const occurrences = (await request(w.t.app).get(`/api/v1/activities/${show.id}/occurrences`).set(w.t.admin)).body.items.map((o: { id: number }) => o.id);
    const reg = await request(w.t.app).post(`/api/v1/activities/${show.id}/registrations`)
      .send({ name: 'Li Lei', email: 'lilei@school.example.org', role: 'teacher', language: 'en', occurrenceId: occurrences[0] });
    expect(reg.body.status).toBe('confirmed');
    await request(w.t.app).post(`/api/v1/activities/${show.id}/registrations`).send({ name: '韩梅梅', email: 'hmm@school.example.org', role: 'teacher', occurrenceId: occurrences[2] });
    await request(w.t.app).post(`/api/v1/activities/${show.id}/registrations`).send({ name: '李明', email: 'lm@school.example.org', role: 'teacher', occurrenceId: occurrences[2] });

    const visitor = await openPage(w.browser, { now: DEMO_NOW });
    await visitor.page.goto(`${w.url}/activities/${show.id}`);
    await visitor.page.locator('#activity-sessions li').nth(2).waitFor();
    expect(await visitor.page.locator('#activity-sessions li').allTextContents()).toEqual([
      expect.stringContaining('1 / 2'), expect.stringContaining('2 / 2'), expect.stringContaining('已满'),
    ]);
    await checkState(visitor, { test: 'activity', state: 'sessions' });

    await w.drainOutbox();
    const manage = w.linkTo('lilei@school.example.org', /\/registrations\/\d+\?sig=/);
    const watched = await openPage(w.browser, { now: DEMO_NOW });
    const { page, errors } = watched;
    await page.goto(manage);
    await page.getByRole('heading', { name: 'Change to another session' }).waitFor();
    expect(await page.locator(`#move-to-${occurrences[2]}`).isDisabled()).toBe(true); // full
    await page.locator(`#move-to-${occurrences[1]}`).check();
    await page.getByRole('button', { name: 'Move to the chosen session' }).click();
    await page.locator('#held-occurrence').getByText('6 December 2026').waitFor();
    await expect(page.locator('#registration-when').textContent()).resolves.toContain('6 December 2026');
    await watched.screenshot('participant-moved');
    const { rows: [held] } = await w.t.db.pool.query('SELECT occurrence_id::int AS o FROM registrations WHERE id = $1', [reg.body.id]);
    expect(held.o).toBe(occurrences[1]);
    await w.drainOutbox();
    const notice = w.smtp.messages.filter((m) => m.to.includes('lilei@school.example.org')).at(-1);
    expect(notice?.parsed.subject).toBe('Changed: Liquid nitrogen show');
    expect(errors).toEqual([]);
    expect(visitor.errors).toEqual([]);
  });
});
