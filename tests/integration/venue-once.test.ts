import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrationFiles } from '../../src/db/migrate.ts';
import { FixedClock } from '../../src/shared/clock.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createResource, createUnit } from '../helpers/factories.ts';

/** The venue is stored once, as the activity's venue claim (migration 0023); `venueId` is read from it. */
let t: TestContext;
let school: number;
let museum: number;
let hall: number;
let lab: number;
let dome: number;
const clock = new FixedClock('2026-11-24T00:00:00Z');
beforeAll(async () => {
  t = await startTestApp({ clock });
  school = (await createUnit(t.app, { kind: 'school' })).id;
  museum = (await createUnit(t.app)).id;
  hall = (await createResource(t.app, { unitId: school })).id;
  lab = (await createResource(t.app, { unitId: school })).id;
  dome = (await createResource(t.app, { unitId: museum })).id;
});
afterAll(() => t.close());

const body = (overrides: Record<string, unknown>) => ({
  kind: 'exhibition', title: { 'zh-CN': '展览', en: 'Exhibition' }, organizerUnitId: school, timeZone: 'Asia/Shanghai',
  startsAt: '2027-03-10T09:00:00+08:00', endsAt: '2027-03-10T12:00:00+08:00', status: 'confirmed', ...overrides,
});
const venueClaims = async (activityId: number) =>
  (await t.db.pool.query<{ resourceId: number; approval: string }>(
    'SELECT resource_id::int AS "resourceId", approval FROM claims WHERE activity_id = $1::bigint AND is_venue', [activityId])).rows;

