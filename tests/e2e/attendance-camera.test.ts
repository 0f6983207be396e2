/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { checkState } from '../helpers/page-checks.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { fakeCameraArgs, writeQrVideo } from '../helpers/fake-camera.ts';
import { startWebTest, type WebTest } from '../helpers/web.ts';
import { checkInSigner } from '../../src/attendance/code.ts';
import { linkSigner, resolveSecret } from '../../src/auth/signed-links.ts';

/**
 * The door with a phone's camera (issue 25, item 9): Chromium's fake camera plays a video this test
 * writes, holding the QR code of a real registration. The organizer presses "scan with camera" and
 * sees the name on green in Chinese, and the attendance is in the database; the camera started again
 * on the same code says "already checked in"; a cancelled registration's code is red with the reason.
 * A short code typed in admits too. Press-to-answer times are printed, not asserted.
 */
vi.setConfig({ testTimeout: 240_000 });
const PHONE = { width: 390, height: 844 };
const ORGANIZER = 'organizer@school.example.org';
const VIDEO = path.resolve('test-artifacts/fake-camera/qr.y4m');
let w: WebTest;
let occurrence: number;
const reg: Record<'xiaoming' | 'lihua' | 'wangfang', number> = { xiaoming: 0, lihua: 0, wangfang: 0 };
let tomorrow: number;
let elsewhere: number;
let payloadOf: (registrationId: number, occurrenceId?: number) => string;

async function created(req: request.Test): Promise<{ id: number }> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}

beforeAll(async () => {
  await mkdir(path.dirname(VIDEO), { recursive: true });
  await writeQrVideo(VIDEO, 'no registration yet'); // Chromium wants the file to exist when it starts
  w = await startWebTest({}, { browserArgs: fakeCameraArgs(VIDEO) });
  const school = ((await w.t.api.get('/api/v1/units?kind=school')).body.items as { id: number; slug: string }[]).find((u) => u.slug === 'beijing-school')!.id;
  // Today (24 November, Shanghai; the demo clock reads 10:00) in the afternoon.
  const visit = await created(w.t.api.post('/api/v1/activities').send({ organizerUnitId: school, timeZone: 'Asia/Shanghai', status: 'confirmed', kind: 'field_visit',
    title: { 'zh-CN': '天文馆参观', en: 'Planetarium visit' }, startsAt: '2026-11-24T14:00:00+08:00', endsAt: '2026-11-24T16:00:00+08:00', recurrenceRule: 'FREQ=DAILY;COUNT=2' }));
  [occurrence, tomorrow] = ((await w.t.api.get(`/api/v1/activities/${visit.id}/occurrences`)).body.items as { id: number }[]).map((o) => o.id) as [number, number];
  const join = (name: string, email: string) => created(request(w.t.app).post(`/api/v1/activities/${visit.id}/registrations`).send({ name, email, role: 'student' }));
  reg.xiaoming = (await join('张小明', 'xiaoming@example.org')).id;
  reg.lihua = (await join('李华', 'lihua@example.org')).id;
  reg.wangfang = (await join('王芳', 'wangfang@example.org')).id;
  const other = await created(w.t.api.post('/api/v1/activities').send({ organizerUnitId: school, timeZone: 'Asia/Shanghai', status: 'confirmed', kind: 'science_show',
    title: { 'zh-CN': '科学表演', en: 'Science show' }, startsAt: '2026-11-24T15:00:00+08:00', endsAt: '2026-11-24T16:00:00+08:00' }));
  elsewhere = (await created(request(w.t.app).post(`/api/v1/activities/${other.id}/registrations`).send({ name: '赵强', email: 'zhaoqiang@example.org', role: 'student' }))).id;
  const manage = linkSigner(resolveSecret(w.t.config)).sign(reg.lihua, 'manage');
  expect((await request(w.t.app).post(`/api/v1/registrations/${reg.lihua}/cancel?sig=${manage}`)).status).toBeLessThan(300);
  // The same signer the participant page and the confirmation email use: the QR code's real payload.
  const signer = checkInSigner(resolveSecret(w.t.config));
  payloadOf = (registrationId, occurrenceId = occurrence) => signer.sign({ registrationId, occurrenceId });
});
afterAll(() => w?.close());

const shortCodeOf = async (id: number) => {
  const code = (await w.t.db.pool.query<{ c: string }>('SELECT check_in_code AS c FROM registrations WHERE id = $1', [id])).rows[0]!.c;
  return `${code.slice(0, 3)}-${code.slice(3)}`;
};
const markOf = async (id: number, at = occurrence) => (await w.t.db.pool.query<{ status: string; method: string }>(
  'SELECT status, method FROM attendance WHERE registration_id = $1 AND occurrence_id = $2', [id, at])).rows[0];

/** Presses the camera button and waits for a fresh answer matching `outcome` and `text`; the time it took, printed by the caller. */
async function scanWithCamera(page: Page, button: string, outcome: 'ok' | 'bad', text: string): Promise<{ pressToAnswer: number; decodeToAnswer: number }> {
  await page.evaluate(() => document.getElementById('scan-result')?.setAttribute('hidden', ''));
  const started = Date.now();
  await page.getByRole('button', { name: button }).click();
  const answer = page.locator(`#scan-result.scan-${outcome}:not([hidden])`, { hasText: text });
  await answer.waitFor({ timeout: 30_000 });
  return { pressToAnswer: Date.now() - started, decodeToAnswer: Number(await answer.getAttribute('data-answer-ms')) };
}

