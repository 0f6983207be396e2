import type { Server } from 'node:http';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { seedDemoLife } from '../src/seed/demo-life.ts';
import { FixedClock } from '../src/shared/clock.ts';
import { createLogger } from '../src/shared/logger.ts';
import { benchDatabase, percentile } from './lib/db.ts';
import { scaled, summary } from './lib/summary.ts';

/**
 * The desk's first screen (issue 25, "Performance": ready in ≤ 1 s on this machine with the demo
 * data). The living demo as `npm start` leaves it (the programme and the whole term told up to the
 * clock), the app as it is served (production settings, the built desk in dist/desk), and headless
 * Chromium (/usr/bin/chromium, never downloaded): the planetarium's organizer signs in by the emailed
 * link, then the home is reloaded ROUNDS times and timed from navigation to its lists drawn
 * (`.home[data-ready]`); the planner tab likewise until its commitments are listed. Bounded: a few
 * rounds, each waited for at most 20 s. The baseline of the same run is the desk's empty HTML
 * shell (`/desk/` without its script running: the server and the network alone).
 */
const ROUNDS = scaled(7, 3);
const NOW = '2026-11-24T02:00:00Z';
const clock = new FixedClock(NOW);
const db = await benchDatabase(20);
const log = createLogger('silent');
let link = '';
const config = parseConfig({ NODE_ENV: 'production', DATABASE_URL: db.url, PUBLIC_BASE_URL: 'http://127.0.0.1', RATE_LIMIT_PER_MINUTE: '100000000', WORKER_IN_SERVER: 'false', ORRERY_SECRET: 'x'.repeat(40) });
const seeded = performance.now();
await seedDemo(db.pool, clock);
await seedDemoLife({ pool: db.pool, clock, config, log });
const seedMs = performance.now() - seeded;
const app = buildApp({ config, pool: db.pool, log, clock, signInMailer: async (_to, url) => void (link = url) });
const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
const address = server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });

async function timed(page: import('playwright-core').Page, url: string, ready: string): Promise<number> {
  const started = performance.now();
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: 20_000 });
  return performance.now() - started;
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.request.post(`${base}/api/v1/auth/sign-in`, { data: { email: 'organizer@planetarium.example.org' } });
  for (let i = 0; i < 50 && !link; i++) await new Promise((r) => setTimeout(r, 100));
  if (!link) throw new Error('no sign-in link was mailed');
  await page.goto(link.replace(/^https?:\/\/[^/]+/, base));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`${base}/desk/`);
  await page.locator('.home[data-ready]').waitFor({ timeout: 20_000 });
  const home: number[] = [];
  const planner: number[] = [];
  const shell: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    shell.push(await (async () => { const s = performance.now(); await (await fetch(`${base}/desk/`)).text(); return performance.now() - s; })());
    home.push(await timed(page, `${base}/desk/?round=${i}#home`, '.home[data-ready]'));
    planner.push(await timed(page, `${base}/desk/?round=${i}#planner`, '#commitment-form'));
  }
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  console.log(`desk first screen, ${ROUNDS} rounds after a warm-up, the living demo (seeded in ${(seedMs / 1000).toFixed(1)} s), load average ${load}`);
  console.log(`  home ready: median ${percentile(home, 50).toFixed(0)} ms, worst ${Math.max(...home).toFixed(0)} ms (goal ≤ 1,000 ms)`);
  console.log(`  planner ready: median ${percentile(planner, 50).toFixed(0)} ms, worst ${Math.max(...planner).toFixed(0)} ms`);
  console.log(`  baseline, the desk's HTML shell alone: median ${percentile(shell, 50).toFixed(1)} ms`);
  summary([
    { figure: 'desk home ready after navigation (median)', value: percentile(home, 50), unit: 'ms', goal: { op: '<=', value: 1000 }, note: `worst ${Math.max(...home).toFixed(0)} ms; shell ${percentile(shell, 50).toFixed(1)} ms` },
    { figure: 'desk planner ready after navigation (median)', value: percentile(planner, 50), unit: 'ms', note: `worst ${Math.max(...planner).toFixed(0)} ms` },
  ]);
  await context.close();
} finally {
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
  await db.close();
}
