import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool, PoolClient } from '../../src/db/pool.ts';
import { activitiesService } from '../../src/activities/activities.service.ts';
import { systemActor } from '../../src/shared/actor.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * Issue 23: a checked booking's cost on a busy machine is its round trips to PostgreSQL (the profile of
 * bench/booking.bench.ts spent most of the process's time submitting queries), and every one taken
 * after the resource lock also lengthens the time others queue for it. A new activity's check uses
 * what the transaction just wrote (status, occurrences) and reads a resource's hours and the calendar
 * entries in one statement.
 */
let db: TestDatabase;
let unitId: number;
let venueId: number;

/** The pool, with every statement of its clients counted. */
function counting(pool: Pool): { pool: Pool; statements: string[] } {
  const statements: string[] = [];
  const wrap = (client: PoolClient): PoolClient => new Proxy(client, {
    get(target, key, receiver) {
      if (key !== 'query') return Reflect.get(target, key, receiver);
      return (...args: unknown[]) => {
        statements.push(String(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text).replace(/\s+/g, ' '));
        return (target.query as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const proxy = new Proxy(pool, {
    get(target, key, receiver) {
      if (key === 'connect') return async () => wrap(await target.connect());
      return Reflect.get(target, key, receiver);
    },
  });
  return { pool: proxy, statements };
}

beforeAll(async () => {
  db = await createTestDatabase(4);
  unitId = (await db.pool.query<{ id: number }>(`INSERT INTO units (slug, kind, name_zh, name_en) VALUES ('trips', 'academy_unit', '往返', 'Trips') RETURNING id`)).rows[0]!.id;
  venueId = (await db.pool.query<{ id: number }>(`INSERT INTO resources (unit_id, kind, name_zh, name_en) VALUES ($1, 'venue', '厅', 'Hall') RETURNING id`, [unitId])).rows[0]!.id;
});
afterAll(() => db.drop());

describe('a checked booking', () => {
  it('creates a one-off activity with one claim in 9 statements, its check included (15, then 11, then 10 before)', async () => {
    const { pool, statements } = counting(db.pool);
    const activities = activitiesService(pool, undefined, { clock: new FixedClock('2026-11-24T00:00:00Z'), holdExpiryHours: 72 });
    const body = {
      kind: 'field_visit' as const, title: { 'zh-CN': '往返', en: 'Round trips' }, organizerUnitId: unitId, startsAt: '2027-06-07T09:00:00+08:00', endsAt: '2027-06-07T11:00:00+08:00',
      timeZone: 'Asia/Shanghai', allDay: false, status: 'confirmed' as const, visibility: 'public' as const, audienceGrades: [], languages: ['zh-CN' as const],
      claims: [{ resourceId: venueId, quantity: 1, setupMinutes: 0, teardownMinutes: 0 }],
    };
    const created = await activities.create(systemActor, body);
    expect(created.status).toBe('confirmed');
    const shown = statements.map((s) => s.slice(0, 100)).join('\n');
    // BEGIN, unit + resources, activity (a draft) with its occurrences, its status, lock, claim,
    // conflicts + hours + calendar entries, audit, COMMIT.
    // The answer is made of what the transaction wrote (no read-back of the activity with its claims).
    expect(statements.length, shown).toBeLessThanOrEqual(9);
    // The resources are locked only after the activity and its occurrences are written: other bookings
    // of the venue wait for the claim, the check, the audit and COMMIT, not for those two statements too.
    const lock = statements.findIndex((s) => /^SELECT id, kind, quantity, unit_id/.test(s));
    const occurrences = statements.findIndex((s) => s.includes('INSERT INTO occurrences'));
    expect(occurrences, shown).toBeGreaterThanOrEqual(0);
    expect(lock, shown).toBeGreaterThan(occurrences);
    // What it answers (and audits) is what a fresh read of the activity gives (on the pool itself: the
    // counting stand-in above serves only connect()).
    expect(created).toEqual(await activitiesService(db.pool).get(systemActor, created.id));
    const audit = await db.pool.query<{ after: unknown }>(`SELECT after FROM audit_log WHERE entity = 'activity' AND entity_id = $1`, [created.id]);
    expect(audit.rows[0]!.after).toEqual(JSON.parse(JSON.stringify(created)));
    // The check still refuses the same time on the same venue.
    await expect(activities.create(systemActor, body)).rejects.toMatchObject({ code: 'resource_conflict' });
  });
});