describe('camera check-in at the door', () => {
  it('scans a QR code from the camera: green with the name, recorded; again: already in; cancelled: red', async () => {
    await writeQrVideo(VIDEO, payloadOf(reg.xiaoming));
    const watched = await signInByEmail(w, ORGANIZER, { viewport: PHONE });
    const { page } = watched;
    await page.goto(`${w.url}/organizer/attendance/${occurrence}`);
    await page.locator('#attendance-counts', { hasText: '未签到 2' }).waitFor();

    const first = await scanWithCamera(page, '用摄像头扫码', 'ok', '张小明');
    await page.locator('#scan-result', { hasText: '已签到 · 出席' }).waitFor();
    const decoder = await page.locator('#camera-view').getAttribute('data-decoder');
    expect(decoder).toMatch(/^(native|zxing)$/); // Chromium on Linux has no BarcodeDetector: ZXing reads here
    expect(await markOf(reg.xiaoming)).toEqual({ status: 'present', method: 'scan' });
    await page.locator('#attendance-counts', { hasText: '出席 1 · 迟到 0 · 缺席 0 · 未签到 1' }).waitFor();

    // The same code stays in front of the camera: not sent again. Started anew, it is: already checked in.
    await page.waitForTimeout(1_000);
    expect(await page.locator('#scan-result').textContent()).toContain('已签到 · 出席');
    await page.getByRole('button', { name: '关闭摄像头' }).click();
    const again = await scanWithCamera(page, '用摄像头扫码', 'ok', '之前已签到');
    await page.getByRole('button', { name: '关闭摄像头' }).click();

    // A cancelled registration's real QR code: red, with her name and the reason; nothing written.
    await writeQrVideo(VIDEO, payloadOf(reg.lihua));
    const refused = await scanWithCamera(page, '用摄像头扫码', 'bad', '报名已取消');
    await page.locator('#scan-result.scan-bad', { hasText: '李华' }).waitFor();
    expect(await markOf(reg.lihua)).toBeUndefined();
    await checkState(watched, {
      test: 'attendance-camera', state: 'cancelled-code', expectedConsole: [/status of 409/],
      replay: async (p, language) => {
        await p.locator('#attendance-counts').waitFor();
        await scanWithCamera(p, language === 'en' ? 'Scan with camera' : '用摄像头扫码', 'bad', language === 'en' ? 'registration was cancelled' : '报名已取消');
      },
    });
    await page.getByRole('button', { name: '关闭摄像头' }).click();
    expect(watched.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);

    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    for (const [what, t] of [['first scan (camera start included)', first], ['second scan (already in)', again], ['cancelled code', refused]] as const) {
      console.log(`camera check-in (${decoder}), ${what}: press to answer ${t.pressToAnswer} ms, decoded to answer ${t.decodeToAnswer} ms (load ${load})`);
    }
    await watched.context.close();
  });

  it('admits by the short code typed in, at 390 and 1280 px, in both languages', async () => {
    const watched = await signInByEmail(w, ORGANIZER, { viewport: PHONE });
    const { page } = watched;
    await page.goto(`${w.url}/organizer/attendance/${occurrence}`);
    await page.locator('#attendance-counts').waitFor();
    const code = await shortCodeOf(reg.wangfang);
    const typeIn = async (p: Page, label: RegExp, button: string, typed: string) => {
      await p.getByLabel(label).fill(typed);
      await p.getByRole('button', { name: button, exact: true }).click();
    };
    await typeIn(page, /^签到码/, '签到', code.toLowerCase().replace('-', ' '));
    await page.locator('#scan-result.scan-ok', { hasText: '王芳' }).filter({ hasText: '已签到 · 出席' }).waitFor();
    expect(await markOf(reg.wangfang)).toEqual({ status: 'present', method: 'scan' });
    await checkState(watched, {
      test: 'attendance-camera', state: 'short-code',
      replay: async (p, language) => {
        await p.locator('#attendance-counts').waitFor();
        await typeIn(p, language === 'en' ? /^Check-in code/ : /^签到码/, language === 'en' ? 'Check in' : '签到', code);
        await p.locator('#scan-result.scan-ok', { hasText: language === 'en' ? 'Already checked in' : '之前已签到' }).waitFor();
      },
    });
    // Refused codes: red, each saying why in the page's words. A code nobody holds; another activity's
    // registrant's code; a scanner gun typing tomorrow's QR code of the same series.
    const refused = async (typed: string, words: string) => {
      await typeIn(page, /^签到码/, '签到', typed);
      await page.locator('#scan-result.scan-bad', { hasText: words }).waitFor();
    };
    await refused('ZZZ-ZZZZ', '没有这个签到码');
    await refused(await shortCodeOf(elsewhere), '这是其他活动的签到码');
    await refused(payloadOf(reg.xiaoming, tomorrow), '这是11月25日周三 14:00场次的签到码');
    expect(await markOf(reg.xiaoming, tomorrow)).toBeUndefined();
    await watched.context.close();
  });
});
