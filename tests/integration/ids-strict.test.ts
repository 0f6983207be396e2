import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { linkSigner, resolveSecret } from '../../src/auth/signed-links.ts';
import { activityBody, createActivity, createResource, createUnit } from '../helpers/factories.ts';

/**
 * Only JSON integers are ids in bodies (issue 10, item 6): `true`, "13", [13], "0x0d" and " 13 "
 * were coerced to ids. Every id field of every request body in the OpenAPI document is sent each
 * bad value; each answers a 4xx problem naming that field, and nothing changes.
 */
let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

type Json = Record<string, unknown>;
// null is no id either, but nullable id fields take it by design (no venue, no parent).
const BAD_IDS: unknown[] = [true, '13', [13], '0x0d', ' 13 ', '1e1', 1.5, 0, -1, 2 ** 53, {}];
const isIdName = (name: string) => name === 'id' || /Ids?$/.test(name);

/** Paths of id fields in a JSON schema, following the union variant the body picks (`type`). */
function idPaths(schema: Json | undefined, body: unknown, at: string[] = []): string[][] {
  if (!schema) return [];
  const variants = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (variants) {
    const fits = (v: Json) => body === undefined || Object.entries((v.properties ?? {}) as Record<string, Json>)
      .every(([k, p]) => p.const === undefined || (body as Json | undefined)?.[k] === p.const);
    return variants.filter(fits).flatMap((v) => idPaths(v, body, at));
  }
  if (schema.type === 'array') return idPaths(schema.items as Json, Array.isArray(body) ? body[0] : undefined, [...at, '0']);
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  return Object.entries(properties).flatMap(([name, prop]) => {
    if (isIdName(name)) return [[...at, name, ...(/Ids$/.test(name) ? ['0'] : [])]];
    return idPaths(prop, (body as Json | undefined)?.[name], [...at, name]);
  });
}

function withValue(body: Json, path: string[], value: unknown): Json {
  const copy = structuredClone(body);
  let node: Record<string, unknown> = copy;
  path.slice(0, -1).forEach((key, i) => {
    node[key] ??= /^\d+$/.test(path[i + 1]!) ? [] : {};
    node = node[key] as Record<string, unknown>;
  });
  node[path[path.length - 1]!] = value;
  return copy;
}

interface Case { url: string; body: Json }
type Method = 'post' | 'patch';

async function operations(): Promise<{ method: Method; path: string; schema: Json }[]> {
  const doc = (await t.api.get('/openapi.json')).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Json }> } }>> };
  return Object.entries(doc.paths).flatMap(([path, item]) => (['post', 'patch'] as const).flatMap((method) => {
    const schema = item[method]?.requestBody?.content['application/json']?.schema;
    return schema ? [{ method, path, schema }] : [];
  }));
}

let fixtures: Record<string, Case[]>;
const EMPTY_ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n';

