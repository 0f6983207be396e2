import { performance } from 'node:perf_hooks';
import { benchDatabase, percentile, report } from './lib/db.ts';
import { reportsService } from '../src/reports/reports.service.ts';
import { REPORT_SECTIONS, type ReportQuery, type ReportSection } from '../src/reports/reports.schema.ts';
import { systemActor } from '../src/shared/actor.ts';
import { FixedClock } from '../src/shared/clock.ts';
import type { Pool } from '../src/db/pool.ts';

/**
 * Reports over a school year (September 2026 – August 2027) at the agreement's scale and beyond:
 * 25,000 activities (a tenth weekly series of 4), 100,000 claims (one venue and three of 20 pools
 * each; series four pools), 20,000 registrations, 20,000 deliveries. Each report section's p95 (goal
 * < 200 ms) beside a naive version measured in the same run: the rows fetched into Node and counted
 * there, which is what a report without SQL aggregation would do. The naive and the SQL numbers must agree.
 */
const SAMPLES = 20;
const YEAR: ReportQuery = { period: 'year', year: 2026 };
const ZONE = 'Asia/Shanghai';

async function seed(pool: Pool): Promise<void> {
  const started = performance.now();
  const db = await pool.connect();
  // The row triggers (bookings per claim, feed notices) would take minutes here: they are off while
  // the rows go in, and the bookings are then derived in one statement, as bookings_sync() does.
  await db.query(`SET session_replication_role = replica`);
  const units = (await pool.query<{ id: number }>(`INSERT INTO units (slug, kind, name_zh, name_en) SELECT 'u' || g, 'academy_unit', '单位' || g, 'Unit ' || g FROM generate_series(1, 5) g RETURNING id`)).rows.map((r) => r.id);
  await db.query(
    `INSERT INTO resources (unit_id, kind, name_zh, name_en, quantity, opening_hours)
     SELECT ($1::bigint[])[1 + g % 5], CASE WHEN g <= 40 THEN 'venue' ELSE 'equipment' END, 'r' || g, 'r' || g, CASE WHEN g <= 40 THEN 1 ELSE 50 END,
            CASE WHEN g <= 40 THEN '{"mon":[["08:00","18:00"]],"tue":[["08:00","18:00"]],"wed":[["08:00","18:00"]],"thu":[["08:00","18:00"]],"fri":[["08:00","18:00"]]}'::jsonb END
       FROM generate_series(1, 60) g`, [units]);
  // Activity i: a venue slot of its own (venue i % 40, two hours between 09:00 and 17:00 Beijing on day (i / 40) / 4); series (i % 10 = 0) have no venue.
  await db.query(
    `INSERT INTO activities (kind, title_zh, title_en, organizer_unit_id, starts_at, ends_at, time_zone, status, visibility, capacity, recurrence_rule, cancelled_at)
     SELECT (ARRAY['exhibition','teacher_training','summer_camp','field_visit','research_study','club_session','talent_training','science_show'])[1 + i % 8],
            '活动' || i, 'Activity ' || i, ($1::bigint[])[1 + i % 5], s, s + interval '2 hours', 'Asia/Shanghai',
            CASE WHEN i % 20 = 7 THEN 'cancelled' WHEN i % 20 = 13 THEN 'draft' ELSE 'confirmed' END,
            CASE WHEN i % 3 = 0 THEN 'internal' ELSE 'public' END, CASE WHEN i % 4 = 0 THEN NULL ELSE 30 END,
            CASE WHEN i % 10 = 0 THEN 'FREQ=WEEKLY;COUNT=4' END, CASE WHEN i % 20 = 7 THEN now() END
       FROM generate_series(1, 25000) i,
            LATERAL (SELECT timestamptz '2026-09-01 01:00+00' + ((i / 40) / 4) * interval '1 day' + (2 * ((i / 40) % 4)) * interval '1 hour' AS s) x`, [units]);
  await db.query(`UPDATE activities SET ever_confirmed = true WHERE status = 'cancelled'`);
  await db.query(
    `INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at, status)
     SELECT a.id, a.starts_at + k * interval '7 days', a.starts_at + k * interval '7 days', a.ends_at + k * interval '7 days',
            CASE WHEN a.id % 97 = 0 AND k = 1 THEN 'cancelled' ELSE 'scheduled' END
       FROM activities a, generate_series(0, 3) k WHERE k = 0 OR a.recurrence_rule IS NOT NULL`);
  await db.query(
    `INSERT INTO claims (activity_id, resource_id, quantity)
     SELECT a.id, CASE WHEN j = 0 AND a.recurrence_rule IS NULL THEN (SELECT min(id) FROM resources) + rn % 40
                       ELSE (SELECT min(id) FROM resources) + 40 + (rn + j * 7) % 20 END, 1 + j
       FROM (SELECT id, recurrence_rule, row_number() OVER (ORDER BY id) AS rn FROM activities) a, generate_series(0, 3) j`);
  await db.query(
    `INSERT INTO registrations (activity_id, email, name, role, grade, time_zone, status)
     SELECT (SELECT min(id) FROM activities) + (i * 7919) % 25000, 'p' || (i % 8000) || '@bench.example.org', 'P' || i,
            CASE WHEN i % 10 = 0 THEN 'teacher' ELSE 'student' END, CASE WHEN i % 10 = 0 THEN NULL ELSE 1 + i % 12 END, 'Asia/Shanghai',
            CASE WHEN i % 7 = 0 THEN 'waitlisted' ELSE 'confirmed' END
       FROM generate_series(1, 20000) i`);
  await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, registration_id, activity_id, recipient, status, available_at, created_at)
     SELECT 'd' || r.id, 'confirmation', r.id, r.activity_id, r.email, (ARRAY['sent','sent','sent','failed','skipped'])[1 + r.id % 5], a.starts_at - interval '3 days', a.starts_at - interval '3 days'
       FROM registrations r JOIN activities a ON a.id = r.activity_id`);
  await db.query(
    `INSERT INTO bookings (claim_id, occurrence_id, activity_id, resource_id, quantity, period, exclusive, active)
     SELECT c.id, o.id, c.activity_id, c.resource_id, c.quantity, tstzrange(o.starts_at, o.ends_at, '[)'), r.kind <> 'equipment',
            a.status IN ('requested', 'confirmed') AND o.status = 'scheduled'
       FROM claims c JOIN activities a ON a.id = c.activity_id JOIN occurrences o ON o.activity_id = c.activity_id JOIN resources r ON r.id = c.resource_id`);
  await db.query(`SET session_replication_role = DEFAULT`);
  db.release();
  await pool.query(`INSERT INTO calendar_entries (kind, name_zh, name_en, period, all_day, time_zone) VALUES ('holiday', '国庆', 'National Day', tstzrange('2026-09-30 16:00+00', '2026-10-07 16:00+00'), true, 'Asia/Shanghai')`);
  await pool.query('ANALYZE');
  const count = async (table: string) => (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  report('Seeded', { activities: await count('activities'), occurrences: await count('occurrences'), claims: await count('claims'), bookings: await count('bookings'), registrations: await count('registrations'), deliveries: await count('deliveries'), 'seconds': (performance.now() - started) / 1000 });
}

type R = Record<string, unknown>;
const monthFmt = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit' });

/** The naive twin of a section: the period's rows into Node, counted there. Returns the figure compared. */
async function naive(pool: Pool, section: ReportSection, from: Date, to: Date, now: Date): Promise<number> {
  const rows = async (sql: string) => (await pool.query<R>(sql, sql.includes('$1') ? [from, to] : [])).rows;
  const occurrences = () => rows(`SELECT o.activity_id, o.starts_at, o.ends_at, o.status, a.status AS a_status, a.kind, a.organizer_unit_id FROM occurrences o JOIN activities a ON a.id = o.activity_id WHERE o.starts_at >= $1 AND o.starts_at < $2`);
  const isHeld = (o: R) => o.status === 'scheduled' && o.a_status === 'confirmed' && (o.ends_at as Date) <= now;
  if (section === 'delivery') {
    const by = new Map<string, number>();
    for (const o of (await occurrences()).filter(isHeld)) {
      const key = `${monthFmt.format(o.starts_at as Date)}|${o.organizer_unit_id}|${o.kind}`;
      by.set(key, (by.get(key) ?? 0) + 1);
    }
    return [...by.values()].reduce((a, b) => a + b, 0);
  }
  if (section === 'reach' || section === 'demand') {
    const held = new Map<number, number>();
    for (const o of (await occurrences()).filter(isHeld)) held.set(Number(o.activity_id), (held.get(Number(o.activity_id)) ?? 0) + 1);
    const regs = await rows(`SELECT activity_id, email, status FROM registrations`);
    if (section === 'reach') return regs.filter((r) => r.status === 'confirmed').reduce((n, r) => n + (held.get(Number(r.activity_id)) ?? 0), 0);
    const live = new Set((await occurrences()).filter((o) => o.a_status === 'confirmed' && o.status === 'scheduled').map((o) => Number(o.activity_id)));
    return regs.filter((r) => r.status === 'waitlisted' && live.has(Number(r.activity_id))).length;
  }
  if (section === 'utilisation') {
    const bookings = await rows(`SELECT b.quantity, lower(b.period) AS s, upper(b.period) AS e FROM bookings b JOIN activities a ON a.id = b.activity_id JOIN occurrences o ON o.id = b.occurrence_id
      WHERE b.period && tstzrange($1, $2) AND a.status = 'confirmed' AND o.status = 'scheduled'`);
    return Math.round(bookings.reduce((n, b) => n + Number(b.quantity) * ((b.e as Date).getTime() - (b.s as Date).getTime()) / 3_600_000, 0));
  }
  if (section === 'email') return (await rows(`SELECT status FROM deliveries WHERE created_at >= $1 AND created_at < $2`)).filter((d) => d.status === 'sent').length;
  return (await rows(`SELECT id FROM commitments`)).length;
}

/** The same figure from the SQL report. */
function figure(section: ReportSection, tables: { name: string; rows: R[] }[]): number {
  const rows = (name: string) => tables.find((t) => t.name === name)!.rows;
  const sum = (list: R[], key: string) => list.reduce((n, r) => n + Number(r[key] ?? 0), 0);
  switch (section) {
    case 'delivery': return sum(rows('held'), 'held');
    case 'reach': return Number(rows('totals')[0]!.visits);
    case 'demand': return sum(rows('kinds'), 'waitlisted');
    case 'utilisation': return Math.round(sum(rows('resources'), 'bookedHours'));
    case 'email': return sum(rows('deliveries'), 'sent');
    case 'commitments': return rows('commitments').length;
  }
}

async function time(run: () => Promise<unknown>): Promise<number[]> {
  await run();
  const out: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await run();
    out.push(performance.now() - started);
  }
  return out;
}

const db = await benchDatabase(10);
try {
  await seed(db.pool);
  const clock = new FixedClock('2027-09-15T00:00:00Z');
  const reports = reportsService(db.pool, clock, ZONE);
  const from = new Date('2026-08-31T16:00:00Z'), to = new Date('2027-08-31T16:00:00Z'), now = clock.now().toJSDate();
  let failed = false;
  if (process.env.REPORTS_EXPLAIN) {
    // Where the time goes: a statement's plan with actual times (then stop). REPORTS_EXPLAIN=1 or
    // utilisation (its pools half), venues (its venues half), reach, demand or delivery.
    const { paramList } = await import('../src/reports/reports.filter.queries.ts');
    const { UTILISATION, UTILISATION_SETTINGS } = await import('../src/reports/utilisation.queries.ts');
    const { HELD_BY_MONTH, REACH } = await import('../src/reports/delivery.queries.ts');
    const { DEMAND } = await import('../src/reports/demand.queries.ts');
    const statements: Record<string, [sql: string, settings: string[], extra: unknown[]]> = {
      utilisation: [UTILISATION, UTILISATION_SETTINGS, ['equipment']], venues: [UTILISATION, UTILISATION_SETTINGS, ['venue']],
      reach: [REACH, [], []], demand: [DEMAND, [], []], delivery: [HELD_BY_MONTH, [], []],
    };
    const [sql, settings, extra] = statements[process.env.REPORTS_EXPLAIN === '1' ? 'utilisation' : process.env.REPORTS_EXPLAIN] ?? statements.utilisation!;
    const p = { from, to, zone: ZONE, unitId: null, kind: null, grade: null, classId: null, viewerAll: true, viewerUnitId: null, now };
    const client = await db.pool.connect();
    await client.query('BEGIN');
    for (const setting of settings) await client.query(setting);
    const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [...paramList(p), ...extra]);
    await client.query('ROLLBACK');
    client.release();
    process.stdout.write(`${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    process.exit(0);
  }
  for (const section of REPORT_SECTIONS) {
    const sql = await time(() => reports.report(systemActor, section, YEAR));
    const base = await time(() => naive(db.pool, section, from, to, now));
    const ours = figure(section, (await reports.report(systemActor, section, YEAR)).tables);
    const theirs = await naive(db.pool, section, from, to, now);
    if (ours !== theirs) failed = true;
    const p95 = percentile(sql, 95), naiveP95 = percentile(base, 95);
    report(`${section} (school year, admin)`, {
      'SQL report p95 ms (goal < 200)': p95, 'SQL report p50 ms': percentile(sql, 50), 'naive rows-into-Node p95 ms': naiveP95,
      'naive / SQL (p95)': naiveP95 / p95, 'figure (SQL = naive)': `${ours} ${ours === theirs ? '=' : '≠'} ${theirs}`, 'goal met': p95 < 200 ? 'yes' : 'no',
    });
  }
  if (failed) process.exitCode = 1;
} finally {
  await db.close();
}
