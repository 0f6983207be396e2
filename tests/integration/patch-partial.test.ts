import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { personLinks } from '../../src/privacy/person-link.ts';
import { resolveSecret } from '../../src/auth/signed-links.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createActivity, createResource, createUnit } from '../helpers/factories.ts';

/**
 * PATCH changes only the fields sent (issue 10, item 5). Every PATCH operation of the OpenAPI
 * document must have a case here; each field of its body is patched alone and every other field
 * of the entity must read back unchanged.
 */
let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

type Json = Record<string, unknown>;
interface Operation { path: string; body: Json }

async function patchOperations(): Promise<Operation[]> {
  const doc = (await t.api.get('/openapi.json')).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Json }> } }>> };
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    item.patch ? [{ path, body: item.patch.requestBody!.content['application/json']!.schema }] : []);
}

/** Every `default` in a JSON schema, by location. */
function defaultsIn(schema: unknown, at = ''): string[] {
  if (!schema || typeof schema !== 'object') return [];
  return Object.entries(schema as Json).flatMap(([key, value]) => (key === 'default' ? [at || '(root)'] : defaultsIn(value, `${at}/${key}`)));
}

interface Case {
  /** Makes a fresh entity; returns its PATCH url and how to read it back. */
  make(): Promise<{ url: string; read(): Promise<Json> }>;
  /** A value for each field of the body (each valid when sent alone). */
  values: Json;
  /** Fields a change of this field derives by rule (documented), besides updatedAt. */
  derived?: Record<string, string[]>;
}

const get = async (url: string) => {
  const res = await t.api.get(url);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Json;
};

