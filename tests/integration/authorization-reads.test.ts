import request from 'supertest';
import { DateTime } from 'luxon';
import { personLinks } from '../../src/privacy/person-link.ts';
import { resolveSecret } from '../../src/auth/signed-links.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { userWithToken } from '../helpers/auth.ts';
import { activityBody, createActivity, createResource, createUnit } from '../helpers/factories.ts';
import { fetchFeed, registerDirectly, textOf } from '../helpers/feeds.ts';
import { publish } from '../../src/webhooks/events.ts';

/**
 * The role matrix of every READ path (issue 11, item 6; the mutating half is authorization.test.ts):
 * every GET operation of /openapi.json has a row here (a new read path without one fails the first
 * test), and each row is called as anonymous / viewer / organizer of unit A / admin, on unit A's
 * objects ("own") and unit B's ("other"). Besides the status, each answer is searched for what the
 * caller must never see: unit B's internal, requested (not yet approved) and draft titles and its
 * participants for unit A's users; unit A's for anonymous callers. Feeds unit A made over unit B's
 * objects never show B's secrets to anyone, since a feed shows what its owner may see.
 */
type Role = 'anonymous' | 'viewer' | 'organizer' | 'admin';
type Subject = 'own' | 'other';
/** public: anyone; signed-in: any user (content filtered); unit-read: the unit's users and admins; admin-only. */
type Rule = 'public' | 'signed-in' | 'unit-read' | 'admin-only';

let t: TestContext;
const headers: Record<Role, Record<string, string>> = { anonymous: {}, viewer: {}, organizer: {}, admin: {} };
const SECRET_B = ['SECRET-B-INTERNAL', 'SECRET-B-REQUESTED', 'SECRET-B-DRAFT', 'SECRET-B-SERIES', 'secret-participant-b'];
const SECRET_A = ['SECRET-A-INTERNAL', 'participant-a@'];
const ids = {} as Record<'unitA' | 'unitB' | 'poolA' | 'poolB' | 'venueB' | 'activityA' | 'activityB' | 'seriesA' | 'seriesB' | 'publicB' | 'entryA' | 'entryB' | 'occurrenceA' | 'occurrenceB' | 'offerB' | 'applicationA' | 'applicationC' | 'feedA' | 'feedB' | 'userA' | 'userB' | 'loanA' | 'loanB' | 'webhook' | 'webhookDelivery', number>;
const tokens: { overB: string[]; public: string } = { overB: [], public: '' };
const title = (en: string) => ({ 'zh-CN': en, en });
const at = { startsAt: '2027-03-02T09:00:00+08:00', endsAt: '2027-03-02T11:00:00+08:00' };

async function ok<T>(req: request.Test): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

