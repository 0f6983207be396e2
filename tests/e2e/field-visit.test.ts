/// <reference lib="dom" />
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authService } from '../../src/auth/auth.service.ts';
import { linkSigner, resolveSecret } from '../../src/auth/signed-links.ts';
import { openPage } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { DEMO_NOW, startWebTest, type WebTest } from '../helpers/web.ts';

/**
 * Field visits in the browser (docs/field-visits.md): the guardian's consent page shows where the
 * visit goes, one language at a time (issue 25 item 12); the desk's readiness of a visit of 40 pupils
 * and 3 adults at 1:10 (issue 26 item 1, its first "Done when").
 */
vi.setConfig({ testTimeout: 300_000 });
let w: WebTest;
let school: number;
let museum: number;
let organizerEmail: string;
let organizer: { Authorization: string };
let sign: ReturnType<typeof linkSigner>;
beforeAll(async () => {
  w = await startWebTest({ CONSENT_KINDS: 'field_visit,research_study,summer_camp' });
  const unit = (body: Record<string, unknown>) => request(w.t.app).post('/api/v1/units').set(w.t.admin).send(body).then((r) => r.body.id as number);
  school = await unit({ slug: 'fv-school', kind: 'school', name: { 'zh-CN': '实验中学', en: 'Experimental Middle School' } });
  museum = await unit({ slug: 'fv-museum', kind: 'academy_unit', name: { 'zh-CN': '自然博物馆', en: 'Natural History Museum' } });
  const auth = authService(w.t.db.pool, w.t.clock, w.t.config, async () => undefined);
  organizerEmail = 'organizer@fv-school.example.org';
  const { apiToken } = await auth.bootstrapUser({ email: organizerEmail, name: '赵老师', unitId: school, role: 'organizer' });
  organizer = { Authorization: `Bearer ${apiToken.token}` };
  sign = linkSigner(resolveSecret(w.t.config));
}, 120_000);
afterAll(() => w?.close());

const TRIP = {
  destination: '自然博物馆（天桥）', meetingPoint: '学校东门', meetingAt: '2026-12-08T08:15:00+08:00', transport: '校车两辆', contact: '王老师', contactPhone: '010-6702-4431',
};

