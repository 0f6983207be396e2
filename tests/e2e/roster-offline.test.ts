/// <reference lib="dom" />
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authService } from '../../src/auth/auth.service.ts';
import { linkSigner, resolveSecret } from '../../src/auth/signed-links.ts';
import type { WatchedPage } from '../helpers/browser.ts';
import { checkState } from '../helpers/page-checks.ts';
import { signInByEmail } from '../helpers/sign-in.ts';
import { startWebTest, type WebTest } from '../helpers/web.ts';

/**
 * The field-visit day's roster on phones with the network off (issue 26 item 2, its second and third
 * "Done when"; docs/field-visits.md): a visit of 40 pupils and 3 teachers today (24 November 2026,
 * 14:00 Beijing time). The phone opens the roster online, goes offline, is reloaded from its service
 * worker, takes 40 check-ins by scan and tap and head counts at two steps, and syncs on reconnecting;
 * a second phone marks the same teacher offline later; the roster is erased from the device after.
 */
vi.setConfig({ testTimeout: 600_000 });
let w: WebTest;
let school: number;
let organizer: { Authorization: string };
const EMAIL = 'organizer@roster-school.example.org';
const DATE = '2026-11-24';
beforeAll(async () => {
  w = await startWebTest({ CONSENT_KINDS: 'field_visit,research_study,summer_camp' });
  school = (await request(w.t.app).post('/api/v1/units').set(w.t.admin).send({ slug: 'roster-school', kind: 'school', name: { 'zh-CN': '育才中学', en: 'Yucai Middle School' } })).body.id;
  const { apiToken } = await authService(w.t.db.pool, w.t.clock, w.t.config, async () => undefined).bootstrapUser({ email: EMAIL, name: '赵老师', unitId: school, role: 'organizer' });
  organizer = { Authorization: `Bearer ${apiToken.token}` };
}, 120_000);
afterAll(() => w?.close());

async function visitOf40(): Promise<{ id: number; pupils: { id: number; name: string }[] }> {
  const created = await request(w.t.app).post('/api/v1/activities').set(organizer).send({
    kind: 'field_visit', title: { 'zh-CN': '麋鹿苑考察', en: 'Milu Park visit' }, organizerUnitId: school, status: 'confirmed',
    startsAt: '2026-11-24T14:00:00+08:00', endsAt: '2026-11-24T17:00:00+08:00', timeZone: 'Asia/Shanghai',
    destination: '南海子麋鹿苑', meetingPoint: '学校东门', meetingAt: '2026-11-24T13:30:00+08:00', contact: '王老师', contactPhone: '010-6702-4431', transport: '校车',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const sign = linkSigner(resolveSecret(w.t.config));
  const pupils: { id: number; name: string }[] = [];
  for (let i = 1; i <= 40; i++) {
    const name = `学生${String(i).padStart(2, '0')}`;
    const r = await request(w.t.app).post(`/api/v1/activities/${created.body.id}/registrations`)
      .send({ name, email: `p${i}@roster-school.example.org`, role: 'student', grade: 8, class: '初二（3）班', language: 'zh-CN', guardianEmail: `g${i}@roster-home.example.org` });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await request(w.t.app).post(`/api/v1/consents/${r.body.id}/give?sig=${encodeURIComponent(sign.sign(r.body.id, 'consent'))}`)).status).toBe(200);
    pupils.push({ id: r.body.id, name });
  }
  for (let i = 1; i <= 3; i++) {
    expect((await request(w.t.app).post(`/api/v1/activities/${created.body.id}/registrations`).send({ name: `带队老师${i}`, email: `t${i}@roster-school.example.org`, role: 'teacher', language: 'zh-CN' })).status).toBe(201);
  }
  return { id: created.body.id, pupils };
}

/** A phone signed in, with the roster opened online and kept for offline use. */
async function phone(): Promise<WatchedPage> {
  const p = await signInByEmail(w, EMAIL, { viewport: { width: 390, height: 844 }, desk: true });
  await p.page.goto(`${w.url}/desk/roster.html?date=${DATE}`);
  await p.page.getByTestId('count').getByText('签到：0 / 43 人').waitFor();
  await p.page.waitForFunction(() => document.body.dataset.offlineReady === 'true', undefined, { timeout: 30_000 });
  return p;
}

const databases = (p: WatchedPage) => p.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
/** A name's button: its accessible name is the name, then the class and role (学生01 is not 学生010). */
const tap = (p: WatchedPage, name: string) => p.page.getByTestId('missing').getByRole('button', { name: new RegExp(`^${name}(?!\\d)`) }).click();
async function scan(p: WatchedPage, code: string) {
  const field = p.page.locator('.scan input');
  await field.fill(code);
  await field.press('Enter');
}
const step = (p: WatchedPage, name: string) => p.page.locator('.steps').getByText(name, { exact: true }).click();
const count = (p: WatchedPage, text: string) => p.page.getByTestId('count').getByText(text).waitFor();