beforeAll(async () => {
  t = await startTestApp();
  ids.unitA = (await createUnit(t.app, { kind: 'school' })).id;
  ids.unitB = (await createUnit(t.app)).id;
  // An integrator's webhook endpoint (admins only) and one delivery in its log.
  ids.webhook = (await ok<{ id: number }>(t.api.post('/api/v1/webhooks').send({ url: 'http://192.0.2.10/hook', eventTypes: ['loan.overdue'] }))).id;
  await publish(t.db.pool, '2026-11-24T00:00:00Z', { type: 'loan.overdue', data: { secret: 'SECRET-B-WEBHOOK' }, scope: { unitIds: [], classIds: [] } });
  ids.webhookDelivery = (await ok<{ items: { id: number }[] }>(t.api.get(`/api/v1/webhooks/${ids.webhook}/deliveries`))).items[0]!.id;
  const viewer = await userWithToken(t, 'viewer', ids.unitA);
  const organizer = await userWithToken(t, 'organizer', ids.unitA);
  headers.viewer = viewer.headers;
  headers.organizer = organizer.headers;
  headers.admin = t.admin;
  ids.userA = organizer.userId;
  ids.userB = (await userWithToken(t, 'organizer', ids.unitB)).userId;
  ids.poolA = (await createResource(t.app, { unitId: ids.unitA, kind: 'equipment', quantity: 5 })).id;
  ids.poolB = (await createResource(t.app, { unitId: ids.unitB, kind: 'equipment', quantity: 5 })).id;
  ids.venueB = (await createResource(t.app, { unitId: ids.unitB })).id;
  const claimB = [{ resourceId: ids.poolB, quantity: 1 }];
  ids.activityB = (await createActivity(t.app, ids.unitB, { ...at, status: 'confirmed', visibility: 'internal', venueId: ids.venueB, title: title('SECRET-B-INTERNAL'), claims: claimB })).id;
  await createActivity(t.app, ids.unitB, { ...at, startsAt: '2027-03-02T12:00:00+08:00', endsAt: '2027-03-02T13:00:00+08:00', status: 'requested', title: title('SECRET-B-REQUESTED'), claims: claimB });
  await createActivity(t.app, ids.unitB, { ...at, title: title('SECRET-B-DRAFT') });
  ids.seriesB = (await createActivity(t.app, ids.unitB, { ...at, status: 'confirmed', visibility: 'internal', recurrenceRule: 'FREQ=WEEKLY;COUNT=3', title: title('SECRET-B-SERIES'), claims: claimB })).id;
  ids.publicB = (await createActivity(t.app, ids.unitB, { ...at, status: 'confirmed', title: title('PUBLIC-B') })).id;
  // Unit A's internal activity asks for B's telescopes (B decides) and holds its own pool.
  ids.activityA = (await createActivity(t.app, ids.unitA, { ...at, status: 'confirmed', visibility: 'internal', title: title('SECRET-A-INTERNAL'), claims: [{ resourceId: ids.poolA, quantity: 1 }] })).id;
  ids.seriesA = (await createActivity(t.app, ids.unitA, { ...at, status: 'confirmed', recurrenceRule: 'FREQ=WEEKLY;COUNT=3' })).id;
  await registerDirectly(t.db.pool, ids.activityB, 'secret-participant-b@example.org', 'Secret B participant');
  await registerDirectly(t.db.pool, ids.activityA, 'participant-a@example.org', 'Participant A');
  // Both leave the school (a destination), so each has a readiness checklist.
  await t.db.pool.query("UPDATE activities SET destination = 'Museum' WHERE id = ANY ($1::bigint[])", [[ids.activityA, ids.activityB]]);
  await ok(request(t.app).post(`/api/v1/activities/${ids.publicB}/registrations`).send({ name: 'Public B', email: 'secret-participant-b2@example.org', role: 'student' }));
  await ok(request(t.app).post(`/api/v1/activities/${ids.seriesA}/registrations`).send({ name: 'A', email: 'participant-a@example.org', role: 'student' }));
  const entry = (unitId: number) => ok<{ id: number }>(t.api.post('/api/v1/calendar-entries').send({ kind: 'closure', unitId, name: title('Closure'), startsOn: '2027-04-01', endsOn: '2027-04-02' }));
  ids.occurrenceA = (await ok<{ items: { id: number }[] }>(t.api.get(`/api/v1/activities/${ids.activityA}/occurrences`))).items[0]!.id;
  ids.occurrenceB = (await ok<{ items: { id: number }[] }>(t.api.get(`/api/v1/activities/${ids.activityB}/occurrences`))).items[0]!.id;
  ids.entryA = (await entry(ids.unitA)).id;
  ids.entryB = (await entry(ids.unitB)).id;
  // Unit B's offer; school A's class and another school C's class apply (issue 27).
  const schoolC = (await createUnit(t.app, { kind: 'school' })).id;
  const offer = await ok<{ id: number; slots: { id: number }[] }>(t.api.post('/api/v1/offers').send({
    unitId: ids.unitB, term: 'spring-2027', kind: 'science_show', title: title('Offer B'), grades: [7], classSize: { max: 45 },
    slots: [{ ...at, capacity: 2 }], opensAt: '2026-11-01T00:00:00+08:00', closesAt: '2027-01-01T00:00:00+08:00',
  }));
  ids.offerB = offer.id;
  const applyFor = async (unitId: number) => {
    const cls = await ok<{ id: number }>(t.api.post('/api/v1/classes').send({ unitId, kind: 'school_class', code: 'g7-1', grade: 7, number: 1, size: 40, name: title('7-1') }));
    return (await ok<{ id: number }>(t.api.post(`/api/v1/offers/${offer.id}/applications`).send({ classId: cls.id, classSize: 40, preferences: [offer.slots[0]!.id] }))).id;
  };
  ids.applicationA = await applyFor(ids.unitA);
  ids.applicationC = await applyFor(schoolC);
  // Feeds unit A's organizer makes over unit B's objects, of every type that names objects.
  for (const body of [
    { type: 'unit', ownerUnitId: ids.unitA, unitId: ids.unitB },
    { type: 'resource', ownerUnitId: ids.unitA, resourceId: ids.poolB },
    { type: 'programme', ownerUnitId: ids.unitA, filters: { unitIds: [ids.unitB] } },
    { type: 'programme', ownerUnitId: ids.unitA, filters: { venueIds: [ids.venueB] } },
  ]) {
    const feed = await ok<{ id: number; token: string }>(request(t.app).post('/api/v1/feeds').set(headers.organizer).send({ name: 'Over B', ...body }));
    tokens.overB.push(feed.token);
    ids.feedA = feed.id;
  }
  ids.feedB = (await ok<{ id: number }>(t.api.post('/api/v1/feeds').send({ name: 'B', type: 'unit', unitId: ids.unitB }))).id;
  const publicFeed = await ok<{ links: { https: string } }>(request(t.app).post('/api/v1/feeds/public').send({ filters: { unitIds: [ids.unitB] } }));
  tokens.public = /\/feeds\/([^/]+)\.ics/.exec(publicFeed.links.https)![1]!;
  // A standalone loan of each unit (from a pool of its own); B's holder is one of B's secrets.
  for (const [unitId, key, email] of [[ids.unitA, 'loanA', 'holder-a@example.org'], [ids.unitB, 'loanB', 'secret-participant-b-holder@example.org']] as const) {
    const pool = (await createResource(t.app, { unitId, kind: 'equipment', quantity: 1 })).id;
    const item = await ok<{ id: number }>(t.api.post(`/api/v1/resources/${pool}/items`).send({ label: 'Telescope 1' }));
    ids[key] = (await ok<{ id: number }>(t.api.post('/api/v1/loans').send({ itemIds: [item.id], holderName: 'Holder', holderEmail: email, dueBack: '2027-01-01T00:00:00Z' }))).id;
  }
});
afterAll(() => t.close());

