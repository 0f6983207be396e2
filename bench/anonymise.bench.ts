import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { benchDatabase, percentile, report } from './lib/db.ts';
import { scaled, summary } from './lib/summary.ts';
import { activitiesService } from '../src/activities/activities.service.ts';
import { anonymiseDue } from '../src/privacy/personal-data.ts';
import { systemActor } from '../src/shared/actor.ts';
import { FixedClock } from '../src/shared/clock.ts';
import type { Pool } from '../src/db/pool.ts';

/**
 * Anonymising registrations past their retention (issue 30, src/privacy/personal-data.ts) while
 * bookings go on: N registrations (with guardian consents and queued emails for half) of activities
 * that ended long ago are seeded by set-based SQL; then bookings (the API's own service: an activity
 * with a venue claim, checked and locked as every booking is) are timed alone — the baseline — and
 * again while the retention job anonymises all N in its batches of 200. Goal: booking p95 during the
 * job within 1.5× of without. The issue asks 1,000,000: `--registrations=1000000` (or
 * ANONYMISE_REGISTRATIONS); the default (100,000; quick 20,000) runs in under 3 minutes on 2 cores under load (about 1,000 registrations/s at load 18).
 */
const flag = process.argv.find((a) => a.startsWith('--registrations='))?.split('=')[1] ?? process.env.ANONYMISE_REGISTRATIONS;
const N = flag ? Number(flag) : scaled(100_000, 20_000);
const CLIENTS = 4;
const BASELINE_BOOKINGS = scaled(200, 80);

async function seed(pool: Pool): Promise<{ unitId: number; venues: number[] }> {
  const unitId = (await pool.query<{ id: number }>(`INSERT INTO units (slug, kind, name_zh, name_en) VALUES ('bench', 'school', '基准', 'Bench') RETURNING id`)).rows[0]!.id;
  const venues = (await pool.query<{ id: number }>(
    `INSERT INTO resources (unit_id, kind, name_zh, name_en, quantity) SELECT $1, 'venue', 'v' || g, 'v' || g, 1 FROM generate_series(1, 64) g RETURNING id`, [unitId])).rows.map((r) => r.id);
  // 100 activities that ended in 2025, each with one occurrence; N registrations spread over them.
  await pool.query(
    `INSERT INTO activities (kind, title_zh, title_en, organizer_unit_id, starts_at, ends_at, time_zone, status)
     SELECT 'field_visit', '旧' || g, 'old ' || g, $1, '2025-03-01T01:00:00Z'::timestamptz + g * interval '1 day', '2025-03-01T07:00:00Z'::timestamptz + g * interval '1 day', 'Asia/Shanghai', 'confirmed'
       FROM generate_series(1, 100) g`, [unitId]);
  await pool.query(`INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at) SELECT id, starts_at, starts_at, ends_at FROM activities`);
  await pool.query(
    `INSERT INTO registrations (activity_id, email, name, role, grade, class_name, time_zone, status, confirmed_at)
     SELECT a.id, 'pupil' || g || '@school.example.org', '学生' || g, 'student', 1 + g % 12, (1 + g % 9) || '班', 'Asia/Shanghai', 'confirmed', a.starts_at
       FROM generate_series(1, $1::int) g JOIN (SELECT id, starts_at, row_number() OVER (ORDER BY id) - 1 AS k FROM activities) a ON a.k = g % 100`, [N]);
  await pool.query(
    `INSERT INTO consents (registration_id, guardian_email, status, requested_at, answered_at, updated_at)
     SELECT id, 'guardian' || id || '@home.example.org', 'given', created_at, created_at, created_at FROM registrations WHERE id % 2 = 0`);
  await pool.query(
    `INSERT INTO deliveries (dedupe_key, kind, registration_id, activity_id, recipient, status, available_at, sent_at)
     SELECT 'confirmation:' || id || ':1', 'confirmation', id, activity_id, email, 'sent', created_at, created_at FROM registrations WHERE id % 2 = 1`);
  await pool.query('ANALYZE');
  return { unitId, venues };
}

/** CLIENTS concurrent clients book until `enough()`; each booking's latency in ms. */
async function book(pool: Pool, unitId: number, venues: number[], from: number, enough: (done: number) => boolean): Promise<number[]> {
  const activities = activitiesService(pool, undefined, { clock: new FixedClock('2027-09-01T00:00:00Z'), holdExpiryHours: 72 });
  const times: number[] = [];
  let next = from;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (!enough(times.length)) {
      const i = next++;
      const start = new Date(Date.UTC(2028, 0, 1, 1) + Math.floor(i / venues.length) * 3_600_000 * 3);
      const started = performance.now();
      await activities.create(systemActor, {
        kind: 'science_show', title: { 'zh-CN': '压测', en: 'Bench' }, organizerUnitId: unitId, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
        timeZone: 'Asia/Shanghai', allDay: false, status: 'confirmed', visibility: 'public', audienceGrades: [], languages: ['zh-CN'],
        claims: [{ resourceId: venues[i % venues.length]!, quantity: 1, setupMinutes: 0, teardownMinutes: 0 }],
      } as never);
      times.push(performance.now() - started);
    }
  }));
  return times;
}

const db = await benchDatabase(20);
try {
  const seeded = performance.now();
  const { unitId, venues } = await seed(db.pool);
  const seedSeconds = (performance.now() - seeded) / 1000;
  // Warm up, then the baseline: bookings alone.
  await book(db.pool, unitId, venues, 0, (n) => n >= 20);
  const alone = await book(db.pool, unitId, venues, 1_000, (n) => n >= BASELINE_BOOKINGS);
  // The same bookings while the retention job anonymises all N (the clock far past the retention).
  let jobDone = false;
  const jobStarted = performance.now();
  const job = anonymiseDue(db.pool, new FixedClock('2027-09-01T00:00:00Z'), { registrationDays: 180, certificateDays: 1825 }).finally(() => { jobDone = true; });
  const during = await book(db.pool, unitId, venues, 100_000, (n) => jobDone && n >= BASELINE_BOOKINGS);
  const done = await job;
  const jobSeconds = (performance.now() - jobStarted) / 1000;
  const left = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations WHERE anonymised_at IS NULL')).rows[0]!.n;
  const [p95Alone, p95During] = [percentile(alone, 95), percentile(during, 95)];
  const load = os.loadavg()[0]!;
  report(`anonymising ${N.toLocaleString('en-US')} registrations beside bookings (${CLIENTS} booking clients, batches of 200)`, {
    'registrations seeded (set-based SQL), s': seedSeconds,
    'registrations anonymised / left': `${done.registrations} / ${left}`,
    'job: seconds': jobSeconds,
    'job: registrations/s': done.registrations / jobSeconds,
    'baseline (bookings alone): p50 / p95 ms': `${percentile(alone, 50).toFixed(1)} / ${p95Alone.toFixed(1)} (${alone.length} bookings)`,
    'during the job: p50 / p95 ms': `${percentile(during, 50).toFixed(1)} / ${p95During.toFixed(1)} (${during.length} bookings)`,
    'ratio p95 during / alone (goal ≤ 1.5)': p95During / p95Alone,
    'load average (1 min), cores': `${load.toFixed(1)}, ${os.cpus().length}`,
  });
  summary([{ figure: `booking p95 during anonymisation / alone (${N.toLocaleString('en-US')} registrations)`, value: p95During / p95Alone, goal: { op: '<=', value: 1.5 }, note: `${done.registrations} anonymised in ${jobSeconds.toFixed(0)} s` }]);
} finally {
  await db.close();
}