async function makeFixtures(): Promise<Record<string, Case[]>> {
  const unit = await createUnit(t.app);
  const venue = await createResource(t.app, { unitId: unit.id });
  const telescopes = await createResource(t.app, { unitId: unit.id, kind: 'equipment', quantity: 5 });
  const oneOff = await createActivity(t.app, unit.id);
  const series = await createActivity(t.app, unit.id, { startsAt: '2027-03-04T16:00:00+08:00', endsAt: '2027-03-04T17:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=4' });
  const occurrences = (await t.api.get(`/api/v1/activities/${series.id}/occurrences`)).body.items as { id: number }[];
  const show = await createActivity(t.app, unit.id, { kind: 'science_show', status: 'confirmed', registrationScope: 'occurrence', recurrenceRule: 'FREQ=WEEKLY;COUNT=3' });
  const performances = (await t.api.get(`/api/v1/activities/${show.id}/occurrences`)).body.items as { id: number }[];
  const attendee = { name: 'Li', email: 'ids-show@example.org', role: 'teacher' };
  const held = (await t.api.post(`/api/v1/activities/${show.id}/registrations`).send({ ...attendee, occurrenceId: performances[0]!.id })).body;
  const manageSig = encodeURIComponent(linkSigner(resolveSecret(t.config)).sign(held.id, 'manage'));
  const feed = (await t.api.post('/api/v1/feeds').send({ type: 'programme', name: 'All', ownerUnitId: unit.id })).body;
  const user = (await t.api.post('/api/v1/users').send({ email: 'ids-user@example.org', name: 'User', unitId: unit.id, role: 'organizer' })).body;
  const feedBase = { name: 'Feed', ownerUnitId: unit.id };
  const schoolClass = (await t.api.post('/api/v1/classes').send({ unitId: unit.id, kind: 'club', code: 'ids-club', name: { 'zh-CN': '社团', en: 'Club' } })).body;
  const commitment = {
    term: 'ids-term', organizerUnitId: unit.id, kind: 'club_session', title: { 'zh-CN': '活动', en: 'Session' }, classIds: [schoolClass.id], count: 1, durationMinutes: 60,
    venueId: venue.id, needs: [{ resourceId: telescopes.id }], window: { startsOn: '2027-03-01', endsOn: '2027-03-31' },
  };
  const lendable = (await t.api.post(`/api/v1/resources/${telescopes.id}/items`).send({ label: 'Telescope 1' })).body;
  const booked = await createActivity(t.app, unit.id, { status: 'confirmed', startsAt: '2027-03-05T09:00:00+08:00', endsAt: '2027-03-05T10:00:00+08:00', claims: [{ resourceId: telescopes.id, quantity: 1 }] });
  const lent = (await t.api.post(`/api/v1/resources/${telescopes.id}/items`).send({ label: 'Telescope 2' })).body;
  const loan = (await t.api.post('/api/v1/loans').send({ itemIds: [lent.id], holderName: 'H', holderEmail: 'h@example.org', dueBack: '2027-03-06T00:00:00Z' })).body;
  // Attendance opens on the occurrence's day: one today (the clock is 2026-11-24 08:00 in Beijing).
  const today = await createActivity(t.app, unit.id, { status: 'confirmed', startsAt: '2026-11-24T14:00:00+08:00', endsAt: '2026-11-24T15:00:00+08:00' });
  const todayOccurrence = (await t.api.get(`/api/v1/activities/${today.id}/occurrences`)).body.items[0] as { id: number };
  const present = (await t.api.post(`/api/v1/activities/${today.id}/registrations`).send({ ...attendee, email: 'ids-today@example.org' })).body;
  // The day's roster of that unit (a field visit), signed for the admin's token: its sync names registrations and occurrences.
  const roster = (await t.api.get(`/api/v1/rosters/2026-11-24?unitId=${unit.id}`)).body as { signature: string };
  const onPhone = { deviceTime: '2026-11-24T13:50:00+08:00', device: 'ids-phone' };
  // An offer whose application window is open at the test clock, and a school's grade-7 class to apply with.
  const offerBody = {
    unitId: unit.id, term: 'ids-term', kind: 'science_show', title: { 'zh-CN': '专场', en: 'Show' }, grades: [7], classSize: { min: 1, max: 45 },
    claims: [{ resourceId: telescopes.id, quantity: 1 }], slots: [{ startsAt: '2027-03-09T09:00:00+08:00', endsAt: '2027-03-09T10:00:00+08:00', capacity: 2 }],
    opensAt: '2026-11-01T00:00:00+08:00', closesAt: '2027-01-01T00:00:00+08:00',
  };
  const offer = (await t.api.post('/api/v1/offers').send(offerBody)).body as { id: number; slots: { id: number }[] };
  const school = await createUnit(t.app, { kind: 'school' });
  const grade7 = (await t.api.post('/api/v1/classes').send({ unitId: school.id, kind: 'school_class', code: 'ids-g7-1', grade: 7, number: 1, size: 40, name: { 'zh-CN': '七年级1班', en: 'Grade 7 class 1' } })).body;
  return {
    'post /api/v1/offers': [{ url: '/api/v1/offers', body: offerBody }],
    'post /api/v1/offers/{id}/applications': [{ url: `/api/v1/offers/${offer.id}/applications`, body: { classId: grade7.id, classSize: 30, preferences: [offer.slots[0]!.id] } }],
    'post /api/v1/activities/{id}/check-update': [{ url: `/api/v1/activities/${oneOff.id}/check-update`, body: { venueId: venue.id } }],
    'post /api/v1/activities/{id}/check-split': [{ url: `/api/v1/activities/${series.id}/check-split`, body: { occurrenceId: occurrences[1]!.id, venueId: venue.id } }],
    'post /api/v1/occurrences/{id}/attendance': [{ url: `/api/v1/occurrences/${todayOccurrence.id}/attendance`, body: { marks: [{ registrationId: present.id, status: 'present' }] } }],
    'post /api/v1/rosters/sync': [{ url: '/api/v1/rosters/sync', body: {
      signature: roster.signature,
      marks: [{ markId: 'ids-strict-mark', occurrenceId: todayOccurrence.id, registrationId: present.id, step: 'check_in', method: 'tap', ...onPhone }],
      headCounts: [{ headCountId: 'ids-strict-count', occurrenceId: todayOccurrence.id, step: 'left_school', counted: 0, missing: [present.id], ...onPhone }],
    } }],
    'post /api/v1/imports/{kind}': [{ url: '/api/v1/imports/resources', body: { unitId: unit.id, csv: 'kind,name_zh,name_en\nvenue,礼堂,Hall' } }],
    'post /api/v1/channels': [
      { url: '/api/v1/channels', body: { unitId: unit.id, platform: 'wecom', url: 'http://192.0.2.10/cgi-bin/webhook/send?key=ids', topics: ['overdue_loans'] } },
      { url: '/api/v1/channels', body: { classId: schoolClass.id, platform: 'feishu', url: 'http://192.0.2.10/open-apis/bot/v2/hook/ids', topics: ['activity_changes'] } },
    ],
    'post /api/v1/calendar-subscriptions': [
      { url: '/api/v1/calendar-subscriptions', body: { resourceId: venue.id, name: 'Timetable', ics: EMPTY_ICS } },
      { url: '/api/v1/calendar-subscriptions', body: { classId: schoolClass.id, name: 'Timetable', ics: EMPTY_ICS } },
    ],
    'post /api/v1/loans': [{ url: '/api/v1/loans', body: { claimId: booked.claims[0]!.id, itemIds: [lendable.id], holderName: 'H', holderEmail: 'h@example.org', dueBack: '2027-03-06T00:00:00Z' } }],
    'post /api/v1/loans/{id}/check-in': [{ url: `/api/v1/loans/${loan.id}/check-in`, body: { itemIds: [lent.id] } }],
    'post /api/v1/classes': [{ url: '/api/v1/classes', body: { unitId: unit.id, kind: 'club', code: 'ids-club-2', name: { 'zh-CN': '社团', en: 'Club' } } }],
    'post /api/v1/classes/import': [{ url: '/api/v1/classes/import', body: { unitId: unit.id, csv: 'code,kind,grade,number,size,name_zh,name_en\nids-g7,school_class,7,1,40,七年级,Grade 7' } }],
    'post /api/v1/class-calendar-entries': [{ url: '/api/v1/class-calendar-entries', body: { unitId: unit.id, classId: schoolClass.id, kind: 'blocked', name: { 'zh-CN': '停课', en: 'No classes' }, startsOn: '2027-03-01', endsOn: '2027-03-02' } }],
    'post /api/v1/commitments': [{ url: '/api/v1/commitments', body: commitment }],
    'post /api/v1/units': [{ url: '/api/v1/units', body: { slug: 'ids-unit', kind: 'school', name: { 'zh-CN': '学校', en: 'School' }, parentId: unit.id } }],
    'patch /api/v1/units/{id}': [{ url: `/api/v1/units/${unit.id}`, body: { parentId: null } }],
    'post /api/v1/resources': [{ url: '/api/v1/resources', body: { unitId: unit.id, kind: 'venue', name: { 'zh-CN': '厅', en: 'Hall' } } }],
    'post /api/v1/activities': [{ url: '/api/v1/activities', body: activityBody(unit.id, { venueId: venue.id, claims: [{ resourceId: telescopes.id, quantity: 1 }] }) }],
    'patch /api/v1/activities/{id}': [{ url: `/api/v1/activities/${oneOff.id}`, body: { venueId: venue.id } }],
    'post /api/v1/activities/{id}/claims': [{ url: `/api/v1/activities/${oneOff.id}/claims`, body: { resourceId: telescopes.id } }],
    'post /api/v1/activities/{id}/split': [{ url: `/api/v1/activities/${series.id}/split`, body: { occurrenceId: occurrences[2]!.id, venueId: venue.id } }],
    'post /api/v1/activities/{id}/registrations': [{ url: `/api/v1/activities/${show.id}/registrations`, body: { ...attendee, email: 'ids-show-2@example.org', occurrenceId: performances[1]!.id } }],
    'post /api/v1/activities/{id}/participants': [{ url: `/api/v1/activities/${show.id}/participants`, body: { ...attendee, email: 'ids-show-3@example.org', occurrenceId: performances[1]!.id } }],
    'post /api/v1/registrations/{id}/move': [{ url: `/api/v1/registrations/${held.id}/move?sig=${manageSig}`, body: { occurrenceId: performances[2]!.id } }],
    'post /api/v1/calendar-entries': [{ url: '/api/v1/calendar-entries', body: { kind: 'holiday', name: { 'zh-CN': '假日', en: 'Holiday' }, startsOn: '2027-05-01', endsOn: '2027-05-03' } }],
    'post /api/v1/feeds': [
      { url: '/api/v1/feeds', body: { type: 'programme', ...feedBase, filters: { unitIds: [unit.id], venueIds: [venue.id] } } },
      { url: '/api/v1/feeds', body: { type: 'unit', ...feedBase, unitId: unit.id } },
      { url: '/api/v1/feeds', body: { type: 'resource', ...feedBase, resourceId: venue.id } },
    ],
    'post /api/v1/feeds/public': [{ url: '/api/v1/feeds/public', body: { filters: { unitIds: [unit.id], venueIds: [venue.id] } } }],
    'patch /api/v1/feeds/{id}': [{ url: `/api/v1/feeds/${feed.id}`, body: { filters: { unitIds: [unit.id], venueIds: [venue.id] } } }],
    'post /api/v1/users': [{ url: '/api/v1/users', body: { email: 'ids-new@example.org', unitId: unit.id, role: 'viewer' } }],
    'patch /api/v1/users/{id}': [{ url: `/api/v1/users/${user.id}`, body: { unitId: unit.id } }],
    'post /api/v1/availability/search': [{
      url: '/api/v1/availability/search',
      body: { durationMinutes: 60, from: '2027-03-01', to: '2027-03-02', resources: [{ resourceId: telescopes.id }], venueChoices: { resourceIds: [venue.id] }, unitIds: [unit.id] },
    }],
  };
}

