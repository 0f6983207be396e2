import { afterAll, describe, expect, it } from 'vitest';
import { loadavg } from 'node:os';
import { FixedClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { demoTerm, seedDemo } from '../../src/seed/demo.ts';
import { seedDemoLife } from '../../src/seed/demo-life.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';

/**
 * The living demo never goes stale (issue 25): started at any date, the demo term is the term on then
 * or the next one, so the programme, the grid, the home and the reports hold a real programme. The
 * seed runs as `npm start` runs it (the programme, then the living term), with the app's clock set to
 * a date in the spring term and to one in the summer holidays; the time to ready is printed.
 */
const contexts: TestContext[] = [];
afterAll(async () => { for (const t of contexts) await t.close(); });

async function startAt(now: string): Promise<{ t: TestContext; programmeMs: number; termMs: number }> {
  const clock = new FixedClock(now);
  const t = await startTestApp({ clock, env: { CONSENT_KINDS: 'field_visit,research_study,summer_camp' } });
  contexts.push(t);
  const started = performance.now();
  await seedDemo(t.db.pool, clock);
  const programmeMs = performance.now() - started;
  const life = await seedDemoLife({ pool: t.db.pool, clock, config: t.config, log: createLogger('silent') });
  const termMs = performance.now() - started - programmeMs;
  console.log(`demo started at ${now}: programme in ${Math.round(programmeMs)} ms, living term ${JSON.stringify(life)} in ${Math.round(termMs)} ms (load ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  return { t, programmeMs, termMs };
}

const one = async <T>(t: TestContext, sql: string, params: unknown[] = []) => (await t.db.pool.query(sql, params)).rows[0] as T;

describe('the demo term follows the clock', () => {
  it('names the term on now, or the next one in the holidays', () => {
    const at = (iso: string) => demoTerm(new FixedClock(iso).now());
    expect(at('2026-12-07T02:00:00Z').code).toBe('autumn-2026');
    expect(at('2027-01-19T02:00:00Z').code).toBe('autumn-2026');
    expect(at('2027-02-01T02:00:00Z').code).toBe('spring-2027');
    expect(at('2027-03-15T02:00:00Z').code).toBe('spring-2027');
    expect(at('2027-07-10T02:00:00Z').code).toBe('spring-2027');
    expect(at('2027-07-20T02:00:00Z').code).toBe('autumn-2027');
    expect(at('2027-09-01T02:00:00Z').code).toBe('autumn-2027');
  });

  for (const [now, term, season] of [['2027-03-15T02:00:00Z', 'spring-2027', 'Spring term'], ['2027-07-20T02:00:00Z', 'autumn-2027', 'Autumn term']] as const) {
    it(`started on ${now.slice(0, 10)}: the ${term} term planned and accepted, a programme ahead`, async () => {
      const { t } = await startAt(now);
      // The term's commitments, planned through the planner and accepted.
      const commitments = (await t.api.get(`/api/v1/commitments?term=${term}`)).body as unknown[];
      expect(commitments.length).toBeGreaterThanOrEqual(5);
      const plan = await one<{ status: string; booked: number }>(t,
        `SELECT status, (SELECT count(*)::int FROM plan_bookings b WHERE b.plan_id = p.id) AS booked FROM plans p WHERE term = $1::text ORDER BY id DESC LIMIT 1`, [term]);
      expect(plan).toMatchObject({ status: 'accepted' });
      expect(plan.booked).toBeGreaterThanOrEqual(20);
      // The term is in the school's calendar by its season's name (the planner names it so).
      const entry = await one<{ n: number }>(t, `SELECT count(*)::int AS n FROM calendar_entries WHERE kind = 'term' AND name_en = $1::text AND upper(period) > $2::timestamptz`, [season, now]);
      expect(entry.n).toBe(1);
      // A real programme ahead: confirmed sessions coming, the first of them in the term's first weeks
      // (in the summer holidays the programme starts with the coming term).
      const coming = await one<{ n: number; first: string }>(t,
        `SELECT count(*)::int AS n, min(o.starts_at)::text AS first FROM occurrences o JOIN activities a ON a.id = o.activity_id
          WHERE a.status = 'confirmed' AND o.starts_at > $1::timestamptz`, [now]);
      expect(coming.n).toBeGreaterThanOrEqual(20);
      const { start, end } = demoTerm(new FixedClock(now).now());
      expect(Date.parse(coming.first)).toBeLessThan(Math.max(Date.parse(now), start.toMillis()) + 21 * 86_400_000);
      // The term's booked sessions lie inside the term, many of them still ahead.
      const booked = await one<{ outside: number; ahead: number }>(t,
        `SELECT count(*) FILTER (WHERE o.starts_at < $2::timestamptz OR o.starts_at > $3::timestamptz)::int AS outside, count(*) FILTER (WHERE o.starts_at >= $1::timestamptz)::int AS ahead
           FROM plan_bookings b JOIN plans p ON p.id = b.plan_id JOIN occurrences o ON o.activity_id = b.activity_id WHERE p.term = $4::text`,
        [now, start.toISO(), end.plus({ days: 1 }).toISO(), term]);
      expect(booked.outside).toBe(0);
      expect(booked.ahead).toBeGreaterThanOrEqual(15);
    }, 300_000);
  }
});
