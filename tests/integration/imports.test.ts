import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createResource, createUnit } from '../helpers/factories.ts';
import { tableCounts } from '../helpers/db.ts';
import { parseWithIcalJs } from '../helpers/ical-parsers.ts';
import { readCsv } from '../../src/imports/csv.ts';

/** CSV imports (docs/imports.md): dry runs by line and column, booking conflicts per row, all or nothing. */
describe('CSV imports', () => {
  let t: TestContext;
  let unitId: number;
  let pool: number;
  let venue: number;
  const post = (kind: string, csv: string, apply = false) => t.api.post(`/api/v1/imports/${kind}`).send({ unitId, csv, apply });

  beforeAll(async () => {
    t = await startTestApp();
    unitId = (await createUnit(t.app)).id;
    pool = (await createResource(t.app, { unitId, kind: 'equipment', quantity: 5 })).id;
    venue = (await createResource(t.app, { unitId })).id;
  });
  afterAll(() => t.close());

  it('serves a template per kind whose example row imports cleanly in a dry run', async () => {
    for (const kind of ['units', 'resources', 'classes', 'calendar-entries', 'activities']) {
      const res = await request(t.app).get(`/api/v1/imports/${kind}/template.csv`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const report = await post(kind, res.text);
      expect(report.status, JSON.stringify(report.body)).toBe(200);
      expect(report.body, kind).toMatchObject({ applied: false, rows: 1, errors: [] });
    }
    expect((await request(t.app).get('/api/v1/imports/nonsense/template.csv')).status).toBe(422);
  });

  it('reports every bad cell by line and column, and writes nothing, in a dry run and on apply', async () => {
    const before = await tableCounts(t.db.pool);
    const csv = [
      'kind,category,name_zh,name_en,quantity',
      'equipment,telescope,望远镜,Telescopes,12',
      'venue,,礼堂,Hall,3',
      'gizmo,,小工具,Gizmo,1',
      'equipment,,"多行',
      '名称",,5',
      'equipment,BAD CAT,量筒,Cylinders,abc',
    ].join('\r\n');
    for (const apply of [false, true]) {
      const res = await post('resources', csv, apply);
      expect(res.status).toBe(200);
      expect(res.body.applied).toBe(false);
      expect(res.body.rows).toBe(5);
      const cells = res.body.errors.map((e: { line: number; column: string }) => `${e.line}:${e.column}`);
      // A name holding a line break is refused like any single-line text (issue 22 item 8).
      expect(cells).toEqual(['3:quantity', '4:kind', '5:name_zh', '5:name_en', '7:category', '7:quantity']);
    }
    expect(await tableCounts(t.db.pool)).toEqual(before);
    const header = await post('resources', 'kind,colour\nvenue,red');
    expect(header.body.errors).toEqual([{ line: 1, column: '*', message: 'unknown column colour' }]);
    const broken = await post('resources', 'kind,name_zh\nvenue,"open');
    expect(broken.body.errors[0]).toMatchObject({ line: 2, column: '*' });
  });

  it('reports booking conflicts per row, within the file and against stored bookings; applies all or nothing', async () => {
    const before = await tableCounts(t.db.pool);
    const row = (title: string, day: string, from: string, to: string, claims: string) =>
      `field_visit,${title},${title},2027-03-${day}T${from}:00:00+08:00,2027-03-${day}T${to}:00:00+08:00,confirmed,${claims}`;
    const header = 'kind,title_zh,title_en,starts_at,ends_at,status,claims';
    const csv = [header,
      row('A', '02', '09', '11', `${venue};${pool}:3`),
      row('B', '02', '10', '12', `${pool}:3`),
      row('C', '02', '10', '12', `${venue}`),
      row('D', '03', '10', '12', `${pool}:2`),
      row('E', '04', '12', '10', `${pool}:0`),
    ].join('\n');
    for (const apply of [false, true]) {
      const res = await post('activities', csv, apply);
      expect(res.body.applied).toBe(false);
      expect(res.body.errors.map((e: { line: number; column: string; code?: string }) => `${e.line}:${e.column}:${e.code ?? ''}`))
        .toEqual(['3:*:resource_conflict', '4:*:resource_conflict', '6:ends_at:', '6:claims:']);
    }
    expect(await tableCounts(t.db.pool)).toEqual(before);

    const good = [header, row('A', '02', '09', '11', `${venue};${pool}:3`), row('D', '03', '10', '12', `${pool}:2`)].join('\n');
    const applied = await post('activities', good, true);
    expect(applied.body).toMatchObject({ applied: true, rows: 2, created: 2, errors: [] });
    const { rows } = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM bookings b JOIN activities a ON a.id = b.activity_id WHERE a.organizer_unit_id = $1 AND b.active', [unitId]);
    expect(rows[0]!.n).toBe(3);
    // The same file again now meets the stored bookings.
    const again = await post('activities', good);
    expect(again.body.errors.map((e: { line: number; code?: string }) => `${e.line}:${e.code}`)).toEqual(['2:resource_conflict']);
  });

  it('imports calendar entries and units through their services (units: admins only)', async () => {
    const entries = await post('calendar-entries', `kind,resource_id,name_zh,name_en,starts_at,ends_at\nmaintenance,${venue},检修,Maintenance,2027-05-01T09:00:00+08:00,2027-05-01T12:00:00+08:00\nclosure,,闭馆,Closed,2027-05-02T00:00:00+08:00,2027-05-03T00:00:00+08:00`, true);
    expect(entries.body).toMatchObject({ applied: true, created: 2 });
    const stored = await t.db.pool.query('SELECT kind, unit_id, resource_id FROM calendar_entries ORDER BY id');
    expect(stored.rows).toEqual([{ kind: 'maintenance', unit_id: null, resource_id: venue }, { kind: 'closure', unit_id: unitId, resource_id: null }]);
    const units = await post('units', 'slug,kind,name_zh,name_en\nschool-one,school,一中,School One\nschool-one,school,一中,School One', true);
    expect(units.body.applied).toBe(false);
    expect(units.body.errors).toMatchObject([{ line: 3, code: 'already_exists' }]);
  });

  it('exports every table the unit owns as CSV, and its activities as iCalendar, for its users only', async () => {
    const csv = async (file: string) => {
      const res = await t.api.get(`/api/v1/units/${unitId}/export/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const read = readCsv(res.text);
      if ('error' in read) throw new Error(read.error.message);
      return read.records.map((r) => r.cells);
    };
    const resources = await csv('resources.csv');
    expect(resources[0]).toEqual(['id', 'kind', 'category', 'name_zh', 'name_en', 'quantity', 'location_zh', 'location_en', 'description', 'opening_hours']);
    expect(resources.slice(1).map((r) => Number(r[0]))).toEqual([pool, venue]);
    const activities = await csv('activities.csv');
    expect(activities.slice(1).map((r) => r[3])).toEqual(['A', 'D']);
    const claims = await csv('claims.csv');
    expect(claims.slice(1).map((r) => `${r[2]}x${r[3]}`)).toEqual([`${venue}x1`, `${pool}x3`, `${pool}x2`]);
    expect((await csv('occurrences.csv')).length).toBe(3);
    expect((await csv('calendar-entries.csv')).slice(1).map((r) => r[1])).toEqual(['maintenance', 'closure']);
    expect((await csv('classes.csv')).length).toBe(1);

    const ics = await t.api.get(`/api/v1/units/${unitId}/export/activities.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    const parsed = parseWithIcalJs(ics.text);
    expect(parsed.events.map((e) => e.summary)).toEqual(['A', 'D']);
    expect(parsed.timezones).toContain('Asia/Shanghai');

    const other = (await createUnit(t.app)).id;
    expect((await request(t.app).get(`/api/v1/units/${other}/export/resources.csv`)).status).toBe(401);
    expect((await t.api.get(`/api/v1/units/${other}/export/bookings.csv`)).status).toBe(422);
  });
});