describe('ids in bodies are JSON integers only', () => {
  beforeAll(async () => {
    fixtures = await makeFixtures();
  });

  it('every operation whose body has an id field has a case, and each case is valid as it stands', async () => {
    const ops = await operations();
    const withIds = ops.filter((op) => idPaths(op.schema, undefined).length > 0).map((op) => `${op.method} ${op.path}`);
    expect(withIds.filter((key) => !fixtures[key])).toEqual([]);
    for (const op of ops) {
      for (const c of fixtures[`${op.method} ${op.path}`] ?? []) {
        // Valid as they stand, so each refusal below is the bad id's alone (checked on a copy of the data).
        const res = await t.api[op.method](c.url).send(c.body);
        expect(res.status, `${op.method} ${c.url} ${JSON.stringify(res.body)}`).toBeLessThan(300);
      }
    }
  });

  it('refuses true, "13", [13], "0x0d", " 13 " and other non-ids in every id field, naming the field and changing nothing', async () => {
    const ops = await operations();
    const failures: string[] = [];
    for (const op of ops) {
      for (const c of fixtures[`${op.method} ${op.path}`] ?? []) {
        const paths = idPaths(op.schema, c.body);
        for (const path of paths) {
          const before = await tableCounts(t.db.pool);
          for (const bad of BAD_IDS) {
            const res = await t.api[op.method](c.url).send(withValue(c.body, path, bad));
            const field = `body.${path.join('.')}`;
            const named = Array.isArray(res.body?.errors) && res.body.errors.some((e: { path: string }) => e.path === field || e.path.startsWith(`${field}.`));
            if (res.status < 400 || res.status >= 500 || !named) failures.push(`${op.method} ${c.url} ${field}=${JSON.stringify(bad)} → ${res.status} ${JSON.stringify(res.body?.errors ?? res.body)}`);
          }
          if (JSON.stringify(await tableCounts(t.db.pool)) !== JSON.stringify(before)) failures.push(`${op.method} ${c.url} body.${path.join('.')}: a bad id changed the database`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('books nothing with {"resourceId": true}', async () => {
    const unit = await createUnit(t.app);
    const activity = await createActivity(t.app, unit.id);
    const res = await t.api.post(`/api/v1/activities/${activity.id}/claims`).send({ resourceId: true });
    expect(res.status).toBe(422);
    expect((await t.api.get(`/api/v1/activities/${activity.id}`)).body.claims).toEqual([]);
  });
});

describe('ids in paths and queries are plain decimal digits', () => {
  it('answers a 4xx for hex, signs, spaces, exponents and fractions, never another unit', async () => {
    const unit = await createUnit(t.app);
    expect((await t.api.get(`/api/v1/units/${unit.id}`)).status).toBe(200);
    const hex = `0x${unit.id.toString(16)}`;
    for (const bad of [hex, `+${unit.id}`, `%20${unit.id}%20`, `${unit.id}.0`, `${unit.id}e0`, `0${unit.id}`, '0', '-1', '9007199254740992']) {
      const res = await t.api.get(`/api/v1/units/${bad}`);
      expect(res.status, `/units/${bad}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `/units/${bad}`).toBeLessThan(500);
    }
    for (const bad of [hex, ` ${unit.id}`, `${unit.id}e0`]) {
      const res = await t.api.get('/api/v1/resources').query({ unitId: bad });
      expect(res.status, `?unitId=${bad}`).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('query.unitId');
    }
    expect((await t.api.get('/api/v1/resources').query({ unitId: String(unit.id) })).status).toBe(200);
  });

  it('parses page sizes, cursors and grades as strictly', async () => {
    for (const [url, field] of [['/api/v1/units?limit=1e1', 'limit'], ['/api/v1/units?limit=%205', 'limit'], ['/api/v1/units?cursor=0x01', 'cursor'],
      ['/api/v1/activities?grade=0x0c', 'grade'], ['/api/v1/activities?limit=2.0', 'limit'], ['/api/v1/programme?from=2027-03-01T00:00:00Z&to=2027-03-02T00:00:00Z&grade=1e1', 'grade']] as const) {
      const res = await t.api.get(url);
      expect(res.status, url).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path), url).toContain(`query.${field}`);
    }
    expect((await t.api.get('/api/v1/units?limit=5&cursor=0')).status).toBe(200);
    expect((await t.api.get('/api/v1/activities?grade=12&limit=200')).status).toBe(200);
  });
});
