import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/shared/clock.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { createTestDatabase } from '../helpers/db.ts';

/** The demo programme books cleanly (no conflict, no blocked time) whatever school year it lands in. */
describe('demo programme bookings', () => {
  it.each(['2026-11-24T02:00:00Z', '2027-10-01T02:00:00Z', '2029-09-03T02:00:00Z', '2030-09-02T02:00:00Z'])('seeds the school year of %s', async (now) => {
    const db = await createTestDatabase(4);
    try {
      await seedDemo(db.pool, new FixedClock(now));
      const club = await db.pool.query<{ n: number; rule: string; hours: string[] }>(
        `SELECT count(o.*)::int AS n, a.recurrence_rule AS rule, array_agg(DISTINCT to_char(o.starts_at AT TIME ZONE 'Asia/Shanghai', 'Dy HH24:MI')) AS hours
           FROM activities a JOIN occurrences o ON o.activity_id = a.id WHERE a.kind = 'club_session' GROUP BY a.id`);
      expect(club.rows).toHaveLength(1);
      expect(club.rows[0]).toMatchObject({ n: 10, rule: 'FREQ=WEEKLY;COUNT=10' });
      expect(club.rows[0]!.hours).toHaveLength(1);
      const statuses = await db.pool.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM activities GROUP BY status ORDER BY status');
      expect(Object.fromEntries(statuses.rows.map((r) => [r.status, r.n]))).toEqual({ confirmed: 8, requested: 1, draft: 1 });
      const entries = await db.pool.query<{ kind: string }>('SELECT kind FROM calendar_entries ORDER BY kind');
      expect(entries.rows.map((r) => r.kind)).toEqual(['exam_week', 'holiday', 'makeup_workday', 'term']);
      const approvals = await db.pool.query<{ approval: string }>(`SELECT DISTINCT approval FROM claims c JOIN activities a ON a.id = c.activity_id WHERE a.status = 'confirmed'`);
      expect(approvals.rows.map((r) => r.approval).sort()).toEqual(['approved', 'not_needed']);
    } finally {
      await db.drop();
    }
  });
});
