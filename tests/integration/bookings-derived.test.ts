import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * The derived tables (bookings, class_bookings) are kept by statement-level triggers (migration 0022).
 * Every many-row statement below must leave them equal to a fresh derivation from claims, occurrences,
 * activities and activity_classes, as the row triggers did.
 */
const DRIFT = `
  WITH fresh_classes AS (
    SELECT ac.class_id, o.id AS occurrence_id, o.activity_id, tstzrange(o.starts_at, o.ends_at, '[)') AS period,
           a.status IN ('requested', 'confirmed') AND o.status = 'scheduled' AS active
      FROM activity_classes ac JOIN activities a ON a.id = ac.activity_id JOIN occurrences o ON o.activity_id = ac.activity_id
  ), stored_classes AS (SELECT class_id, occurrence_id, activity_id, period, active FROM class_bookings)
  SELECT (SELECT count(*)::int FROM ((SELECT * FROM booking_rows EXCEPT SELECT * FROM bookings)
                                     UNION ALL (SELECT * FROM bookings EXCEPT SELECT * FROM booking_rows)) d) AS bookings,
         (SELECT count(*)::int FROM ((SELECT * FROM fresh_classes EXCEPT SELECT * FROM stored_classes)
                                     UNION ALL (SELECT * FROM stored_classes EXCEPT SELECT * FROM fresh_classes)) d) AS classes`;

