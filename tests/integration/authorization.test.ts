import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { userWithToken } from '../helpers/auth.ts';
import { tableCounts } from '../helpers/db.ts';
import { activityBody, createResource, createUnit } from '../helpers/factories.ts';
import { checkInSigner } from '../../src/attendance/code.ts';
import { resolveSecret } from '../../src/auth/signed-links.ts';

/**
 * Who may change what: every mutating endpoint × role × own/other unit (reads: authorization-reads.test.ts). Unit A is the acting
 * user's unit ("own"), unit B another one ("other"). Fixtures are made fresh per call by the admin,
 * so an allowed DELETE never eats the next case's target.
 */
type Role = 'anonymous' | 'viewer' | 'organizer' | 'admin';
type Rule = 'unit-write' | 'admin-only' | 'signed-in';
type Subject = 'own' | 'other';
interface Call {
  method: 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: object;
}

let t: TestContext;
let unitA: number;
let unitB: number;
const headers: Record<Role, Record<string, string>> = { anonymous: {}, viewer: {}, organizer: {}, admin: {} };

beforeAll(async () => {
  t = await startTestApp();
  unitA = (await createUnit(t.app, { kind: 'school' })).id;
  unitB = (await createUnit(t.app)).id;
  headers.viewer = (await userWithToken(t, 'viewer', unitA)).headers;
  headers.organizer = (await userWithToken(t, 'organizer', unitA)).headers;
  headers.admin = t.admin;
});
afterAll(() => t.close());

const unitOf = (subject: Subject) => (subject === 'own' ? unitA : unitB);

async function ok<T>(req: request.Test): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

async function activity(subject: Subject, overrides: Record<string, unknown> = {}): Promise<{ id: number; claims: { id: number; resourceId: number }[] }> {
  return ok(t.api.post('/api/v1/activities').send(activityBody(unitOf(subject), overrides)));
}

async function series(subject: Subject) {
  const created = await activity(subject, { recurrenceRule: 'FREQ=WEEKLY;COUNT=3', startsAt: '2027-03-02T09:00:00+08:00', endsAt: '2027-03-02T10:00:00+08:00' });
  const { items } = await ok<{ items: { id: number }[] }>(t.api.get(`/api/v1/activities/${created.id}/occurrences`));
  return { id: created.id, occurrences: items.map((o) => o.id) };
}

async function pool(subject: Subject) {
  return createResource(t.app, { unitId: unitOf(subject), kind: 'equipment', quantity: 5 });
}

/** A claim waiting for the decision of the unit that owns the resource (`subject`). */
async function pendingClaimOn(subject: Subject) {
  const owner = await pool(subject);
  const requester = subject === 'own' ? unitB : unitA;
  const created = await ok<{ id: number; claims: { id: number; resourceId: number }[] }>(t.api.post('/api/v1/activities')
    .send(activityBody(requester, { status: 'confirmed', claims: [{ resourceId: owner.id, quantity: 1 }] })));
  return { activityId: created.id, claimId: created.claims.find((c) => c.resourceId === owner.id)!.id };
}

const localized = { 'zh-CN': '名称', en: 'Name' };
const loanHolder = { holderName: 'Holder', holderEmail: 'holder@example.org', dueBack: '2027-01-01T00:00:00Z' };
/** An item of a fresh pool of the subject's unit. */
async function item(subject: Subject) {
  return ok<{ id: number }>(t.api.post(`/api/v1/resources/${(await pool(subject)).id}/items`).send({ label: 'Telescope 1' }));
}

/** A confirmed activity of the unit with one registration, and its occurrence (attendance rows). */
async function registered(subject: Subject, overrides: Record<string, unknown> = {}) {
  const a = await activity(subject, { status: 'confirmed', ...overrides });
  const reg = await ok<{ id: number }>(request(t.app).post(`/api/v1/activities/${a.id}/registrations`).send({ name: '李华', email: `p${Math.random().toString(36).slice(2, 8)}@example.org`, role: 'teacher' }));
  const { items } = await ok<{ items: { id: number }[] }>(t.api.get(`/api/v1/activities/${a.id}/occurrences`));
  return { activityId: a.id, registrationId: reg.id, occurrenceId: items[0]!.id };
}