const of = (s: Subject, own: number, other: number) => (s === 'own' ? own : other);
const window = 'from=2027-02-01T00:00:00Z&to=2027-04-01T00:00:00Z';

/** Every GET of the OpenAPI document: its rule and the URLs that exercise it for a subject. */
const rows: Record<string, [Rule, (s: Subject) => string[]]> = {
  'get /api/v1/units': ['public', () => ['/api/v1/units']],
  'get /api/v1/units/{id}': ['public', (s) => [`/api/v1/units/${of(s, ids.unitA, ids.unitB)}`]],
  'get /api/v1/resources': ['public', () => ['/api/v1/resources']],
  'get /api/v1/resources/{id}': ['public', (s) => [`/api/v1/resources/${of(s, ids.poolA, ids.poolB)}`]],
  'get /api/v1/resources/{id}/schedule': ['signed-in', (s) => [`/api/v1/resources/${of(s, ids.poolA, ids.poolB)}/schedule?${window}`, `/api/v1/resources/${of(s, ids.poolA, ids.venueB)}/schedule?${window}`]],
  'get /api/v1/activities': ['public', (s) => ['/api/v1/activities', `/api/v1/activities?unitId=${of(s, ids.unitA, ids.unitB)}`, '/api/v1/activities?status=requested', '/api/v1/activities?status=draft']],
  'get /api/v1/activities/{id}': ['public', (s) => [`/api/v1/activities/${of(s, ids.activityA, ids.activityB)}`, `/api/v1/activities/${of(s, ids.seriesA, ids.seriesB)}`]],
  'get /api/v1/activities/{id}/occurrences': ['public', (s) => [`/api/v1/activities/${of(s, ids.seriesA, ids.seriesB)}/occurrences`]],
  // Counts only (no titles or names); an activity the caller may not see answers 404.
  'get /api/v1/activities/{id}/calendar.ics': ['public', (s) => [`/api/v1/activities/${of(s, ids.activityA, ids.activityB)}/calendar.ics`, `/api/v1/activities/${of(s, ids.seriesA, ids.publicB)}/calendar.ics?lang=en`]],
  'get /api/v1/activities/{id}/places': ['public', (s) => [`/api/v1/activities/${of(s, ids.activityA, ids.activityB)}/places`, `/api/v1/activities/${of(s, ids.seriesA, ids.publicB)}/places`]],
  'get /api/v1/activities/{id}/registrations': ['unit-read', (s) => [`/api/v1/activities/${of(s, ids.activityA, ids.activityB)}/registrations`, `/api/v1/activities/${of(s, ids.seriesA, ids.publicB)}/registrations`]],
  'get /api/v1/activities/{id}/registrations.csv': ['unit-read', (s) => [`/api/v1/activities/${of(s, ids.activityA, ids.activityB)}/registrations.csv`, `/api/v1/activities/${of(s, ids.seriesA, ids.publicB)}/registrations.csv`]],
  'get /api/v1/programme': ['public', (s) => [`/api/v1/programme?${window}`, `/api/v1/programme?${window}&unitId=${of(s, ids.unitA, ids.unitB)}`, `/api/v1/programme?${window}&venueId=${ids.venueB}`]],
  'get /api/v1/approvals': ['signed-in', () => ['/api/v1/approvals']],
  'get /api/v1/registration-overview': ['unit-read', (s) => (s === 'own' ? ['/api/v1/registration-overview?days=366'] : [`/api/v1/registration-overview?days=366&unitId=${ids.unitB}`])],
  'get /api/v1/deliveries': ['signed-in', (s) => ['/api/v1/deliveries', `/api/v1/deliveries?activityId=${of(s, ids.seriesA, ids.publicB)}`]],
  'get /api/v1/calendar-entries': ['public', () => ['/api/v1/calendar-entries']],
  'get /api/v1/calendar-entries/{id}': ['public', (s) => [`/api/v1/calendar-entries/${of(s, ids.entryA, ids.entryB)}`]],
  'get /api/v1/feeds': ['unit-read', (s) => [`/api/v1/feeds?ownerUnitId=${of(s, ids.unitA, ids.unitB)}`]],
  'get /api/v1/feeds/{id}': ['unit-read', (s) => [`/api/v1/feeds/${of(s, ids.feedA, ids.feedB)}`]],
  'get /api/v1/channels': ['unit-read', (s) => [`/api/v1/channels?unitId=${of(s, ids.unitA, ids.unitB)}`]],
  'get /api/v1/webhooks': ['admin-only', () => ['/api/v1/webhooks']],
  'get /api/v1/webhooks/{id}/deliveries': ['admin-only', () => [`/api/v1/webhooks/${ids.webhook}/deliveries`]],
  'get /api/v1/webhook-deliveries/{id}': ['admin-only', () => [`/api/v1/webhook-deliveries/${ids.webhookDelivery}`]],
  'get /api/v1/audit': ['admin-only', () => ['/api/v1/audit', '/api/v1/audit?entity=activity']],
  'get /api/v1/audit.csv': ['admin-only', () => ['/api/v1/audit.csv', '/api/v1/audit.csv?entity=registration']],
  'get /api/v1/users': ['admin-only', () => ['/api/v1/users']],
  'get /api/v1/auth/session': ['public', () => ['/api/v1/auth/session']],
  // The organizer home of a unit (src/home): its users and admins.
  'get /api/v1/home': ['unit-read', (s) => [`/api/v1/home?unitId=${of(s, ids.unitA, ids.unitB)}`]],
  'get /api/v1/auth/me': ['signed-in', () => ['/api/v1/auth/me']],
  'get /api/v1/me/notification-preferences': ['signed-in', () => ['/api/v1/me/notification-preferences']],
  'get /api/v1/auth/tokens': ['signed-in', () => ['/api/v1/auth/tokens']],
  // A participant's registration through a signed link: a wrong signature opens nothing.
  'get /api/v1/registrations/{id}': ['public', (s) => [`/api/v1/registrations/${of(s, ids.activityA, ids.activityB)}?sig=${'x'.repeat(43)}`]],
  // A guardian's consent request, also through a signed link; the organizer's list of who lacks consent.
  'get /api/v1/consents/{id}': ['public', (s) => [`/api/v1/consents/${of(s, ids.activityA, ids.activityB)}?sig=${'x'.repeat(43)}`]],
  'get /api/v1/activities/{id}/readiness': ['unit-read', (s) => [`/api/v1/activities/${of(s, ids.activityA, ids.activityB)}/readiness`]],
  'get /api/v1/rosters/{date}': ['unit-read', (s) => [`/api/v1/rosters/2027-03-02?unitId=${of(s, ids.unitA, ids.unitB)}`]],
  'get /api/v1/rosters/{date}/marks': ['unit-read', (s) => [`/api/v1/rosters/2027-03-02/marks?unitId=${of(s, ids.unitA, ids.unitB)}`]],
  'get /api/v1/readiness': ['signed-in', () => ['/api/v1/readiness', '/api/v1/readiness?notReady=true&days=90']],
  'get /api/v1/activities/{id}/consents': ['unit-read', (s) => [`/api/v1/activities/${of(s, ids.activityA, ids.activityB)}/consents`, `/api/v1/activities/${of(s, ids.seriesA, ids.publicB)}/consents?status=pending`]],
  // The term planner's reads (classes, commitments, plans) are for signed-in users.
  'get /api/v1/classes': ['signed-in', () => ['/api/v1/classes']],
  'get /api/v1/classes/{id}': ['signed-in', () => ['/api/v1/classes/999999']],
  'get /api/v1/class-calendar-entries': ['signed-in', () => ['/api/v1/class-calendar-entries']],
  'get /api/v1/activities/{id}/classes': ['signed-in', (s) => [`/api/v1/activities/${of(s, ids.activityA, ids.publicB)}/classes`]],
  'get /api/v1/commitments': ['signed-in', () => ['/api/v1/commitments']],
  'get /api/v1/commitments/{id}': ['signed-in', () => ['/api/v1/commitments/999999']],
  'get /api/v1/plans': ['signed-in', () => ['/api/v1/plans']],
  // Offers are read by every signed-in user; applications by their school, the offer's unit and admins (issue 27).
  'get /api/v1/offers': ['signed-in', () => ['/api/v1/offers', '/api/v1/offers?term=spring-2027']],
  'get /api/v1/offers/{id}': ['signed-in', () => [`/api/v1/offers/${ids.offerB}`, '/api/v1/offers/999999']],
  'get /api/v1/offers/{id}/applications': ['signed-in', () => [`/api/v1/offers/${ids.offerB}/applications`]],
  'get /api/v1/applications/{id}': ['unit-read', (s) => [`/api/v1/applications/${of(s, ids.applicationA, ids.applicationC)}`]],
  'get /api/v1/plans/{id}': ['signed-in', () => ['/api/v1/plans/999999']],
  // Attendance lists and training hours are the activity's unit's; certificate verification is public (unknown code: 404).
  'get /api/v1/occurrences/{id}/attendance': ['unit-read', (s) => [`/api/v1/occurrences/${of(s, ids.occurrenceA, ids.occurrenceB)}/attendance`]],
  'get /api/v1/occurrences/{id}/attendance.csv': ['unit-read', (s) => [`/api/v1/occurrences/${of(s, ids.occurrenceA, ids.occurrenceB)}/attendance.csv`]],
  'get /api/v1/activities/{id}/training-hours': ['unit-read', (s) => [`/api/v1/activities/${of(s, ids.activityA, ids.activityB)}/training-hours`]],
  'get /api/v1/certificates/{code}': ['public', () => [`/api/v1/certificates/${'A'.repeat(22)}`]],
  // Loans name their holders (personal data): the owning unit's users and admins only.
  'get /api/v1/resources/{id}/items': ['unit-read', (s) => [`/api/v1/resources/${of(s, ids.poolA, ids.poolB)}/items`]],
  'get /api/v1/loans/{id}': ['unit-read', (s) => [`/api/v1/loans/${of(s, ids.loanA, ids.loanB)}`]],
  'get /api/v1/units/{id}/custody': ['unit-read', (s) => [`/api/v1/units/${of(s, ids.unitA, ids.unitB)}/custody`]],
  // Reports: counts for any signed-in user; other units' internal activities are never named (issue 16).
  'get /api/v1/reports/{section}': ['signed-in', (s) => ['delivery', 'reach', 'demand', 'utilisation', 'commitments', 'email'].map((x) => `/api/v1/reports/${x}?period=custom&from=2027-03-01&to=2027-03-31&unitId=${of(s, ids.unitA, ids.unitB)}`).concat(['/api/v1/reports/demand?period=custom&from=2027-03-01&to=2027-03-31'])],
  'get /api/v1/reports/{section}/{table}.csv': ['signed-in', () => ['/api/v1/reports/demand/activities.csv?period=custom&from=2027-03-01&to=2027-03-31', '/api/v1/reports/delivery/cancelled.csv?period=custom&from=2027-03-01&to=2027-03-31']],
  'get /api/v1/reports/workbook.xlsx': ['signed-in', () => ['/api/v1/reports/workbook.xlsx?period=custom&from=2027-03-01&to=2027-03-31']],
  'get /api/v1/reports/annual.pdf': ['signed-in', () => ['/api/v1/reports/annual.pdf?period=custom&from=2027-03-01&to=2027-03-31']],
  'get /api/v1/imports/{kind}/template.csv': ['public', () => ['/api/v1/imports/resources/template.csv', '/api/v1/imports/activities/template.csv']],
  'get /api/v1/units/{id}/export/activities.ics': ['unit-read', (s) => [`/api/v1/units/${of(s, ids.unitA, ids.unitB)}/export/activities.ics`]],
  'get /api/v1/units/{id}/export/{file}': ['unit-read', (s) => ['resources.csv', 'activities.csv', 'claims.csv'].map((f) => `/api/v1/units/${of(s, ids.unitA, ids.unitB)}/export/${f}`)],
  'get /api/v1/calendar-subscriptions': ['unit-read', (s) => [`/api/v1/calendar-subscriptions?resourceId=${of(s, ids.poolA, ids.venueB)}`]],
  // A family's signed link (an unknown address: nothing held) and a person looked up on request, within the caller's unit.
  'get /api/v1/privacy/person': ['public', () => [`/api/v1/privacy/person?token=${personLinks(resolveSecret(t.config)).sign('nobody@example.org', DateTime.now().plus({ hours: 1 }))}`]],
  'get /api/v1/privacy/people': ['signed-in', (s) => [`/api/v1/privacy/people?email=${s === 'own' ? 'participant-a@example.org' : 'secret-participant-b@example.org'}`]],
  'get /feeds/{token}.ics': ['public', () => [...tokens.overB, tokens.public].map((token) => `/feeds/${token}.ics`)],
};

