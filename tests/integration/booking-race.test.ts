import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, startTestApp, type TestContext } from '../helpers/app.ts';
import { activityBody, createActivity, createResource, createUnit } from '../helpers/factories.ts';

/**
 * Proof under load: many booking requests race over real sockets for the last free units of a pool
 * and for one venue. Exactly the feasible number may win, the rest get 409, nobody gets a 500, and
 * the stored claims never over-use a resource (checked from the source tables, not the derived bookings).
 */
let t: TestContext;
let http: Awaited<ReturnType<typeof listen>>;
beforeAll(async () => {
  t = await startTestApp();
  http = await listen(t.app);
});
afterAll(async () => {
  await http.close();
  await t.close();
});

async function post(path: string, body: unknown): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${http.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...t.admin }, body: JSON.stringify(body) });
  const json = (await res.json()) as { code?: string };
  return { status: res.status, code: json.code };
}

/** Resources used beyond their quantity at some instant, swept from claims × occurrences × activities. */
async function overbooked(): Promise<{ id: number; peak: number; quantity: number }[]> {
  const { rows } = await t.db.pool.query(
    `WITH busy AS (
       SELECT c.resource_id, c.quantity,
              o.starts_at - make_interval(mins => c.setup_minutes) AS s, o.ends_at + make_interval(mins => c.teardown_minutes) AS e
         FROM claims c JOIN activities a ON a.id = c.activity_id JOIN occurrences o ON o.activity_id = a.id
        WHERE a.status IN ('requested', 'confirmed') AND o.status = 'scheduled'
     ), edges AS (
       SELECT resource_id, s AS at, quantity AS d FROM busy UNION ALL SELECT resource_id, e, -quantity FROM busy
     ), running AS (
       SELECT resource_id, sum(d) OVER (PARTITION BY resource_id ORDER BY at, d ROWS UNBOUNDED PRECEDING) AS in_use FROM edges
     )
     SELECT r.id, max(in_use)::int AS peak, r.quantity FROM running JOIN resources r ON r.id = running.resource_id
      GROUP BY r.id HAVING max(in_use) > r.quantity`,
  );
  return rows;
}

const at = (day: number, hhmm: string) => `2027-04-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`;

describe('concurrent bookings', () => {
  it('lets exactly the feasible number win, round after round, with zero overbooking and no 500s', async () => {
    const unit = await createUnit(t.app);
    for (let round = 1; round <= 6; round++) {
      const pool = await createResource(t.app, { unitId: unit.id, kind: 'equipment', category: 'telescope', quantity: 5 });
      const venue = await createResource(t.app, { unitId: unit.id });
      const hall = await createResource(t.app, { unitId: unit.id });
      // 3 of the 5 are taken for the whole evening: 2 are left.
      await createActivity(t.app, unit.id, { status: 'confirmed', startsAt: at(round, '17:00'), endsAt: at(round, '22:00'), claims: [{ resourceId: pool.id, quantity: 3 }] });

      // Every request's busy period contains 19:50–20:10, so any two of them overlap each other.
      const poolRequests = Array.from({ length: 30 }, (_, i) => activityBody(unit.id, {
        status: 'confirmed', startsAt: at(round, `19:${String(10 + (i % 4) * 10).padStart(2, '0')}`), endsAt: at(round, '20:30'),
        claims: [{ resourceId: pool.id, quantity: 1, setupMinutes: i % 3 === 0 ? 15 : 0 }],
      }));
      const venueRequests = Array.from({ length: 25 }, (_, i) => activityBody(unit.id, {
        status: 'confirmed', venueId: venue.id, startsAt: at(round, i % 2 ? '10:00' : '10:30'), endsAt: at(round, '11:30'),
      }));
      // Both resources at once, listed in either order: the locks are still taken in ascending id order.
      const bothRequests = Array.from({ length: 10 }, (_, i) => activityBody(unit.id, {
        status: 'confirmed', venueId: hall.id, startsAt: at(round, '19:00'), endsAt: at(round, '21:00'),
        claims: i % 2 ? [{ resourceId: pool.id, quantity: 1 }, { resourceId: hall.id }] : [{ resourceId: hall.id }, { resourceId: pool.id, quantity: 1 }],
      }));
      const tagged = [
        ...poolRequests.map((body) => ({ kind: 'pool', body })),
        ...venueRequests.map((body) => ({ kind: 'venue', body })),
        ...bothRequests.map((body) => ({ kind: 'both', body })),
      ];
      const results = await Promise.all(tagged.map(async ({ kind, body }) => ({ kind, ...(await post('/api/v1/activities', body)) })));

      expect(results.filter((r) => r.status >= 500)).toEqual([]);
      expect(results.every((r) => r.status === 201 || (r.status === 409 && r.code === 'resource_conflict'))).toBe(true);
      const won = (kind: string) => results.filter((r) => r.kind === kind && r.status === 201).length;
      expect(won('venue')).toBe(1);
      // The pool's 2 free units go to pool-only and both-resource requests; at most one of the latter wins the hall.
      expect(won('both')).toBeLessThanOrEqual(1);
      expect(won('pool') + won('both')).toBe(2);
      expect(await overbooked()).toEqual([]);
    }
  });

  it('keeps a shrinking pool and racing bookings consistent', async () => {
    const unit = await createUnit(t.app);
    const pool = await createResource(t.app, { unitId: unit.id, kind: 'equipment', quantity: 6 });
    const bookings = Array.from({ length: 20 }, () => post('/api/v1/activities', activityBody(unit.id, {
      status: 'confirmed', startsAt: at(20, '09:00'), endsAt: at(20, '10:00'), claims: [{ resourceId: pool.id, quantity: 1 }],
    })));
    const shrink = fetch(`${http.url}/api/v1/resources/${pool.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...t.admin }, body: JSON.stringify({ quantity: 3 }) });
    const [results, shrunk] = await Promise.all([Promise.all(bookings), shrink]);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    const winners = results.filter((r) => r.status === 201).length;
    // Either the pool shrank before a 4th booking (3 win) or the shrink was refused (all 6 units win).
    if (shrunk.status === 200) expect(winners).toBe(3);
    else {
      expect(((await shrunk.json()) as { code: string }).code).toBe('pool_in_use');
      expect(winners).toBe(6);
    }
    expect(await overbooked()).toEqual([]);
  });
});