// An activity whose start and end are local midnights, so allDay: true is valid on its own.
const MIDNIGHTS = { startsAt: '2027-03-02T00:00:00+08:00', endsAt: '2027-03-03T00:00:00+08:00' };
const SERIES = { startsAt: '2027-03-04T16:00:00+08:00', endsAt: '2027-03-04T17:30:00+08:00', recurrenceRule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=4' };

const cases: Record<string, Case> = {
  '/api/v1/me/notification-preferences': {
    async make() {
      return { url: '/api/v1/me/notification-preferences', read: () => get('/api/v1/me/notification-preferences') };
    },
    values: { approval_request: false, approval_decision: false, hold_expiring: false },
  },
  '/api/v1/channels/{id}': {
    async make() {
      const unit = await createUnit(t.app);
      const c = (await t.api.post('/api/v1/channels').send({ unitId: unit.id, platform: 'dingtalk', url: 'http://192.0.2.10/robot/send?access_token=a', secret: 'SECfirst-secret', name: '年级群', topics: ['activity_changes'] })).body as Json;
      const read = async () => ((await t.api.get(`/api/v1/channels?unitId=${unit.id}`)).body as Json[]).find((e) => e.id === c.id)!;
      return { url: `/api/v1/channels/${c.id}`, read };
    },
    values: { url: 'http://192.0.2.11/robot/send?access_token=b', secret: null, name: '教研群', topics: ['overdue_loans'], enabled: false },
    // The secret is never shown: whether one is stored is.
    derived: { secret: ['signed'] },
  },
  '/api/v1/webhooks/{id}': {
    async make() {
      const w = (await t.api.post('/api/v1/webhooks').send({ url: 'http://192.0.2.10/hook', eventTypes: ['activity.created'], description: '教务系统' })).body as Json;
      const read = async () => ((await t.api.get('/api/v1/webhooks')).body as Json[]).find((e) => e.id === w.id)!;
      return { url: `/api/v1/webhooks/${w.id}`, read };
    },
    values: { url: 'http://192.0.2.11/other', description: '新系统', eventTypes: ['loan.overdue', 'plan.accepted'], enabled: false },
  },
  '/api/v1/units/{id}': {
    async make() {
      const parent = await createUnit(t.app);
      const unit = await createUnit(t.app, { timeZone: 'Europe/Berlin', parentId: parent.id });
      return { url: `/api/v1/units/${unit.id}`, read: () => get(`/api/v1/units/${unit.id}`) };
    },
    values: { slug: `patched-${Date.now()}`, kind: 'school', name: { 'zh-CN': '新名', en: 'New name' }, parentId: null, timeZone: 'Asia/Tokyo', pupilsPerAdultPrimary: 5, pupilsPerAdultSecondary: 12, privacyContact: '王老师（信息保护负责人）wang@school.example.org' },
  },
  '/api/v1/resources/{id}': {
    async make() {
      const unit = await createUnit(t.app);
      const r = await createResource(t.app, { unitId: unit.id, kind: 'equipment', category: 'telescope', quantity: 6, description: 'Refractors', location: 'Store 2', openingHours: { tue: [['09:00', '16:30']] } });
      return { url: `/api/v1/resources/${r.id}`, read: () => get(`/api/v1/resources/${r.id}`) };
    },
    values: { name: { 'zh-CN': '望远镜', en: 'Telescopes' }, category: 'binoculars', description: 'Other', location: 'Store 3', place: { 'zh-CN': '三号库房', en: 'Store 3' }, quantity: 8, openingHours: null },
    // The older single text and the two forms are one location (issue 25 item 7).
    derived: { location: ['place'], place: ['location'] },
  },
  '/api/v1/items/{id}': {
    async make() {
      const unit = await createUnit(t.app);
      const r = await createResource(t.app, { unitId: unit.id, kind: 'equipment', quantity: 2 });
      const item = (await t.api.post(`/api/v1/resources/${r.id}/items`).send({ label: 'Telescope 1', condition: 'Good', homeLocation: 'Store 1' })).body as Json;
      const read = async () => ((await get(`/api/v1/resources/${r.id}/items`)).items as Json[]).find((i) => i.id === item.id)!;
      return { url: `/api/v1/items/${item.id}`, read };
    },
    values: { label: 'Telescope 9', labelEn: 'Telescope nine', condition: 'Scratched', homeLocation: 'Store 2', homeLocationEn: 'Store two', status: 'damaged' },
  },
  '/api/v1/activities/{id}': {
    async make() {
      const unit = await createUnit(t.app);
      const venue = await createResource(t.app, { unitId: unit.id });
      const other = await createResource(t.app, { unitId: unit.id });
      const a = await createActivity(t.app, unit.id, {
        ...MIDNIGHTS, venueId: venue.id, capacity: 30, audienceGrades: [7, 8], languages: ['zh-CN', 'en'], visibility: 'public',
        description: { 'zh-CN': '说明', en: 'About' },
      });
      (cases['/api/v1/activities/{id}']!.values as Json).venueId = other.id;
      const guide = await createResource(t.app, { unitId: unit.id, kind: 'staff' });
      (cases['/api/v1/activities/{id}']!.values as Json).claims = [{ resourceId: guide.id, quantity: 1, setupMinutes: 0, teardownMinutes: 0 }];
      return { url: `/api/v1/activities/${a.id}`, read: () => get(`/api/v1/activities/${a.id}`) };
    },
    values: {
      kind: 'science_show', title: { 'zh-CN': '新标题', en: 'New title' }, description: { 'zh-CN': '新说明', en: 'New about' },
      venueId: null, startsAt: '2027-03-01T00:00:00+08:00', endsAt: '2027-03-04T00:00:00+08:00', timeZone: 'Asia/Tokyo', allDay: true,
      status: 'confirmed', visibility: 'internal', capacity: 12, audienceGrades: [3], languages: ['en'], recurrenceRule: 'FREQ=DAILY;COUNT=2',
      claims: [] as Json[],
      registrationScope: 'occurrence', transport: 'Bus 302', contact: 'Ms Wang',
      destination: '麋鹿苑', meetingPoint: '校门口', meetingAt: '2027-03-01T23:00:00+08:00', contactPhone: '010-1234-5678', pupilsPerAdult: 8, headCountDays: 5,
    },
    derived: {
      venueId: ['claims', 'sequence'], startsAt: ['sequence'], endsAt: ['sequence'], timeZone: ['sequence'], allDay: ['sequence'],
      status: ['sequence'], recurrenceRule: ['sequence'],
    },
  },
  '/api/v1/activities/{id}/claims/{claimId}': {
    async make() {
      const unit = await createUnit(t.app);
      const telescopes = await createResource(t.app, { unitId: unit.id, kind: 'equipment', quantity: 10 });
      const a = await createActivity(t.app, unit.id, { claims: [{ resourceId: telescopes.id, quantity: 4, setupMinutes: 30, teardownMinutes: 20 }] });
      const claimId = a.claims[0]!.id;
      const read = async () => ((await get(`/api/v1/activities/${a.id}`)).claims as Json[]).find((c) => c.id === claimId)!;
      return { url: `/api/v1/activities/${a.id}/claims/${claimId}`, read };
    },
    values: { quantity: 5, setupMinutes: 15, teardownMinutes: 10 },
  },
  '/api/v1/activities/{id}/occurrences/{occurrenceId}': {
    async make() {
      const unit = await createUnit(t.app);
      const a = await createActivity(t.app, unit.id, SERIES);
      const list = async () => (await get(`/api/v1/activities/${a.id}/occurrences`)).items as Json[];
      const second = (await list())[1]!;
      return { url: `/api/v1/activities/${a.id}/occurrences/${second.id}`, read: async () => (await list()).find((o) => o.id === second.id)! };
    },
    values: { startsAt: '2027-03-11T15:00:00+08:00', endsAt: '2027-03-11T18:00:00+08:00', status: 'cancelled' },
    // Moving only the start keeps the occurrence's length (documented on the route).
    derived: { startsAt: ['endsAt'] },
  },
  '/api/v1/feeds/{id}': {
    async make() {
      const unit = await createUnit(t.app);
      const res = await t.api.post('/api/v1/feeds').send({ type: 'programme', name: 'Clubs', description: 'All clubs', language: 'en', ownerUnitId: unit.id, filters: { kinds: ['club_session'] } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { url: `/api/v1/feeds/${res.body.id}`, read: () => get(`/api/v1/feeds/${res.body.id}`) };
    },
    values: { name: 'Shows', description: 'Other', language: 'zh-CN', filters: { grades: [5] } },
    derived: { name: ['version'], description: ['version'], language: ['version'], filters: ['version'] },
  },
  '/api/v1/classes/{id}': {
    async make() {
      const unit = await createUnit(t.app, { kind: 'school' });
      const res = await t.api.post('/api/v1/classes').send({ unitId: unit.id, kind: 'school_class', code: 'g7-1', grade: 7, number: 1, size: 40, name: { 'zh-CN': '七年级1班', en: 'Grade 7 class 1' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { url: `/api/v1/classes/${res.body.id}`, read: () => get(`/api/v1/classes/${res.body.id}`) };
    },
    values: { name: { 'zh-CN': '七年级一班', en: 'Grade 7, class one' }, size: 41 },
  },
  '/api/v1/applications/{id}': {
    async make() {
      const academy = await createUnit(t.app);
      const school = await createUnit(t.app, { kind: 'school' });
      const klass = await t.api.post('/api/v1/classes').send({ unitId: school.id, kind: 'school_class', code: 'g7-1', grade: 7, number: 1, size: 40, name: { 'zh-CN': '七年级1班', en: 'Grade 7 class 1' } });
      expect(klass.status, JSON.stringify(klass.body)).toBe(201);
      // The window is open around the test clock, whatever it is.
      const now = t.clock.now().toMillis();
      const offer = await t.api.post('/api/v1/offers').send({
        unitId: academy.id, term: 'spring-2099', kind: 'science_show', title: { 'zh-CN': '专场', en: 'Show' }, grades: [7], classSize: { min: 10, max: 45 },
        slots: [1, 2].map((d) => ({ startsAt: `2099-03-0${d}T09:00:00+08:00`, endsAt: `2099-03-0${d}T10:30:00+08:00`, capacity: 2 })),
        opensAt: new Date(now - 365 * 86_400_000).toISOString(), closesAt: new Date(now + 365 * 86_400_000).toISOString(), rules: { perSchoolCap: 2, seed: 1 },
      });
      expect(offer.status, JSON.stringify(offer.body)).toBe(201);
      const slots = (offer.body.slots as Json[]).map((x) => x.id as number);
      (cases['/api/v1/applications/{id}']!.values as Json).preferences = [slots[1], slots[0]];
      const made = await t.api.post(`/api/v1/offers/${offer.body.id}/applications`).send({ classId: klass.body.id, classSize: 40, preferences: [slots[0]] });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      return { url: `/api/v1/applications/${made.body.id}`, read: () => get(`/api/v1/applications/${made.body.id}`) };
    },
    values: { classSize: 30, preferences: [] as number[] },
  },
  // A family corrects a registration through their signed link (src/privacy/); read back through the same link.
  '/api/v1/privacy/person/registrations/{id}': {
    async make() {
      const unit = await createUnit(t.app);
      const activity = await createActivity(t.app, unit.id, { status: 'confirmed', startsAt: '2027-03-02T09:00:00+08:00', endsAt: '2027-03-02T10:00:00+08:00' });
      const email = `family${Date.now()}${Math.random()}@example.org`.replace('0.', '');
      const res = await t.api.post(`/api/v1/activities/${activity.id}/registrations`).send({ name: '李华', email, role: 'student', grade: 5, class: '2班' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const token = personLinks(resolveSecret(t.config)).sign(email, DateTime.now().plus({ hours: 1 }));
      const read = async () => ((await get(`/api/v1/privacy/person?token=${token}`)).registrations as Json[])[0]!;
      return { url: `/api/v1/privacy/person/registrations/${res.body.id}?token=${token}`, read };
    },
    values: { name: '李华华', grade: 6, class: '3班' },
  },
  '/api/v1/users/{id}': {
    async make() {
      const unit = await createUnit(t.app);
      const other = await createUnit(t.app);
      (cases['/api/v1/users/{id}']!.values as Json).unitId = other.id;
      const res = await t.api.post('/api/v1/users').send({ email: `u${Date.now()}${Math.random()}@example.org`.replace('0.', ''), name: 'Wang Fang', unitId: unit.id, role: 'organizer' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const read = async () => ((await get('/api/v1/users?limit=200')).items as Json[]).find((u) => u.id === res.body.id)!;
      return { url: `/api/v1/users/${res.body.id}`, read };
    },
    values: { name: 'Li Hua', unitId: 0, role: 'viewer', disabled: true },
  },
};

/** Instants compare as instants: a new zone shows the same moment with another offset. */
function normalised(entity: Json): Json {
  return Object.fromEntries(Object.entries(entity).map(([k, v]) => [k, typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) : v]));
}

describe('PATCH changes only what it names', () => {
  it('no PATCH body schema carries a default', async () => {
    const found = (await patchOperations()).flatMap((op) => defaultsIn(op.body).map((at) => `${op.path} ${at}`));
    expect(found).toEqual([]);
  });

  it('every PATCH operation has a case below, with a value for each field of its body', async () => {
    const ops = await patchOperations();
    expect(ops.map((o) => o.path).sort()).toEqual(Object.keys(cases).sort());
    for (const op of ops) {
      const fields = Object.keys((op.body.properties ?? {}) as Json).filter((f) => f !== 'override');
      expect(Object.keys(cases[op.path]!.values).sort(), op.path).toEqual(fields.sort());
    }
  });

  for (const [path, c] of Object.entries(cases)) {
    it(`${path}: patching one field leaves every other field as it was`, async () => {
      for (const field of Object.keys(c.values)) {
        const { url, read } = await c.make();
        const before = normalised(await read());
        const res = await t.api.patch(url).send({ [field]: c.values[field] });
        expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(200);
        const after = normalised(await read());
        const may = new Set([field, 'updatedAt', ...(c.derived?.[field] ?? [])]);
        const changed = Object.keys(before).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) && !may.has(k));
        expect(changed, `PATCH ${path} {${field}} changed`).toEqual([]);
        expect(after[field] === undefined || JSON.stringify(after[field]) !== JSON.stringify(before[field]), `${field} took the new value`).toBe(true);
      }
    });
  }

  it('a partial description keeps the other language', async () => {
    const unit = await createUnit(t.app);
    const a = await createActivity(t.app, unit.id, { description: { 'zh-CN': '说明', en: 'About' } });
    const res = await t.api.patch(`/api/v1/activities/${a.id}`).send({ description: { en: 'New about' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.description).toEqual({ 'zh-CN': '说明', en: 'New about' });
  });
});