describe('the venue stored once', () => {
  it('has no venue column on activities, and at most one venue claim per activity', async () => {
    const columns = await t.db.pool.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'activities' AND column_name LIKE 'venue%'`);
    expect(columns.rows).toEqual([]);
    const created = await t.api.post('/api/v1/activities').send(body({ venueId: hall, claims: [{ resourceId: lab, quantity: 1 }] }));
    expect(created.status).toBe(201);
    await expect(t.db.pool.query('UPDATE claims SET is_venue = true WHERE activity_id = $1::bigint', [created.body.id])).rejects.toThrow(/claims_one_venue_idx/);
  });

  it('moves the one venue claim with venueId, keeps the other claims, and removes it with null', async () => {
    const created = await t.api.post('/api/v1/activities').send(body({ venueId: hall, claims: [{ resourceId: lab, quantity: 1 }], startsAt: '2027-03-11T09:00:00+08:00', endsAt: '2027-03-11T12:00:00+08:00' }));
    const id = created.body.id;
    expect(created.body.venueId).toBe(hall);
    expect(await venueClaims(id)).toEqual([{ resourceId: hall, approval: 'not_needed' }]);
    // Naming as venue a resource the activity already claims makes that claim the venue claim.
    const onLab = await t.api.patch(`/api/v1/activities/${id}`).send({ venueId: lab });
    expect(onLab.status).toBe(200);
    expect(onLab.body.venueId).toBe(lab);
    expect(onLab.body.claims.map((c: { resourceId: number }) => c.resourceId)).toEqual([lab]);
    expect(await venueClaims(id)).toEqual([{ resourceId: lab, approval: 'not_needed' }]);
    const moved = await t.api.patch(`/api/v1/activities/${id}`).send({ venueId: hall });
    expect(moved.body.claims.map((c: { resourceId: number }) => c.resourceId)).toEqual([hall]);
    expect((await t.api.get(`/api/v1/activities?venueId=${hall}`)).body.items.map((a: { id: number }) => a.id)).toContain(id);
    expect((await t.api.get(`/api/v1/activities?venueId=${lab}`)).body.items.map((a: { id: number }) => a.id)).not.toContain(id);
    const none = await t.api.patch(`/api/v1/activities/${id}`).send({ venueId: null });
    expect(none.body).toMatchObject({ venueId: null, claims: [] });
    expect(await venueClaims(id)).toEqual([]);
    // Removing the venue claim itself removes the venue.
    const back = await t.api.patch(`/api/v1/activities/${id}`).send({ venueId: hall });
    expect(back.body.venueId).toBe(hall);
    expect((await t.api.delete(`/api/v1/activities/${id}/claims/${back.body.claims[0].id}`)).status).toBe(204);
    expect((await t.api.get(`/api/v1/activities/${id}`)).body).toMatchObject({ venueId: null, claims: [] });
  });

  it('a venue of another unit still waits for its approval, and a split carries the venue claim over', async () => {
    const held = await t.api.post('/api/v1/activities').send(body({ venueId: dome, startsAt: '2027-03-12T09:00:00+08:00', endsAt: '2027-03-12T12:00:00+08:00' }));
    expect(held.body).toMatchObject({ status: 'requested', venueId: dome, claims: [{ resourceId: dome, approval: 'pending' }] });
    expect(await venueClaims(held.body.id)).toEqual([{ resourceId: dome, approval: 'pending' }]);
    const own = await t.api.patch(`/api/v1/activities/${held.body.id}`).send({ venueId: hall });
    expect(own.body).toMatchObject({ status: 'confirmed', venueId: hall, claims: [{ resourceId: hall, approval: 'not_needed' }] });
    expect(await venueClaims(held.body.id)).toEqual([{ resourceId: hall, approval: 'not_needed' }]);

    const series = await t.api.post('/api/v1/activities').send(body({ venueId: lab, recurrenceRule: 'FREQ=WEEKLY;COUNT=4', startsAt: '2027-04-05T09:00:00+08:00', endsAt: '2027-04-05T10:00:00+08:00' }));
    expect(series.status).toBe(201);
    const occurrences = (await t.api.get(`/api/v1/activities/${series.body.id}/occurrences`)).body.items;
    const split = await t.api.post(`/api/v1/activities/${series.body.id}/split`).send({ occurrenceId: occurrences[2].id, venueId: dome });
    expect(split.status, JSON.stringify(split.body)).toBe(201);
    expect(split.body.following).toMatchObject({ venueId: dome, status: 'requested', claims: [{ resourceId: dome, approval: 'pending' }] });
    expect(await venueClaims(split.body.following.id)).toEqual([{ resourceId: dome, approval: 'pending' }]);
    expect(await venueClaims(series.body.id)).toEqual([{ resourceId: lab, approval: 'not_needed' }]);
  });

  it('refuses a resource that is not a venue as the venue claim, in the API and in the database', async () => {
    const kit = (await createResource(t.app, { unitId: school, kind: 'equipment', quantity: 3 })).id;
    const refused = await t.api.post('/api/v1/activities').send(body({ venueId: kit }));
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: 'body.venueId', message: `resource ${kit} is not a venue` }]);
    const created = await t.api.post('/api/v1/activities').send(body({ claims: [{ resourceId: kit, quantity: 1 }], startsAt: '2027-03-13T09:00:00+08:00', endsAt: '2027-03-13T12:00:00+08:00' }));
    await expect(t.db.pool.query('UPDATE claims SET is_venue = true WHERE activity_id = $1::bigint', [created.body.id])).rejects.toThrow(/not a venue/);
  });

  it('migration 0023 marks the claim of venue_id as the venue claim and claims a venue whose claim had gone', async () => {
    const client = await t.db.pool.connect();
    const sql = async (name: string) => readFile(path.join(MIGRATIONS_DIR, `${name}.sql`), 'utf8');
    try {
      // The migrations up to 0022 in a schema of their own, so the test database keeps its schema.
      await client.query('CREATE SCHEMA before_0023');
      await client.query('SET search_path = before_0023, public');
      const files = await migrationFiles();
      for (const name of files.filter((f) => f < '0023')) await client.query(await sql(name));
      const { rows: [ids] } = await client.query<{ own: number; other: number; hall: number; dome: number }>(
        `WITH u AS (INSERT INTO units (slug, kind, name_zh, name_en) VALUES ('s', 'school', '校', 'School'), ('m', 'academy_unit', '馆', 'Museum') RETURNING id, slug),
              r AS (INSERT INTO resources (unit_id, kind, name_zh, name_en) SELECT id, 'venue', slug, slug FROM u RETURNING id, unit_id)
         SELECT (SELECT id FROM u WHERE slug = 's')::int AS own, (SELECT id FROM u WHERE slug = 'm')::int AS other,
                (SELECT r.id FROM r JOIN u ON u.id = r.unit_id WHERE slug = 's')::int AS hall, (SELECT r.id FROM r JOIN u ON u.id = r.unit_id WHERE slug = 'm')::int AS dome`);
      const activity = async (title: string, venue: number | null, status: string) => (await client.query<{ id: number }>(
        `INSERT INTO activities (kind, title_zh, title_en, organizer_unit_id, venue_id, starts_at, ends_at, time_zone, status)
         VALUES ('exhibition', $1::text, $1::text, $2::bigint, $3::bigint, '2027-03-01T01:00Z', '2027-03-01T02:00Z', 'Asia/Shanghai', $4::text) RETURNING id::int`,
        [title, ids!.own, venue, status])).rows[0]!.id;
      const claimed = await activity('claimed', ids!.hall, 'confirmed');
      await client.query(`INSERT INTO claims (activity_id, resource_id) VALUES ($1::bigint, $2::bigint), ($1::bigint, $3::bigint)`, [claimed, ids!.hall, ids!.dome]);
      const lostOwn = await activity('lost own', ids!.hall, 'draft');
      const lostOther = await activity('lost other', ids!.dome, 'confirmed');
      const lostOtherDraft = await activity('lost other draft', ids!.dome, 'draft');
      const none = await activity('none', null, 'draft');
      await client.query(await sql(files.find((f) => f.startsWith('0023_'))!));
      const { rows } = await client.query<{ activityId: number; resourceId: number; approval: string }>(
        'SELECT activity_id::int AS "activityId", resource_id::int AS "resourceId", approval FROM claims WHERE is_venue ORDER BY activity_id');
      expect(rows).toEqual([
        { activityId: claimed, resourceId: ids!.hall, approval: 'not_needed' },
        { activityId: lostOwn, resourceId: ids!.hall, approval: 'not_needed' },
        { activityId: lostOther, resourceId: ids!.dome, approval: 'approved' },
        { activityId: lostOtherDraft, resourceId: ids!.dome, approval: 'pending' },
      ]);
      expect((await client.query('SELECT count(*)::int AS n FROM claims WHERE activity_id = $1::bigint', [claimed])).rows[0].n).toBe(2);
      expect((await client.query('SELECT venue_id::int AS v FROM activity_venues WHERE activity_id = $1::bigint', [none])).rows).toEqual([]);
    } finally {
      await client.query('RESET search_path');
      await client.query('DROP SCHEMA IF EXISTS before_0023 CASCADE');
      client.release();
    }
  });
});