/** Operations whose unit-less lists narrow to the caller's unit (or need an admin when unnamed). */
function allowed(role: Role, rule: Rule, subject: Subject): boolean {
  if (rule === 'public') return true;
  if (role === 'anonymous') return false;
  if (role === 'admin' || rule === 'signed-in') return true;
  if (rule === 'admin-only') return false;
  return subject === 'own';
}

describe('read paths', () => {
  it('every GET operation of /openapi.json has a row in the read matrix', async () => {
    const doc = (await request(t.app).get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).filter((m) => m === 'get').map((m) => `${m} ${path}`));
    const missing = operations.filter((op) => !rows[op]);
    expect(missing, 'read paths without a matrix row').toEqual([]);
    expect(Object.keys(rows).filter((op) => !operations.includes(op)), 'rows for paths the API no longer has').toEqual([]);
    // A row's rule agrees with what the document says: public operations need no credentials.
    const doc2 = doc as unknown as { paths: Record<string, { get?: { security?: unknown[] } }> };
    const mismatched = Object.entries(rows).filter(([op, [rule]]) => {
      const path = op.slice('get '.length);
      return path.startsWith('/api/v1/') && (doc2.paths[path]!.get!.security?.length === 0) !== (rule === 'public');
    }).map(([op]) => op);
    expect(mismatched, 'documented as public but need a signed-in user, or the other way round').toEqual([]);
  });

  const roles: Role[] = ['anonymous', 'viewer', 'organizer', 'admin'];
  const matrix = Object.entries(rows).flatMap(([op, [rule]]) => roles.flatMap((role) => (['own', 'other'] as Subject[]).map((s) => [op, role, s, rule] as const)));

  it.each(matrix)('%s as %s (%s unit)', async (op, role, subject, rule) => {
    for (const url of rows[op]![1](subject)) {
      const res = await request(t.app).get(url).set(headers[role]).buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });
      const text = String(res.body);
      expect(res.status, `${url}: ${text.slice(0, 300)}`).toBeLessThan(500);
      if (allowed(role, rule, subject)) {
        if (!url.startsWith('/api/v1/registrations/')) expect([200, 404], `${url}: ${text.slice(0, 300)}`).toContain(res.status);
      } else {
        expect(res.status, `${url}: ${text.slice(0, 300)}`).toBe(role === 'anonymous' ? 401 : 403);
      }
      // What must never show: B's secrets to A's users (and to anyone through A's feeds), A's to strangers.
      const hidden = [...(role !== 'admin' || url.startsWith('/feeds/') ? SECRET_B : []), ...(role === 'anonymous' ? SECRET_A : [])];
      for (const secret of hidden) expect(text, `${url} shows ${secret} to ${role}`).not.toContain(secret);
    }
  });

  it('the secrets are there to be found: admins see them, and B-owned feeds show them', async () => {
    const all = textOf(await request(t.app).get('/api/v1/activities?status=draft').set(t.admin).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }));
    expect(all).toContain('SECRET-B-DRAFT');
    expect(JSON.stringify((await t.api.get(`/api/v1/activities/${ids.activityB}/registrations`)).body)).toContain('secret-participant-b');
    const own = await ok<{ token: string }>(t.api.post('/api/v1/feeds').send({ name: 'B', type: 'resource', resourceId: ids.poolB }));
    const text = textOf(await fetchFeed(t.app, own.token));
    for (const secret of ['SECRET-B-INTERNAL', 'SECRET-B-REQUESTED', 'SECRET-B-SERIES']) expect(text).toContain(secret);
  });
});

