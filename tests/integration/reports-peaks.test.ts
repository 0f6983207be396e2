import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportQuery } from '../../src/reports/reports.schema.ts';
import { reportsService } from '../../src/reports/reports.service.ts';
import { systemActor } from '../../src/shared/actor.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * Utilisation's booked hours and peaks (src/reports/utilisation.queries.ts) against a plain sweep
 * written here, over random bookings: a venue whose bookings never overlap but hold 1 or 2 items
 * (the no-sweep path when quantities differ), a venue holding 1 each (its peak straight from the
 * sums), a pool with overlapping bookings, and a venue with a non-exclusive booking among exclusive
 * ones (swept whole). Bookings start before and end after the period, so clipping is exercised too.
 */
type Booking = { resourceId: number; s: number; e: number; q: number; exclusive: boolean };
const FROM = Date.parse('2027-01-01T00:00:00Z'), TO = Date.parse('2027-02-01T00:00:00Z'), HOUR = 3_600_000;

/** The reference: events per instant, running sum in time order; the peak at the first instant it is reached. */
function sweep(bookings: Booking[]): { peak: number; peakAt: string | null; bookedHours: number } {
  const delta = new Map<number, number>();
  let booked = 0;
  for (const b of bookings) {
    const s = Math.max(b.s, FROM), e = Math.min(b.e, TO);
    if (s >= e) continue;
    delta.set(s, (delta.get(s) ?? 0) + b.q);
    delta.set(e, (delta.get(e) ?? 0) - b.q);
    booked += (b.q * (e - s)) / HOUR;
  }
  let level = 0, peak = 0, peakAt: number | null = null;
  for (const t of [...delta.keys()].sort((a, b) => a - b)) {
    level += delta.get(t)!;
    if (delta.get(t)! > 0 && level > peak) [peak, peakAt] = [level, t];
  }
  return { peak, peakAt: peakAt === null ? null : new Date(peakAt).toISOString(), bookedHours: Math.round(booked * 100) / 100 };
}

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('utilisation peaks and booked hours equal a plain sweep', () => {
  let db: TestDatabase;
  const ids: Record<'mixedQuantities' | 'single' | 'pool' | 'mixed', number> = { mixedQuantities: 0, single: 0, pool: 0, mixed: 0 };
  const bookings: Booking[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(4);
    const one = async <T>(sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows[0] as T;
    const unit = (await one<{ id: number }>(`INSERT INTO units (slug, kind, name_zh, name_en) VALUES ('peaks', 'academy_unit', '峰值', 'Peaks') RETURNING id`)).id;
    const resource = async (kind: string, quantity: number) => (await one<{ id: number }>(
      `INSERT INTO resources (unit_id, kind, name_zh, name_en, quantity) VALUES ($1, $2, $2, $2, $3) RETURNING id`, [unit, kind, quantity])).id;
    [ids.mixedQuantities, ids.single, ids.pool, ids.mixed] = [await resource('venue', 1), await resource('venue', 1), await resource('equipment', 20), await resource('venue', 1)];
    const activity = (await one<{ id: number }>(
      `INSERT INTO activities (kind, title_zh, title_en, organizer_unit_id, starts_at, ends_at, time_zone, status, visibility)
       VALUES ('field_visit', '峰', 'Peak', $1, '2027-01-01T00:00:00Z', '2027-01-01T01:00:00Z', 'UTC', 'confirmed', 'public') RETURNING id`, [unit])).id;
    const next = random(16);
    const hours = (n: number) => Math.floor(next() * n) * HOUR;
    // Exclusive resources: back to back or with gaps, never overlapping; the first starts before the period.
    for (const [resourceId, quantities] of [[ids.mixedQuantities, [1, 2]], [ids.single, [1]], [ids.mixed, [1]]] as const) {
      let t = FROM - 3 * HOUR;
      while (t < TO + 5 * HOUR) {
        const s = t + hours(3), e = s + HOUR + hours(4);
        bookings.push({ resourceId, s, e, q: quantities[Math.floor(next() * quantities.length)]!, exclusive: true });
        t = e;
      }
    }
    // The pool and the mixed venue's non-exclusive bookings overlap freely.
    for (let i = 0; i < 400; i++) {
      const s = FROM - 12 * HOUR + hours(32 * 24), e = s + HOUR + hours(12);
      bookings.push({ resourceId: i % 40 === 0 ? ids.mixed : ids.pool, s, e, q: 1 + Math.floor(next() * 4), exclusive: false });
    }
    // bookings is derived from claims and occurrences by triggers; here its rows are written directly.
    await db.pool.query(
      `INSERT INTO bookings (claim_id, occurrence_id, activity_id, resource_id, quantity, period, exclusive, active)
       SELECT -g, -g, $1, b.resource_id, b.q, tstzrange(b.s, b.e), b.exclusive, true
         FROM unnest($2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::int[], $6::boolean[]) WITH ORDINALITY b (resource_id, s, e, q, exclusive, g)`,
      [activity, bookings.map((b) => b.resourceId), bookings.map((b) => new Date(b.s)), bookings.map((b) => new Date(b.e)), bookings.map((b) => b.q), bookings.map((b) => b.exclusive)]);
  }, 60_000);
  afterAll(() => db.drop());

  it('for every path of the statement', async () => {
    const reports = reportsService(db.pool, new FixedClock('2027-03-01T00:00:00Z'), 'UTC');
    const res = await reports.report(systemActor, 'utilisation', reportQuery.parse({ period: 'custom', from: '2027-01-01', to: '2027-01-31', zone: 'UTC' }));
    const rows = res.tables[0]!.rows;
    for (const [name, id] of Object.entries(ids)) {
      const row = rows.find((r) => r.resourceId === id)!;
      expect({ name, peak: row.peak, peakAt: row.peakAt, bookedHours: row.bookedHours }).toEqual({ name, ...sweep(bookings.filter((b) => b.resourceId === id)) });
    }
    expect(rows.find((r) => r.resourceId === ids.mixedQuantities)!.peak).toBe(2);
    expect(rows.find((r) => r.resourceId === ids.pool)!.peak).toBeGreaterThan(4);
  });
});
