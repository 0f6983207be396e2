import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/shared/clock.ts';
import { seedDemo, schoolYearStart } from '../../src/seed/demo.ts';
import { ACTIVITY_KINDS } from '../../src/shared/types.ts';
import { createTestDatabase, tableCounts, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('demo data', () => {
  it('loads the agreement once, however often it runs', async () => {
    const clock = new FixedClock('2026-11-24T02:00:00Z');
    const first = await seedDemo(db.pool, clock);
    expect(first.created).toBeGreaterThan(20);
    const counts = await tableCounts(db.pool);
    const again = await seedDemo(db.pool, clock);
    expect(again.created).toBe(0);
    const after = await tableCounts(db.pool);
    expect({ ...after, audit_log: 0 }).toEqual({ ...counts, audit_log: 0 });
  });

  it('has the lent equipment with its counts and every activity kind', async () => {
    const { rows } = await db.pool.query<{ name_en: string; quantity: number }>(`SELECT name_en, quantity FROM resources WHERE kind = 'equipment'`);
    const pools = Object.fromEntries(rows.map((r) => [r.name_en, r.quantity]));
    expect(pools).toMatchObject({ 'Astronomical telescope': 5, 'Meteorite specimen': 3, 'Biological specimen': 26, 'Ancient astronomical instrument model': 6, Peacock: 4 });
    const kinds = await db.pool.query<{ kind: string }>('SELECT DISTINCT kind FROM activities');
    expect(kinds.rows.map((r) => r.kind).sort()).toEqual([...ACTIVITY_KINDS].sort());
  });

  it('places the programme in the current school year', () => {
    expect(schoolYearStart(new FixedClock('2026-11-24T02:00:00Z').now()).toISODate()).toBe('2026-09-01');
    expect(schoolYearStart(new FixedClock('2027-03-01T02:00:00Z').now()).toISODate()).toBe('2026-09-01');
    expect(schoolYearStart(new FixedClock('2027-08-15T02:00:00Z').now()).toISODate()).toBe('2027-09-01');
  });
});