/** A confirmed field visit of the school to the museum's hall with a museum guide (approved by the museum). */
async function visit(title: string): Promise<number> {
  const resource = (body: Record<string, unknown>) => request(w.t.app).post('/api/v1/resources').set(w.t.admin).send({ unitId: museum, ...body }).then((r) => r.body.id as number);
  const hall = await resource({ kind: 'venue', name: { 'zh-CN': `${title}展厅`, en: `${title} hall` } });
  const guide = await resource({ kind: 'staff', name: { 'zh-CN': `${title}讲解员`, en: `${title} guide` } });
  const created = await request(w.t.app).post('/api/v1/activities').set(organizer).send({
    kind: 'field_visit', title: { 'zh-CN': title, en: `${title} visit` }, organizerUnitId: school, venueId: hall, claims: [{ resourceId: guide }],
    startsAt: '2026-12-08T09:00:00+08:00', endsAt: '2026-12-08T15:00:00+08:00', timeZone: 'Asia/Shanghai', status: 'requested', audienceGrades: [8], ...TRIP,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  for (const claim of created.body.claims) expect((await request(w.t.app).post(`/api/v1/activities/${created.body.id}/claims/${claim.id}/approve`).set(w.t.admin).send({})).status).toBe(200);
  return created.body.id;
}

const register = (id: number, body: Record<string, unknown>) => request(w.t.app).post(`/api/v1/activities/${id}/registrations`)
  .send({ language: 'zh-CN', grade: 8, class: '初二（3）班', ...body }).then((r) => {
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as number;
  });
const consent = (id: number, action: 'give' | 'decline') => request(w.t.app).post(`/api/v1/consents/${id}/${action}?sig=${encodeURIComponent(sign.sign(id, 'consent'))}`).then((r) => expect(r.status).toBe(200));

describe("the guardian's consent page", () => {
  it('shows the destination, meeting point and time, transport and the contact, in one language at a time', async () => {
    const id = await visit('博物馆参观');
    const pupil = await register(id, { name: '张小红', email: 'xiaohong@fv-school.example.org', role: 'student', guardianEmail: 'mama@fv-home.example.org' });
    await w.drainOutbox();
    const link = w.linkTo('mama@fv-home.example.org', new RegExp(`/consent/${pupil}\\?sig=`));
    const guardian = await openPage(w.browser, { viewport: { width: 390, height: 800 }, now: DEMO_NOW });
    await guardian.page.goto(link);
    const facts = async () => (await guardian.page.locator('main dl.facts').first().innerText()).replace(/\s+/g, ' ');
    const zh = await facts();
    for (const fact of ['目的地', '自然博物馆（天桥）', '集合', '学校东门', '08:15', '交通', '校车两辆', '王老师', '010-6702-4431']) expect(zh).toContain(fact);
    expect(zh).not.toMatch(/—/);
    const body = await guardian.page.locator('main').innerText();
    expect(body).not.toContain('Guardian consent'); // one language, not two copies
    expect(body).not.toContain('I consent');
    await checkState(guardian, { test: 'field-visit-consent', state: 'asked' });
    await guardian.screenshot('field-visit-consent-zh-390');
    await guardian.page.locator('#lang-switch').click();
    await guardian.page.getByRole('heading', { name: 'Guardian consent' }).waitFor();
    const en = await facts();
    for (const fact of ['Destination', 'Meeting point', 'meet at 08:15 (Beijing time)', 'Transport', 'Contact on the day', '王老师, 010-6702-4431']) expect(en).toContain(fact);
    expect(await guardian.page.locator('main').innerText()).not.toContain('监护人同意书');
    await guardian.page.setViewportSize({ width: 1280, height: 900 });
    await guardian.screenshot('field-visit-consent-en-1280');
    // Answering keeps the reader's language.
    await guardian.page.locator('#give-consent').click();
    await guardian.page.locator('#consent-status').getByText('You consented on').waitFor();
    expect(guardian.errors).toEqual([]);

    // The activity page and the pupil's own page say the same.
    const visitor = await openPage(w.browser, { viewport: { width: 390, height: 800 }, now: DEMO_NOW });
    await visitor.page.goto(`${w.url}/activities/${id}`);
    await visitor.page.locator('#activity-destination').waitFor();
    expect(await visitor.page.locator('#activity-meeting').innerText()).toBe('学校东门，08:15（北京时间）集合');
    expect(await visitor.page.locator('#activity-contact').innerText()).toBe('王老师，010-6702-4431');
    await checkState(visitor, { test: 'field-visit-activity', state: 'trip' });
    await visitor.page.goto(w.linkTo('xiaohong@fv-school.example.org', /\/registrations\/\d+\?sig=/));
    expect(await visitor.page.locator('#registration-destination').innerText()).toBe('自然博物馆（天桥）');
    expect(await visitor.page.locator('#registration-meeting').innerText()).toBe('学校东门，08:15（北京时间）集合');
    expect(visitor.errors).toEqual([]);
  });
});

describe('readiness of a visit on the desk', () => {
  it('40 pupils and 3 adults at 1:10: not ready, needs 1 more adult; an adult and the last consent make it ready; a withdrawn consent flags the pupil', async () => {
    const id = await visit('湿地公园考察');
    const pupils: number[] = [];
    for (let i = 1; i <= 40; i++) pupils.push(await register(id, { name: `学生${String(i).padStart(2, '0')}`, email: `p${i}@fv-school.example.org`, role: 'student', guardianEmail: `g${i}@fv-home.example.org` }));
    for (let i = 1; i <= 3; i++) await register(id, { name: `带队老师${i}`, email: `t${i}@fv-school.example.org`, role: 'teacher' });
    for (const pupil of pupils.slice(0, 39)) await consent(pupil, 'give');
    expect((await request(w.t.app).post(`/api/v1/activities/${id}/readiness/head-count`).set(organizer).send({ headCount: 40 })).status).toBe(200);

    const desk = await signInByEmail(w, organizerEmail, { start: `${w.url}/organizer#readiness/${id}` });
    const { page } = desk;
    const summary = page.locator('#readiness-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toBe('未就绪：还需 1 名成人；1 人未获家长同意');
    expect(await page.locator('[data-item="adults"]').innerText()).toContain('还需 1 名成人（3 名成人，40 名学生，每 10 名学生 1 名成人）');
    expect(await page.locator('[data-item="adults"]').innerText()).toContain('负责：学校组织者');
    expect(await page.locator('#readiness-roster').innerText()).toContain('学生40');
    await checkState(desk, { test: 'field-visit-readiness', state: 'not-ready' });
    // The same state in English.
    const en = await openPage(w.browser, { now: DEMO_NOW });
    await en.context.addCookies(await desk.context.cookies());
    await en.page.goto(`${w.url}/organizer?lang=en#readiness/${id}`);
    await en.page.locator('#readiness-summary').waitFor();
    expect(await en.page.locator('#readiness-summary').innerText()).toBe('Not ready: needs 1 more adult(s); 1 without consent');
    await en.screenshot('field-visit-readiness-en');

    // Marking ready now is refused, with what is missing.
    await page.locator('#readiness-mark').click();
    await page.locator('#readiness-mark-status').getByText('还不能标记为就绪').waitFor();
    expect(await page.locator('#readiness-mark-status').innerText()).toBe('还不能标记为就绪：还需 1 名成人；1 人未获家长同意');

    // After the head count only the organizer adds people: another adult, then the last guardian consents.
    const late = await request(w.t.app).post(`/api/v1/activities/${id}/registrations`).send({ name: '带队老师4', email: 't4@fv-school.example.org', role: 'teacher', language: 'zh-CN' });
    expect(late.body.code).toBe('head_count_confirmed');
    const added = await request(w.t.app).post(`/api/v1/activities/${id}/participants`).set(organizer).send({ name: '带队老师4', email: 't4@fv-school.example.org', role: 'teacher', language: 'zh-CN' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    await consent(pupils[39]!, 'give');
    await page.reload();
    await summary.waitFor();
    expect(await summary.innerText()).toBe('已就绪');
    await page.locator('#readiness-mark').click();
    await page.locator('#readiness-marked').waitFor();
    // The visit's day opens the offline roster; the mark can be taken off and put back.
    expect(await page.locator('#readiness-roster-link').getAttribute('href')).toBe('/desk/roster.html?date=2026-12-08');
    await page.locator('#readiness-unmark').click();
    await page.locator('#readiness-mark').waitFor();
    expect(await page.locator('#readiness-marked').count()).toBe(0);
    await page.locator('#readiness-mark').click();
    await page.locator('#readiness-marked').waitFor();
    await desk.screenshot('field-visit-readiness-ready');

    // A guardian withdraws: within a minute the roster flags the pupil (the page redraws every 30 s).
    await consent(pupils[6]!, 'decline');
    await page.clock.fastForward(31_000);
    await page.locator('#readiness-roster [data-reason="consent_withdrawn"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#readiness-roster').innerText()).toContain('学生07');
    expect(await page.locator('#readiness-roster').innerText()).toContain('家长已撤回同意');
    expect(await summary.innerText()).toBe('未就绪：最终人数未确认');
    await desk.screenshot('field-visit-readiness-withdrawn');
    expect(desk.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  });
});