describe('the approvals queue', () => {
  it("shows A's approvers the title of B's internal activity asking for A's pool, and nothing else of it does", async () => {
    const asks = await createActivity(t.app, ids.unitB, { startsAt: '2027-03-09T09:00:00+08:00', endsAt: '2027-03-09T10:00:00+08:00', status: 'requested', visibility: 'internal', title: title('B-ASKS-A'), claims: [{ resourceId: ids.poolA, quantity: 1 }] });
    const queue = await request(t.app).get('/api/v1/approvals').set(headers.organizer);
    expect(queue.status).toBe(200);
    expect((queue.body.items as { activityId: number; activityTitle: { en: string } }[]).find((i) => i.activityId === asks.id)?.activityTitle.en).toBe('B-ASKS-A');
    const schedule = await request(t.app).get(`/api/v1/resources/${ids.poolA}/schedule?${window}`).set(headers.organizer);
    expect(schedule.status).toBe(200);
    expect(JSON.stringify(schedule.body)).not.toContain('B-ASKS-A');
    expect(schedule.body.bookings.find((b: { activityId: number }) => b.activityId === asks.id)).toMatchObject({ title: null });
    const feed = await ok<{ token: string }>(request(t.app).post('/api/v1/feeds').set(headers.organizer).send({ name: 'Pool', type: 'resource', resourceId: ids.poolA }));
    const text = textOf(await fetchFeed(t.app, feed.token));
    expect(text).not.toContain('B-ASKS-A');
    expect(text).toContain('占用 / Busy');
    for (const url of ['/api/v1/activities', `/api/v1/activities/${asks.id}`, `/api/v1/programme?${window}`]) {
      expect(JSON.stringify((await request(t.app).get(url).set(headers.organizer)).body), url).not.toContain('B-ASKS-A');
    }
  });
});

