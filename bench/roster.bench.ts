import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { benchDatabase, percentile, report } from './lib/db.ts';
import { scaled, summary } from './lib/summary.ts';
import { buildApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { authService } from '../src/auth/auth.service.ts';
import { createLogger } from '../src/shared/logger.ts';
import { FixedClock } from '../src/shared/clock.ts';

/**
 * The field-visit day's roster (issue 26): a visit of N registrants (200) today. Through the whole app
 * on loopback and Debian's headless Chromium at 390 px: the roster page opened online once (the day
 * before), then with the network off, timed from the navigation to the count on screen (goal ≤ 2 s);
 * scans typed into the page offline, timed from the key press to the answer on screen (goal ≤ 200 ms;
 * measured from Node, so the DevTools round trip is in it); then one sync request of N queued marks
 * (goal ≤ 1 s), beside a baseline in the same run: the same request again, every mark a duplicate.
 * Printed, never asserted. Needs the desk built (npm install / npm run desk:build).
 */
const N = scaled(200, 60);
const SCANS = scaled(40, 10);
const DAY = '2026-11-24';
const db = await benchDatabase(20);
const clock = new FixedClock('2026-11-24T02:00:00Z');
const config = parseConfig({ DATABASE_URL: db.url, PUBLIC_BASE_URL: 'http://127.0.0.1', WORKER_IN_SERVER: 'false', ORRERY_SECRET: 'x'.repeat(40), RATE_LIMIT_PER_MINUTE: '100000000', REGISTRATION_RATE_LIMIT: '100000000' });
const app = buildApp({ config, pool: db.pool, log: createLogger('silent'), clock });
const server = app.listen(0, '127.0.0.1');
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });

try {
  const auth = authService(db.pool, clock, config, async () => undefined);
  const { apiToken } = await auth.bootstrapUser({ email: 'bench-admin@example.org', name: 'admin', unitId: null, role: 'admin' });
  const admin = { Authorization: `Bearer ${apiToken.token}`, 'Content-Type': 'application/json' };
  const post = async (path: string, body: unknown, headers: Record<string, string> = admin) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const unit = await post('/api/v1/units', { slug: 'bench-school', kind: 'school', name: { 'zh-CN': '学校', en: 'School' } });
  const organizer = await auth.bootstrapUser({ email: 'bench-organizer@example.org', name: '组织者', unitId: unit.id as number, role: 'organizer' });
  // A kind without consent, leaving the school by its destination: every mark counts.
  const visit = await post('/api/v1/activities', { kind: 'science_show', title: { 'zh-CN': '科技馆参观', en: 'Science museum' }, organizerUnitId: unit.id, status: 'confirmed',
    startsAt: '2026-11-24T14:00:00+08:00', endsAt: '2026-11-24T17:00:00+08:00', timeZone: 'Asia/Shanghai', destination: '科技馆' });
  for (let i = 0; i < N; i++) await post(`/api/v1/activities/${visit.id}/registrations`, { name: `学生${i}`, email: `b${i}@example.org`, role: 'student', grade: 8, language: 'zh-CN' }, {});

  // The phone: a session cookie, the page opened online, then offline.
  const session = await auth.completeSignIn((await auth.issueSignInLink(organizer.user.id)).split('/').pop()!);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  // The phone's clock on the server's day: a roster opened after its expiry is erased, not shown.
  await context.clock.install({ time: clock.now().toJSDate() });
  await context.addCookies([{ name: 'orrery_session', value: session.token, url }]);
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') process.stdout.write(`page: ${m.text()}\n`); });
  await page.goto(`${url}/desk/roster.html?date=${DAY}`);
  await page.getByTestId('count').getByText(`签到：0 / ${N} 人`).waitFor({ timeout: 60_000 })
    .catch(async (error) => { throw new Error(`the roster did not open: ${await page.locator('body').innerText()}`, { cause: error }); });
  await page.waitForFunction(() => document.body.dataset.offlineReady === 'true', undefined, { timeout: 60_000 });
  await context.setOffline(true);
  const opened = performance.now();
  await page.reload({ waitUntil: 'commit' });
  await page.getByTestId('count').getByText(`签到：0 / ${N} 人`).waitFor({ timeout: 60_000 })
    .catch(async (error) => { throw new Error(`the roster did not open offline: ${await page.locator('body').innerText()}`, { cause: error }); });
  const openMs = performance.now() - opened;

  const roster = await (await fetch(`${url}/api/v1/rosters/${DAY}`, { headers: { Authorization: `Bearer ${organizer.apiToken.token}` } })).json() as { signature: string; visits: { occurrenceId: number; people: { registrationId: number; shortCode: string; name: string }[] }[] };
  const people = roster.visits[0]!.people;
  const field = page.locator('.scan input');
  const scans: number[] = [];
  for (const person of people.slice(0, SCANS)) {
    await field.fill(person.shortCode);
    const started = performance.now();
    await field.press('Enter');
    await page.getByTestId('result').getByText(`${person.name}：签到已记录`).waitFor();
    scans.push(performance.now() - started);
  }

  // One sync request of N marks (what a phone sends after a morning offline), then the same again.
  const marks = people.map((p, i) => ({ markId: `bench-mark-${i}-${Date.now()}`, occurrenceId: roster.visits[0]!.occurrenceId, registrationId: p.registrationId, step: 'left_school', method: 'tap', deviceTime: '2026-11-24T13:40:00+08:00', device: 'bench-phone' }));
  const timedSync = async () => {
    const started = performance.now();
    const answer = await post('/api/v1/rosters/sync', { signature: roster.signature, marks }, {}) as { marks: { outcome: string }[] };
    return { ms: performance.now() - started, outcomes: answer.marks.map((m) => m.outcome) };
  };
  const first = await timedSync();
  const again = await timedSync();
  if (first.outcomes.some((o) => o !== 'accepted') || again.outcomes.some((o) => o !== 'duplicate')) throw new Error('sync outcomes not as expected');

  const load = os.loadavg()[0]!.toFixed(2);
  report(`roster: ${N} registrants, ${SCANS} offline scans (load ${load}, ${os.cpus().length} cores)`, {
    'open offline → roster on screen (ms)': openMs,
    'scan → answer on screen p50 (ms)': percentile(scans, 50),
    'scan → answer on screen max (ms)': Math.max(...scans),
    [`sync of ${N} marks, one request (ms)`]: first.ms,
    [`same sync again, all duplicates (ms)`]: again.ms,
  });
  summary([
    { figure: `roster of ${N} on screen offline after open`, value: openMs, unit: 'ms', goal: { op: '<=', value: 2000 } },
    { figure: 'offline scan → answer p50', value: percentile(scans, 50), unit: 'ms', goal: { op: '<=', value: 200 }, note: `max ${Math.max(...scans).toFixed(0)} ms over ${SCANS}` },
    { figure: `sync of ${N} marks in one request`, value: first.ms, unit: 'ms', goal: { op: '<=', value: 1000 }, note: `again, all duplicates: ${again.ms.toFixed(0)} ms` },
  ]);
} finally {
  await browser.close();
  server.close();
  await db.close();
}