describe('the roster with the network off', () => {
  it('takes 40 check-ins and two head counts offline and syncs them once; two phones keep the earlier mark; the roster is erased after', async () => {
    const v = await visitOf40();
    const roster = (await request(w.t.app).get(`/api/v1/rosters/${DATE}`).set(organizer)).body as { visits: { activityId: number; occurrenceId: number; people: { registrationId: number; shortCode: string; payload: string }[] }[] };
    const people = roster.visits.find((x) => x.activityId === v.id)!.people;
    const codeOf = (id: number) => people.find((p) => p.registrationId === id)!;
    const a = await phone();
    const b = await phone();
    expect(await databases(a)).toContain('orrery-roster');
    // The page as opened the day before, in both languages at 390 and 1280 px (axe, overflow, words).
    await checkState(b, { test: 'roster', state: 'opened' });
    await b.page.setViewportSize({ width: 390, height: 844 });

    // Phone A: offline, reloaded from its service worker and IndexedDB.
    await a.context.setOffline(true);
    await a.page.reload();
    await count(a, '签到：0 / 43 人');
    await a.page.getByText('离线', { exact: true }).waitFor();
    const started = Date.now();
    for (const [i, pupil] of v.pupils.entries()) {
      if (i < 10) await scan(a, codeOf(pupil.id).payload);
      else if (i < 20) await scan(a, codeOf(pupil.id).shortCode.toLowerCase().replace('-', ' '));
      else await tap(a, pupil.name);
      await count(a, `签到：${i + 1} / 43 人`);
    }
    console.log(`roster e2e: 40 offline check-ins in ${Date.now() - started} ms`);
    expect(await a.page.getByTestId('result').innerText()).toBe('学生40：签到已记录');
    // A code of another day is refused on the phone, offline.
    await scan(a, 'ABC-DEFG');
    expect(await a.page.getByTestId('result').innerText()).toBe('不在本次名单中（其他活动或其他日期的签到码）');
    await count(a, '签到：40 / 43 人');
    expect(await a.page.getByTestId('missing').innerText()).toContain('带队老师1');
    // Head counts at two steps: who is missing stays on screen.
    await step(a, '离校');
    for (const pupil of v.pupils.slice(0, 5)) await tap(a, pupil.name);
    await count(a, '离校：5 / 43 人');
    await a.page.getByTestId('finish-count').click();
    await a.page.getByTestId('result').getByText('离校清点已记录：5 / 43 人').waitFor();
    await step(a, '到达');
    for (const pupil of v.pupils.slice(0, 3)) await tap(a, pupil.name);
    await a.page.getByTestId('finish-count').click();
    await a.page.getByTestId('result').getByText('到达清点已记录：3 / 43 人').waitFor();
    expect(await a.page.getByTestId('missing').innerText()).toContain('学生04');
    await a.screenshot('roster-offline-zh-390');
    // The same teacher checked in on both phones, offline: A at 13:50, B at 13:55 (Beijing time).
    await step(a, '签到');
    await a.context.clock.setSystemTime(new Date('2026-11-24T05:50:00Z'));
    await tap(a, '带队老师1');
    await b.context.setOffline(true);
    await b.context.clock.setSystemTime(new Date('2026-11-24T05:55:00Z'));
    await tap(b, '带队老师1');
    await count(b, '签到：1 / 43 人');
    expect(await w.t.db.pool.query('SELECT count(*)::int AS n FROM roster_marks').then((r) => r.rows[0].n)).toBe(0);

    // B reconnects first, then A: the earlier mark (A's) counts; nothing twice.
    await b.context.setOffline(false);
    await b.page.getByTestId('queued').getByText('已全部同步').waitFor({ timeout: 30_000 });
    await a.context.setOffline(false);
    await a.page.getByTestId('queued').getByText('已全部同步').waitFor({ timeout: 30_000 });
    await a.page.getByText('带队老师1：另一台设备也标记了签到，以较早的时间为准').waitFor();
    const occurrence = roster.visits.find((x) => x.activityId === v.id)!.occurrenceId;
    const kept = await w.t.db.pool.query(
      `SELECT m.step, r.role, count(*)::int AS n, count(DISTINCT m.registration_id)::int AS people FROM roster_marks m JOIN registrations r ON r.id = m.registration_id
        WHERE m.occurrence_id = $1 AND m.refused IS NULL GROUP BY m.step, r.role ORDER BY m.step, r.role`, [occurrence]);
    expect(kept.rows).toEqual([
      { step: 'arrived', role: 'student', n: 3, people: 3 },
      { step: 'check_in', role: 'student', n: 40, people: 40 },
      { step: 'check_in', role: 'teacher', n: 1, people: 1 },
      { step: 'left_school', role: 'student', n: 5, people: 5 },
    ]);
    const teacher = await w.t.db.pool.query(`SELECT m.device_time, m.refused FROM roster_marks m JOIN registrations r ON r.id = m.registration_id WHERE m.occurrence_id = $1 AND r.name = '带队老师1' ORDER BY m.device_time`, [occurrence]);
    expect(teacher.rows.map((r) => [r.device_time.toISOString().slice(0, 16), r.refused])).toEqual([['2026-11-24T05:50', null], ['2026-11-24T05:55', 'superseded']]);
    const counts = await w.t.db.pool.query('SELECT step, counted, expected, cardinality(missing) AS missing FROM roster_head_counts WHERE occurrence_id = $1 AND refused IS NULL ORDER BY step', [occurrence]);
    expect(counts.rows).toEqual([{ step: 'arrived', counted: 3, expected: 43, missing: 40 }, { step: 'left_school', counted: 5, expected: 43, missing: 38 }]);
    expect((await w.t.db.pool.query("SELECT count(*)::int AS n FROM attendance WHERE occurrence_id = $1 AND status = 'present'", [occurrence])).rows[0].n).toBe(41);

    // After the visit: erased from phone A; signing out erases phone B's.
    await a.page.getByRole('button', { name: '活动结束：从本机清除名单' }).click();
    await a.page.getByRole('button', { name: '清除', exact: true }).click();
    await a.page.getByText('名单已从本机清除。').waitFor();
    expect(await databases(a)).not.toContain('orrery-roster');
    await b.page.getByRole('button', { name: '退出登录' }).click();
    await b.page.waitForURL(/\/organizer/);
    expect(await databases(b)).not.toContain('orrery-roster');
    expect([...a.errors, ...b.errors].filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  });
});