const cases: [string, Rule, (s: Subject) => Promise<Call>][] = [
  ['create a unit', 'admin-only', async () => ({ method: 'post', path: '/api/v1/units', body: { slug: `u-${Math.random().toString(36).slice(2, 8)}`, kind: 'school', name: localized } })],
  ['change a unit', 'admin-only', async (s) => ({ method: 'patch', path: `/api/v1/units/${unitOf(s)}`, body: { name: localized } })],
  ['delete a unit', 'admin-only', async () => ({ method: 'delete', path: `/api/v1/units/${(await createUnit(t.app)).id}` })],
  ['create a resource', 'unit-write', async (s) => ({ method: 'post', path: '/api/v1/resources', body: { unitId: unitOf(s), kind: 'venue', name: localized } })],
  ['change a resource', 'unit-write', async (s) => ({ method: 'patch', path: `/api/v1/resources/${(await pool(s)).id}`, body: { quantity: 6 } })],
  ['add an item to a pool', 'unit-write', async (s) => ({ method: 'post', path: `/api/v1/resources/${(await pool(s)).id}/items`, body: { label: 'Telescope 1' } })],
  ['change an item', 'unit-write', async (s) => ({ method: 'patch', path: `/api/v1/items/${(await item(s)).id}`, body: { status: 'damaged' } })],
  ['delete an item', 'unit-write', async (s) => ({ method: 'delete', path: `/api/v1/items/${(await item(s)).id}` })],
  ['check items out', 'unit-write', async (s) => ({ method: 'post', path: '/api/v1/loans', body: { itemIds: [(await item(s)).id], ...loanHolder } })],
  ['check items in', 'unit-write', async (s) => {
    const lent = await item(s);
    const loan = await ok<{ id: number }>(t.api.post('/api/v1/loans').send({ itemIds: [lent.id], ...loanHolder }));
    return { method: 'post', path: `/api/v1/loans/${loan.id}/check-in`, body: { itemIds: [lent.id] } };
  }],
  ['delete a resource', 'unit-write', async (s) => ({ method: 'delete', path: `/api/v1/resources/${(await pool(s)).id}` })],
  ['create an activity', 'unit-write', async (s) => ({ method: 'post', path: '/api/v1/activities', body: activityBody(unitOf(s)) })],
  ['change an activity', 'unit-write', async (s) => ({ method: 'patch', path: `/api/v1/activities/${(await activity(s)).id}`, body: { capacity: 30 } })],
  ['dry-run a change of an activity', 'unit-write', async (s) => ({ method: 'post', path: `/api/v1/activities/${(await activity(s)).id}/check-update`, body: { capacity: 30 } })],
  ['preview a recurrence', 'signed-in', async () => ({ method: 'post', path: '/api/v1/recurrence/preview', body: { startsAt: '2027-03-04T19:00:00+08:00', endsAt: '2027-03-04T21:00:00+08:00', timeZone: 'Asia/Shanghai', recurrenceRule: 'FREQ=WEEKLY;COUNT=3' } })],
  ['delete a draft activity', 'unit-write', async (s) => ({ method: 'delete', path: `/api/v1/activities/${(await activity(s)).id}` })],
  ['claim a resource', 'unit-write', async (s) => ({ method: 'post', path: `/api/v1/activities/${(await activity(s)).id}/claims`, body: { resourceId: (await pool(s)).id, quantity: 1 } })],
  ['resize a claim', 'unit-write', async (s) => {
    const a = await activity(s, { claims: [{ resourceId: (await pool(s)).id, quantity: 1 }] });
    return { method: 'patch', path: `/api/v1/activities/${a.id}/claims/${a.claims[0]!.id}`, body: { quantity: 2 } };
  }],
  ['release a claim', 'unit-write', async (s) => {
    const a = await activity(s, { claims: [{ resourceId: (await pool(s)).id, quantity: 1 }] });
    return { method: 'delete', path: `/api/v1/activities/${a.id}/claims/${a.claims[0]!.id}` };
  }],
  ['move one occurrence', 'unit-write', async (s) => {
    const a = await series(s);
    return { method: 'patch', path: `/api/v1/activities/${a.id}/occurrences/${a.occurrences[1]}`, body: { status: 'cancelled' } };
  }],
  ['split a series', 'unit-write', async (s) => {
    const a = await series(s);
    return { method: 'post', path: `/api/v1/activities/${a.id}/split`, body: { occurrenceId: a.occurrences[1] } };
  }],
  ['dry-run this and following', 'unit-write', async (s) => {
    const a = await series(s);
    return { method: 'post', path: `/api/v1/activities/${a.id}/check-split`, body: { occurrenceId: a.occurrences[1] } };
  }],
  ['approve a claim on a resource', 'unit-write', async (s) => {
    const c = await pendingClaimOn(s);
    return { method: 'post', path: `/api/v1/activities/${c.activityId}/claims/${c.claimId}/approve`, body: {} };
  }],
  ['decline a claim on a resource', 'unit-write', async (s) => {
    const c = await pendingClaimOn(s);
    return { method: 'post', path: `/api/v1/activities/${c.activityId}/claims/${c.claimId}/decline`, body: {} };
  }],
  ['add a calendar entry', 'unit-write', async (s) => ({ method: 'post', path: '/api/v1/calendar-entries', body: { kind: 'closure', unitId: unitOf(s), name: localized, startsOn: '2027-04-01', endsOn: '2027-04-02' } })],
  ['remove a calendar entry', 'unit-write', async (s) => {
    const entry = await ok<{ id: number }>(t.api.post('/api/v1/calendar-entries').send({ kind: 'closure', unitId: unitOf(s), name: localized, startsOn: '2027-05-01', endsOn: '2027-05-01' }));
    return { method: 'delete', path: `/api/v1/calendar-entries/${entry.id}` };
  }],
  ['add a calendar entry for everyone', 'admin-only', async () => ({ method: 'post', path: '/api/v1/calendar-entries', body: { kind: 'holiday', name: localized, startsOn: '2027-06-01', endsOn: '2027-06-01' } })],
  ['create a unit feed', 'unit-write', async (s) => ({ method: 'post', path: '/api/v1/feeds', body: { type: 'unit', name: 'Feed', unitId: unitOf(s) } })],
  ['rename a unit feed', 'unit-write', async (s) => {
    const feed = await ok<{ id: number }>(t.api.post('/api/v1/feeds').send({ type: 'unit', name: 'Feed', unitId: unitOf(s) }));
    return { method: 'patch', path: `/api/v1/feeds/${feed.id}`, body: { name: 'Renamed' } };
  }],
  ['rotate a unit feed', 'unit-write', async (s) => {
    const feed = await ok<{ id: number }>(t.api.post('/api/v1/feeds').send({ type: 'unit', name: 'Feed', unitId: unitOf(s) }));
    return { method: 'post', path: `/api/v1/feeds/${feed.id}/rotate`, body: {} };
  }],
  ['revoke a unit feed', 'unit-write', async (s) => {
    const feed = await ok<{ id: number }>(t.api.post('/api/v1/feeds').send({ type: 'unit', name: 'Feed', unitId: unitOf(s) }));
    return { method: 'delete', path: `/api/v1/feeds/${feed.id}` };
  }],
  ['create a personal feed for a participant', 'admin-only', async () => ({ method: 'post', path: '/api/v1/feeds', body: { type: 'participant', name: 'Mine', ownerEmail: 'student@example.org' } })],
  ['retry an email', 'unit-write', async (s) => {
    const a = await activity(s, { status: 'confirmed' });
    await ok(request(t.app).post(`/api/v1/activities/${a.id}/registrations`).send({ name: '李华', email: `p${Math.random().toString(36).slice(2, 8)}@example.org`, role: 'student' }));
    const { items } = await ok<{ items: { id: number }[] }>(t.api.get(`/api/v1/deliveries?activityId=${a.id}`));
    return { method: 'post', path: `/api/v1/deliveries/${items[0]!.id}/retry`, body: {} };
  }],
  ['mark attendance', 'unit-write', async (s) => {
    const r = await registered(s);
    return { method: 'post', path: `/api/v1/occurrences/${r.occurrenceId}/attendance`, body: { marks: [{ registrationId: r.registrationId, status: 'present' }] } };
  }],
  ['mark everyone present', 'unit-write', async (s) => ({ method: 'post', path: `/api/v1/occurrences/${(await registered(s)).occurrenceId}/attendance/all-present` })],
  ['scan a check-in code', 'unit-write', async (s) => {
    const r = await registered(s);
    return { method: 'post', path: `/api/v1/occurrences/${r.occurrenceId}/attendance/scan`, body: { code: checkInSigner(resolveSecret(t.config)).sign(r) } };
  }],
  ['set training hours', 'unit-write', async (s) => ({ method: 'put', path: `/api/v1/activities/${(await registered(s, { kind: 'teacher_training' })).activityId}/training-hours`, body: { hoursPerOccurrence: 2 } })],
  ['create a user', 'admin-only', async (s) => ({ method: 'post', path: '/api/v1/users', body: { email: `x${Math.random().toString(36).slice(2, 8)}@example.org`, role: 'viewer', unitId: unitOf(s) } })],
  ['change a user', 'admin-only', async (s) => ({ method: 'patch', path: `/api/v1/users/${(await userWithToken(t, 'viewer', unitOf(s))).userId}`, body: { role: 'organizer' } })],
  ['create an API token', 'signed-in', async () => ({ method: 'post', path: '/api/v1/auth/tokens', body: { name: 'script' } })],
  ['add a participant by hand', 'unit-write', async (s) => {
    const a = await activity(s, { status: 'confirmed' });
    return { method: 'post', path: `/api/v1/activities/${a.id}/participants`, body: { name: '李华', email: `p${Math.random().toString(36).slice(2, 8)}@example.org`, role: 'student' } };
  }],
  ['write to the registrants', 'unit-write', async (s) => ({ method: 'post', path: `/api/v1/activities/${(await activity(s, { status: 'confirmed' })).id}/messages`, body: { audience: 'registrants', subject: 'Hi', body: 'Hello' } })],
  ['choose my notification emails', 'signed-in', async () => ({ method: 'patch', path: '/api/v1/me/notification-preferences', body: { hold_expiring: true } })],
  ['dry-run a CSV import of resources', 'unit-write', async (s) => ({ method: 'post', path: '/api/v1/imports/resources', body: { unitId: unitOf(s), csv: 'kind,name_zh,name_en\nvenue,礼堂,Hall' } })],
  ['apply a CSV import of calendar entries', 'unit-write', async (s) => ({ method: 'post', path: '/api/v1/imports/calendar-entries', body: { unitId: unitOf(s), csv: 'kind,name_zh,name_en,starts_on,ends_on\nclosure,闭馆,Closed,2027-08-01,2027-08-01', apply: true } })],
  ['dry-run a CSV import of units', 'admin-only', async (s) => ({ method: 'post', path: '/api/v1/imports/units', body: { unitId: unitOf(s), csv: 'slug,kind,name_zh,name_en\nnew-school,school,新校,New school' } })],
  ['subscribe a venue to an external calendar file', 'unit-write', async (s) => ({ method: 'post', path: '/api/v1/calendar-subscriptions', body: { resourceId: (await createResource(t.app, { unitId: unitOf(s) })).id, name: 'Timetable', ics: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n' } })],
  ['subscribe a class to an external calendar file', 'unit-write', async (s) => {
    const cls = await ok<{ id: number }>(t.api.post('/api/v1/classes').send({ unitId: unitOf(s), kind: 'club', code: `c${Math.random().toString(36).slice(2, 8)}`, name: { 'zh-CN': '天文社', en: 'Astronomy club' } }));
    return { method: 'post', path: '/api/v1/calendar-subscriptions', body: { classId: cls.id, name: 'Timetable', ics: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n' } };
  }],
  ['search for a time', 'signed-in', async (s) => ({ method: 'post', path: '/api/v1/availability/search', body: { durationMinutes: 60, from: '2027-03-01', to: '2027-03-07', resources: [{ resourceId: (await pool(s)).id, quantity: 1 }] } })],
];

function allowed(role: Role, rule: Rule, subject: Subject): boolean {
  if (role === 'anonymous') return false;
  if (role === 'admin' || rule === 'signed-in') return true;
  if (rule === 'admin-only') return false;
  return role === 'organizer' && subject === 'own';
}

const roles: Role[] = ['anonymous', 'viewer', 'organizer', 'admin'];
const matrix = cases.flatMap(([name, rule, prepare]) =>
  roles.flatMap((role) => (['own', 'other'] as Subject[]).map((subject) => [name, role, subject, rule, prepare] as const)));

describe('the role matrix', () => {
  it.each(matrix)('%s as %s (%s unit)', async (_name, role, subject, rule, prepare) => {
    const call = await prepare(subject);
    const before = await tableCounts(t.db.pool);
    let req = request(t.app)[call.method](call.path).set(headers[role]);
    if (call.body) req = req.send(call.body);
    const res = await req;
    if (allowed(role, rule, subject)) {
      expect([401, 403], `${res.status} ${JSON.stringify(res.body)}`).not.toContain(res.status);
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
    } else {
      expect(res.status, JSON.stringify(res.body)).toBe(role === 'anonymous' ? 401 : 403);
      expect(res.body.code).toBe(role === 'anonymous' ? 'unauthorized' : 'forbidden');
      expect(await tableCounts(t.db.pool)).toEqual(before);
    }
  });
});

describe('every mutating endpoint', () => {
  it('refuses anonymous callers with 401 before looking at the body, unless it is meant to be public', async () => {
    const doc = (await request(t.app).get('/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const publicOnes = new Set(['post /api/v1/auth/sign-in', 'post /api/v1/activities/{id}/registrations', 'post /api/v1/registrations/{id}/cancel',
      'post /api/v1/registrations/{id}/unsubscribe', 'post /api/v1/feeds/public', 'post /api/v1/registrations/{id}/move',
      'post /api/v1/consents/{id}/give', 'post /api/v1/consents/{id}/decline', 'post /api/v1/rosters/sync',
      // A family's rights: the request answers the same for any address; the rest carry the emailed link's token.
      'post /api/v1/privacy/requests', 'post /api/v1/privacy/person/erasure', 'patch /api/v1/privacy/person/registrations/{id}']);
    let checked = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (method === 'get' || !path.startsWith('/api/v1/')) continue;
        const key = `${method} ${path}`;
        expect(operation.security?.length === 0, key).toBe(publicOnes.has(key));
        if (publicOnes.has(key)) continue;
        const res = await (request(t.app) as unknown as Record<string, (p: string) => request.Test>)[method]!(path.replace(/\{[^}]+\}/g, '1')).send({ junk: true });
        expect(res.status, key).toBe(401);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(25);
  });

  it('lets no role move a registration or answer a consent without the signature of the emailed link', async () => {
    const a = await activity('own', { status: 'confirmed', kind: 'science_show' });
    const reg = await ok<{ id: number }>(request(t.app).post(`/api/v1/activities/${a.id}/registrations`).send({ name: '李华', email: `p${Math.random().toString(36).slice(2, 8)}@example.org`, role: 'student' }));
    const before = await tableCounts(t.db.pool);
    for (const role of roles) {
      for (const [path, body] of [[`/api/v1/registrations/${reg.id}/move`, { occurrenceId: 1 }], [`/api/v1/consents/${reg.id}/give`, undefined], [`/api/v1/consents/${reg.id}/decline`, undefined]] as const) {
        const res = await request(t.app).post(`${path}?sig=${'x'.repeat(43)}`).set(headers[role]).send(body);
        expect(res.status, `${role} ${path}`).toBe(404);
      }
    }
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });

  it('lets no role sync roster marks without a roster signature the server made', async () => {
    const before = await tableCounts(t.db.pool);
    const mark = { markId: 'forged-mark-1', occurrenceId: 1, registrationId: 1, step: 'check_in', method: 'tap', deviceTime: '2027-03-02T08:00:00+08:00', device: 'x' };
    for (const role of roles) {
      const res = await request(t.app).post('/api/v1/rosters/sync').set(headers[role]).send({ signature: `R1.${Buffer.from('{"unitId":1}').toString('base64url')}.${'x'.repeat(43)}`, marks: [mark] });
      expect([role, res.status, res.body.code]).toEqual([role, 400, 'roster_signature_invalid']);
    }
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });

  it('answers a cross-unit read of registrations and deliveries with 403, and the audit log only to admins', async () => {
    const other = await activity('other', { status: 'confirmed' });
    expect((await request(t.app).get(`/api/v1/activities/${other.id}/registrations`).set(headers.organizer)).status).toBe(403);
    expect((await request(t.app).get('/api/v1/audit').set(headers.organizer)).status).toBe(403);
    expect((await request(t.app).get('/api/v1/audit').set(headers.admin)).status).toBe(200);
    const own = await activity('own', { status: 'confirmed' });
    expect((await request(t.app).get(`/api/v1/activities/${own.id}/registrations`).set(headers.organizer)).status).toBe(200);
  });

  it('hides drafts of other units, and the titles of their activities in conflicts', async () => {
    const venue = await createResource(t.app, { unitId: unitB });
    const hidden = await activity('other', { venueId: venue.id, status: 'confirmed', visibility: 'internal', title: { 'zh-CN': '内部会议', en: 'Internal meeting' } });
    expect((await request(t.app).get(`/api/v1/activities/${hidden.id}`)).status).toBe(404);
    expect((await request(t.app).get(`/api/v1/activities/${hidden.id}`).set(headers.organizer)).status).toBe(404);
    const clash = await request(t.app).post('/api/v1/activities').set(headers.organizer).send(activityBody(unitA, { venueId: venue.id, status: 'confirmed' }));
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('resource_conflict');
    expect(JSON.stringify(clash.body)).not.toContain('Internal meeting');
    expect(clash.body.conflicts[0].holders).toEqual([{ activityId: hidden.id, title: null }]);
  });
});