describe('derived bookings under many-row statements', () => {
  let db: TestDatabase;
  const drift = async () => (await db.pool.query<{ bookings: number; classes: number }>(DRIFT)).rows[0]!;
  const count = async (sql: string) => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0]!.n;

  beforeAll(async () => {
    db = await createTestDatabase(4);
    const q = (sql: string) => db.pool.query(sql);
    await q(`INSERT INTO units (slug, kind, name_zh, name_en) VALUES ('derive', 'academy_unit', '派生', 'Derive')`);
    await q(`INSERT INTO resources (unit_id, kind, name_zh, name_en, quantity)
             SELECT u.id, k.kind, k.kind, k.kind, k.q FROM units u, (VALUES ('venue', 1), ('staff', 1), ('equipment', 10)) k (kind, q)`);
    await q(`INSERT INTO classes (unit_id, kind, code, name_zh, name_en, grade, number) SELECT id, 'school_class', 'c1', '一班', 'Class 1', 7, 1 FROM units`);
    // 20 activities a day apart, 3 weekly occurrences each (inserted in one statement), 3 claims each.
    await q(`INSERT INTO activities (kind, title_zh, title_en, organizer_unit_id, starts_at, ends_at, time_zone, status)
             SELECT 'field_visit', 't', 't' || g, u.id, '2027-03-01T01:00Z'::timestamptz + g * interval '1 day',
                    '2027-03-01T03:00Z'::timestamptz + g * interval '1 day', 'Asia/Shanghai', 'confirmed'
               FROM units u, generate_series(0, 19) g`);
    await q(`INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at)
             SELECT a.id, a.starts_at + w * interval '30 days', a.starts_at + w * interval '30 days', a.ends_at + w * interval '30 days'
               FROM activities a, generate_series(0, 2) w`);
    await q(`INSERT INTO claims (activity_id, resource_id, quantity) SELECT a.id, r.id, r.quantity / 2 + 1 FROM activities a, resources r`);
    await q(`INSERT INTO activity_classes (activity_id, class_id) SELECT a.id, c.id FROM activities a, classes c`);
  });
  afterAll(() => db.drop());

  it('derives one booking per claim and occurrence from multi-row inserts', async () => {
    expect(await count('bookings')).toBe(20 * 3 * 3);
    expect(await count('class_bookings')).toBe(20 * 3);
    expect(await drift()).toEqual({ bookings: 0, classes: 0 });
  });

  it('follows many-row updates of occurrences, claims and activity status, and ignores no-op updates', async () => {
    await db.pool.query(`UPDATE occurrences SET starts_at = starts_at + interval '1 hour', ends_at = ends_at + interval '1 hour'
                          WHERE activity_id IN (SELECT id FROM activities ORDER BY id LIMIT 10)`);
    expect(await drift()).toEqual({ bookings: 0, classes: 0 });
    await db.pool.query(`UPDATE claims SET setup_minutes = 30, teardown_minutes = 15, quantity = quantity + 1
                          WHERE resource_id IN (SELECT id FROM resources WHERE kind = 'equipment')`);
    await db.pool.query(`UPDATE occurrences SET status = 'cancelled' WHERE original_starts_at = starts_at - interval '1 hour'`);
    await db.pool.query(`UPDATE activities SET status = 'cancelled', cancelled_at = now() WHERE title_en IN ('t15', 't16', 't17')`);
    await db.pool.query(`UPDATE activities SET status = status`);
    expect(await drift()).toEqual({ bookings: 0, classes: 0 });
    expect(await count(`bookings WHERE NOT active`)).toBe(10 * 3 * 3 + 3 * 3 * 3);
    expect(await count(`bookings b JOIN claims c ON c.id = b.claim_id WHERE c.setup_minutes = 30 AND lower(b.period) < (SELECT starts_at FROM occurrences WHERE id = b.occurrence_id)`)).toBe(60);
    await db.pool.query(`UPDATE activities SET status = 'confirmed', cancelled_at = NULL WHERE title_en IN ('t15', 't16')`);
    expect(await drift()).toEqual({ bookings: 0, classes: 0 });
  });

  it('follows upserts, detached classes, and an activity written in one statement across three tables', async () => {
    await db.pool.query(`INSERT INTO claims (activity_id, resource_id, quantity) SELECT activity_id, resource_id, 7 FROM claims
                          WHERE resource_id IN (SELECT id FROM resources WHERE kind = 'equipment')
                         ON CONFLICT (activity_id, resource_id) DO UPDATE SET quantity = EXCLUDED.quantity`);
    expect(await count('bookings WHERE quantity = 7')).toBe(60);
    await db.pool.query(`DELETE FROM activity_classes WHERE activity_id IN (SELECT id FROM activities WHERE title_en IN ('t1', 't2'))`);
    expect(await count('class_bookings')).toBe(18 * 3);
    await db.pool.query(`
      WITH a AS (INSERT INTO activities (kind, title_zh, title_en, organizer_unit_id, starts_at, ends_at, time_zone, status)
                 SELECT 'field_visit', 'n', 'new', id, '2028-01-01T01:00Z', '2028-01-01T02:00Z', 'Asia/Shanghai', 'requested' FROM units RETURNING id, starts_at, ends_at),
           o AS (INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at) SELECT id, starts_at, starts_at, ends_at FROM a)
      INSERT INTO claims (activity_id, resource_id, setup_minutes) SELECT a.id, r.id, 10 FROM a, resources r WHERE r.kind = 'venue'`);
    expect(await count(`bookings WHERE active AND lower(period) = '2028-01-01T00:50Z'`)).toBe(1);
    expect(await drift()).toEqual({ bookings: 0, classes: 0 });
  });

  it('writes nothing for classes when an activity has none (issue 23: the class derivation doubled an occurrence INSERT)', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL track_functions = 'all'`);
      const calls = async () => Number((await client.query<{ n: string | null }>(`SELECT pg_stat_get_xact_function_calls('class_bookings_check_busy'::regproc) AS n`)).rows[0]!.n ?? 0);
      const { rows: [a] } = await client.query<{ id: number }>(`INSERT INTO activities (kind, title_zh, title_en, organizer_unit_id, starts_at, ends_at, time_zone, status)
        SELECT 'field_visit', 'c', 'classless', id, '2029-01-01T01:00Z', '2029-01-01T02:00Z', 'Asia/Shanghai', 'confirmed' FROM units RETURNING id`);
      await client.query(`INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at) VALUES ($1, '2029-01-01T01:00Z', '2029-01-01T01:00Z', '2029-01-01T02:00Z')`, [a!.id]);
      await client.query(`UPDATE activities SET status = 'cancelled', cancelled_at = now() WHERE id = $1`, [a!.id]);
      // No class bookings were written, so their busy-time check never ran.
      expect(await calls()).toBe(0);
      // An activity with a class still derives its class bookings in the same transaction.
      await client.query(`INSERT INTO activity_classes (activity_id, class_id) SELECT $1, id FROM classes`, [a!.id]);
      expect((await client.query(`SELECT count(*)::int AS n FROM class_bookings WHERE activity_id = $1`, [a!.id])).rows[0].n).toBe(1);
      expect(await calls()).toBeGreaterThan(0);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('removes the bookings of deleted claims, occurrences and activities (no foreign keys: triggers)', async () => {
    const before = await count('bookings');
    await db.pool.query(`DELETE FROM claims WHERE resource_id IN (SELECT id FROM resources WHERE kind = 'staff') AND activity_id IN (SELECT id FROM activities WHERE title_en IN ('t5', 't6'))`);
    await db.pool.query(`DELETE FROM occurrences WHERE activity_id IN (SELECT id FROM activities WHERE title_en = 't12') AND starts_at = original_starts_at`);
    await db.pool.query(`DELETE FROM activities WHERE title_en IN ('t8', 'new')`);
    expect(await count('bookings')).toBe(before - 2 * 3 - 3 * 3 - 3 * 3 - 1);
    expect(await drift()).toEqual({ bookings: 0, classes: 0 });
  });

  it('still refuses, at COMMIT, a many-row insert that double-books a venue', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at)
                          SELECT id, '2029-01-01T01:00Z', '2029-01-01T01:00Z', '2029-01-01T02:00Z' FROM activities WHERE title_en IN ('t3', 't4')`);
      await expect(client.query('COMMIT')).rejects.toMatchObject({ code: '23P01' });
    } finally {
      client.release();
    }
    expect(await count(`occurrences WHERE starts_at = '2029-01-01T01:00Z'`)).toBe(0);
  });
});
