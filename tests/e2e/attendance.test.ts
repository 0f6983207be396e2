/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPage } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { pdfText } from '../helpers/pdf.ts';
import { DEMO_NOW, startWebTest, type WebTest } from '../helpers/web.ts';
import { linkSigner, resolveSecret } from '../../src/auth/signed-links.ts';

/**
 * On the day: the school's organizer opens an occurrence's attendance list on a 390 px phone, checks
 * a student in with the code from the student's own page, marks another absent; a teacher who
 * attended two training sessions downloads a certificate whose verification address (read from the
 * PDF with pdftotext) answers with the right hours.
 */
vi.setConfig({ testTimeout: 240_000 });
const PHONE = { width: 390, height: 844 };
const ORGANIZER = 'organizer@school.example.org';
let w: WebTest;
let school: number;
const reg: Record<string, number> = {};
let visitOcc: number;
let trainingOccs: number[];

async function created(req: request.Test): Promise<{ id: number }> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}
const occurrencesOf = async (id: number) => ((await w.t.api.get(`/api/v1/activities/${id}/occurrences`)).body.items as { id: number }[]).map((o) => o.id);

beforeAll(async () => {
  w = await startWebTest();
  school = ((await w.t.api.get('/api/v1/units?kind=school')).body.items as { id: number; slug: string }[]).find((u) => u.slug === 'beijing-school')!.id;
  const base = { organizerUnitId: school, timeZone: 'Asia/Shanghai', status: 'confirmed' };
  // Today (24 November, Shanghai) in the afternoon; and a two-day teacher training starting today.
  const visit = await created(w.t.api.post('/api/v1/activities').send({ ...base, kind: 'field_visit', title: { 'zh-CN': '植物园实践', en: 'Botanic garden visit' }, startsAt: '2026-11-24T14:00:00+08:00', endsAt: '2026-11-24T16:00:00+08:00' }));
  [visitOcc] = await occurrencesOf(visit.id) as [number];
  const training = await created(w.t.api.post('/api/v1/activities').send({ ...base, kind: 'teacher_training', title: { 'zh-CN': '科学教师培训', en: 'Science teacher training' }, startsAt: '2026-11-24T18:00:00+08:00', endsAt: '2026-11-24T20:00:00+08:00', recurrenceRule: 'FREQ=DAILY;COUNT=2' }));
  trainingOccs = await occurrencesOf(training.id);
  await created(w.t.api.put(`/api/v1/activities/${training.id}/training-hours`).send({ hoursPerOccurrence: 2.5 }));
  const join = (id: number, name: string, email: string, role: string) => created(request(w.t.app).post(`/api/v1/activities/${id}/registrations`).send({ name, email, role }));
  reg.xiaoming = (await join(visit.id, '张小明', 'xiaoming@example.org', 'student')).id;
  reg.lihua = (await join(visit.id, 'Li Hua', 'lihua@example.org', 'student')).id;
  reg.teacher = (await join(training.id, '赵老师', 'zhao@example.org', 'teacher')).id;
});
afterAll(() => w?.close());