describe('search, conflicts and holds', () => {
  it('availability search and 409 conflicts never name B internal holders to A', async () => {
    for (const role of ['viewer', 'organizer'] as const) {
      const search = await request(t.app).post('/api/v1/availability/search').set(headers[role])
        .send({ durationMinutes: 120, from: '2027-03-02', to: '2027-03-02', timeZone: 'Asia/Shanghai', resources: [{ resourceId: ids.poolB, quantity: 5 }, { resourceId: ids.venueB, quantity: 1 }] });
      expect(search.status, JSON.stringify(search.body)).toBe(200);
      for (const secret of SECRET_B) expect(JSON.stringify(search.body), `search as ${role}`).not.toContain(secret);
    }
    const clash = await request(t.app).post('/api/v1/activities').set(headers.organizer)
      .send(activityBody(ids.unitA, { ...at, status: 'confirmed', venueId: ids.venueB, claims: [{ resourceId: ids.poolB, quantity: 5 }] }));
    expect(clash.status, JSON.stringify(clash.body)).toBe(409);
    for (const secret of SECRET_B) expect(JSON.stringify(clash.body)).not.toContain(secret);
    for (const conflict of clash.body.conflicts as { holders: { title: unknown }[] }[]) {
      for (const holder of conflict.holders) expect(holder.title).toBeNull();
    }
  });
});
