import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { seedDemoLife } from '../../src/seed/demo-life.ts';
import { tableCounts } from '../helpers/db.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';

/**
 * The living demo term (issue 25, "A living demo"): on first start the demo holds a whole term told
 * up to today, made through the services the API uses: the planner's plan accepted, people
 * registered (a waitlist), sessions that are over marked, certificates, loans (one overdue), a request
 * waiting for its approval and a hold about to lapse.
 */
const NOW = '2026-12-07T02:00:00Z'; // a Monday morning in Beijing, in the middle of the autumn term
let t: TestContext;
let summary: Awaited<ReturnType<typeof seedDemoLife>>;
beforeAll(async () => {
  const clock = new FixedClock(NOW);
  t = await startTestApp({ clock, env: { CONSENT_KINDS: 'field_visit,research_study,summer_camp' } });
  await seedDemo(t.db.pool, clock);
  const started = performance.now();
  summary = await seedDemoLife({ pool: t.db.pool, clock, config: t.config, log: createLogger('silent') });
  console.log(`living demo term: ${JSON.stringify(summary)} in ${Math.round(performance.now() - started)} ms`);
}, 300_000); // the living term takes minutes on a loaded 2-core machine
afterAll(() => t.close());

const one = async <T>(sql: string, params: unknown[] = []) => (await t.db.pool.query(sql, params)).rows[0] as T;

describe('the living demo term', () => {
  it('holds a planned programme of at least 40 confirmed activities across at least 8 weeks, accepted through the planner', async () => {
    const plan = await one<{ status: string; booked: number }>(`SELECT status, (SELECT count(*)::int FROM plan_bookings b WHERE b.plan_id = p.id) AS booked FROM plans p ORDER BY id LIMIT 1`);
    expect(plan).toMatchObject({ status: 'accepted' });
    expect(plan.booked).toBeGreaterThanOrEqual(25);
    const spread = await one<{ n: number; weeks: number }>(
      `SELECT count(DISTINCT a.id)::int AS n, count(DISTINCT date_trunc('week', o.starts_at AT TIME ZONE 'Asia/Shanghai'))::int AS weeks
         FROM activities a JOIN occurrences o ON o.activity_id = a.id WHERE a.status = 'confirmed'`);
    expect(spread.n).toBeGreaterThanOrEqual(40);
    expect(spread.weeks).toBeGreaterThanOrEqual(8);
    // Past and coming weeks both hold sessions: the programme is alive on the day it is started.
    const sides = await one<{ past: number; coming: number }>(
      `SELECT count(*) FILTER (WHERE o.ends_at < $1::timestamptz)::int AS past, count(*) FILTER (WHERE o.starts_at > $1::timestamptz)::int AS coming
         FROM occurrences o JOIN activities a ON a.id = o.activity_id WHERE a.status = 'confirmed'`, [NOW]);
    expect(sides.past).toBeGreaterThanOrEqual(10);
    expect(sides.coming).toBeGreaterThanOrEqual(10);
  });

  it('has registrations, a waitlist, attendance marked on sessions that are over, and teacher-training certificates', async () => {
    const regs = await one<{ confirmed: number; waitlisted: number }>(
      `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted FROM registrations`);
    expect(regs.confirmed).toBeGreaterThanOrEqual(50);
    expect(regs.waitlisted).toBeGreaterThanOrEqual(1);
    const marks = await one<{ present: number; absent: number; future: number }>(
      `SELECT count(*) FILTER (WHERE m.status = 'present')::int AS present, count(*) FILTER (WHERE m.status = 'absent')::int AS absent,
              count(*) FILTER (WHERE o.starts_at > $1::timestamptz)::int AS future
         FROM attendance m JOIN occurrences o ON o.id = m.occurrence_id`, [NOW]);
    expect(marks.present).toBeGreaterThanOrEqual(20);
    expect(marks.absent).toBeGreaterThanOrEqual(1);
    expect(marks.future).toBe(0);
    expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM certificates WHERE superseded_at IS NULL`)).n).toBeGreaterThanOrEqual(1);
    const consent = await one<{ n: number }>(`SELECT count(*)::int AS n FROM consents WHERE status = 'pending'`);
    expect(consent.n).toBeGreaterThanOrEqual(1);
  });

  it('has equipment out on loan with one loan overdue, a request waiting for approval and a hold about to lapse', async () => {
    const loans = await one<{ open: number; overdue: number; closed: number }>(
      `SELECT count(*) FILTER (WHERE closed_at IS NULL)::int AS open, count(*) FILTER (WHERE closed_at IS NULL AND due_back < $1::timestamptz)::int AS overdue,
              count(*) FILTER (WHERE closed_at IS NOT NULL)::int AS closed FROM loans`, [NOW]);
    expect(loans).toEqual({ open: 2, overdue: 1, closed: 1 });
    const holds = (await t.db.pool.query<{ hours: number }>(
      `SELECT (extract(epoch FROM hold_expires_at - $1::timestamptz) / 3600)::float8 AS hours FROM activities WHERE status = 'requested' AND hold_expires_at > $1::timestamptz ORDER BY hold_expires_at`, [NOW])).rows;
    expect(holds.length).toBeGreaterThanOrEqual(2);
    expect(holds[0]!.hours).toBeLessThan(6);
    const queue = await t.api.get('/api/v1/approvals');
    expect(queue.status).toBe(200);
    expect(JSON.stringify(queue.body)).toContain('Astronomy club star-gazing evening');
  });

  it('adds nothing when it runs again', async () => {
    const before = await tableCounts(t.db.pool);
    const again = await seedDemoLife({ pool: t.db.pool, clock: new FixedClock(NOW), config: t.config, log: createLogger('silent') });
    expect(again).toEqual({ planned: 0, registrations: 0, marked: 0, loans: 0, requests: 0 });
    expect({ ...(await tableCounts(t.db.pool)), audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
  });
});