describe('attendance at the door and a teacher certificate', () => {
  it('checks a student in by the short code from their page and marks another absent on a phone', async () => {
    // The student's own page (the manage link of the confirmation email) shows the QR code and the short code.
    await w.drainOutbox();
    const student = await openPage(w.browser, { viewport: PHONE, now: DEMO_NOW });
    await student.page.goto(w.linkTo('xiaoming@example.org', /\/registrations\/\d+\?sig=/));
    await student.page.locator('#check-in-qr img').waitFor();
    await checkState(student, { test: 'attendance', state: 'participant-qr' });
    // Beside the QR code: the short code to read out when it cannot be scanned.
    const shortCode = (await student.page.locator('#check-in-code').textContent())!.trim();
    expect(shortCode).toMatch(/^[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{4}$/);
    await student.context.close();
    // The confirmation email carries the same code: the short code as text, and an inline QR image.
    const mail = w.smtp.messages.filter((m) => m.to.includes('xiaoming@example.org')).at(-1)!;
    expect(mail.parsed.text).toContain(`无法扫码时请报出签到码：${shortCode}`);
    expect(mail.parsed.attachments.find((a) => a.cid === 'check-in-qr@orrery')?.contentType).toBe('image/png');
    // mailparser turns cid: references into data: URLs of the attachment they name.
    expect(String(mail.parsed.html)).toMatch(/<img src="(cid:check-in-qr@orrery|data:image\/png;base64,)/);
    expect(String(mail.parsed.html)).toContain(shortCode);

    const watched = await signInByEmail(w, ORGANIZER, { viewport: PHONE });
    const { page, errors } = watched;
    await page.goto(`${w.url}/organizer/attendance/${visitOcc}`);
    await page.locator('#attendance-counts', { hasText: '未签到 2' }).waitFor();
    // The short code as a person types it from hearing it read out: lower case, a space instead of the dash.
    await page.getByLabel('签到码（扫码枪，或手动输入 7 位短码）').fill(shortCode.toLowerCase().replace('-', ' '));
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await page.locator('#scan-result.scan-ok', { hasText: '张小明' }).filter({ hasText: '已签到 · 出席' }).waitFor();
    // Typing the same code again changes nothing and says so.
    await page.getByLabel('签到码（扫码枪，或手动输入 7 位短码）').fill(shortCode);
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await page.locator('#scan-result.scan-ok', { hasText: '之前已签到' }).waitFor();
    // Find Li Hua by name and mark her absent.
    await page.getByLabel('按姓名查找').fill('li');
    await page.locator(`li[data-registration="${reg.lihua}"]`).getByRole('button', { name: '缺席' }).click();
    await page.locator('#attendance-counts', { hasText: '出席 1 · 迟到 0 · 缺席 1 · 未签到 0' }).waitFor();
    await page.getByLabel('按姓名查找').fill('');
    await checkState(watched, {
      test: 'attendance', state: 'marked',
      // A pupil who wrote her name in Latin letters: data, shown as written.
      zhAllow: ['Li Hua'],
      replay: async (p) => void (await p.locator('#attendance-counts', { hasText: /1.*1.*0/ }).waitFor()),
    });
    // A code from another session is refused with a clear message; nothing changes.
    const other = `ORRERY-A1.${reg.xiaoming}.${trainingOccs[0]}.${'A'.repeat(43)}`;
    await page.getByLabel('签到码（扫码枪，或手动输入 7 位短码）').fill(other);
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await page.locator('#scan-result.scan-bad', { hasText: '签到码无效' }).waitFor();
    expect(errors.filter((e) => !/status of 40[04]/.test(e))).toEqual([]);
    const list = await w.t.api.get(`/api/v1/occurrences/${visitOcc}/attendance`);
    expect(Object.fromEntries((list.body.items as { name: string; status: string }[]).map((i) => [i.name, i.status]))).toEqual({ 张小明: 'present', 'Li Hua': 'absent' });
    await watched.context.close();
  });

  it('a teacher who attended two sessions downloads a certificate whose verification answers with the hours', async () => {
    const mark = (occ: number) => created(w.t.api.post(`/api/v1/occurrences/${occ}/attendance`).send({ marks: [{ registrationId: reg.teacher, status: 'present' }] }));
    await mark(trainingOccs[0]!);
    w.clock.set('2026-11-25T10:30:00Z'); // 18:30 on the second day
    await mark(trainingOccs[1]!);
    const sig = linkSigner(resolveSecret(w.t.config)).sign(reg.teacher!, 'manage');
    const watched = await openPage(w.browser, { viewport: PHONE, now: '2026-11-25T10:30:00Z' });
    const { page } = watched;
    page.setDefaultTimeout(20_000);
    await page.goto(`${w.url}/registrations/${reg.teacher}?sig=${sig}`);
    await page.locator('#teacher-hours').click();
    await page.locator('#total-hours', { hasText: '本学年共 5 学时' }).waitFor();
    await checkState(watched, { test: 'attendance', state: 'teacher-hours' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载证书 PDF' }).click()]);
    const text = await pdfText(await readFile((await download.path())!));
    for (const words of ['教师培训学时证明', 'Teacher Training Certificate', '赵老师', '科学教师培训', 'Science teacher training', 'Credit hours: 5']) expect(text).toContain(words);
    const url = /(https?:\/\/\S+\/certificates\/[A-Za-z0-9_-]{22})/.exec(text)![1]!;
    expect(new URL(url).origin).toBe(w.url);
    const code = url.split('/').at(-1)!;
    const verified = await request(w.t.app).get(`/api/v1/certificates/${code}`);
    expect(verified.body).toEqual({ status: 'valid', name: '赵老师', activity: { 'zh-CN': '科学教师培训', en: 'Science teacher training' }, firstDay: '2026-11-24', lastDay: '2026-11-25', hours: 5 });
    await page.goto(url);
    await page.locator('#certificate-hours', { hasText: '5' }).waitFor();
    await watched.context.close();
  });
});
