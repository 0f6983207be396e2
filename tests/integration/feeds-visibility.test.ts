import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { userWithToken } from '../helpers/auth.ts';
import { createActivity, createResource, createUnit } from '../helpers/factories.ts';
import { fetchFeed, textOf } from '../helpers/feeds.ts';
import { parseStrictly } from '../helpers/ical-parsers.ts';

/**
 * A feed shows what its OWNER may see (auth/policy.ts), evaluated at read time (issue 10, item 8):
 * a feed the school makes over the planetarium's unit or resources never carries the planetarium's
 * internal or not-yet-approved titles; a resource feed shows such activities as "Busy" only.
 */
let t: TestContext;
let school: number;
let planetarium: number;
let telescopes: number;
let schoolOrganizer: { Authorization: string };
const T = {
  internal: 'PLANETARIUM-INTERNAL-SECRET',
  requested: 'PLANETARIUM-REQUESTED-SECRET',
  public: 'PLANETARIUM-PUBLIC-SHOW',
  schoolPending: 'SCHOOL-PENDING-CLAIM-SECRET',
};
const title = (en: string) => ({ 'zh-CN': en, en });

beforeAll(async () => {
  t = await startTestApp();
  school = (await createUnit(t.app, { kind: 'school' })).id;
  planetarium = (await createUnit(t.app)).id;
  telescopes = (await createResource(t.app, { unitId: planetarium, kind: 'equipment', quantity: 5 })).id;
  schoolOrganizer = (await userWithToken(t, 'organizer', school)).headers;
  const at = { startsAt: '2027-03-02T09:00:00+08:00', endsAt: '2027-03-02T10:00:00+08:00' };
  await createActivity(t.app, planetarium, { ...at, status: 'confirmed', visibility: 'internal', title: title(T.internal), claims: [{ resourceId: telescopes, quantity: 1 }] });
  await createActivity(t.app, planetarium, { ...at, status: 'requested', title: title(T.requested) });
  await createActivity(t.app, planetarium, { ...at, status: 'confirmed', title: title(T.public) });
  // The school asks for the planetarium's telescopes for an internal activity; not yet approved.
  await createActivity(t.app, school, { ...at, status: 'confirmed', visibility: 'internal', title: title(T.schoolPending), claims: [{ resourceId: telescopes, quantity: 1 }] });
});
afterAll(() => t.close());

async function feedText(headers: Record<string, string>, body: Record<string, unknown>): Promise<string> {
  const res = await request(t.app).post('/api/v1/feeds').set(headers).send({ name: 'Feed', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const got = await fetchFeed(t.app, res.body.token);
  expect(got.status).toBe(200);
  const text = textOf(got);
  parseStrictly(text);
  return text;
}

describe('feeds show what their owner may see', () => {
  it("a school organizer's unit feed over the planetarium shows only its public activities", async () => {
    const text = await feedText(schoolOrganizer, { type: 'unit', ownerUnitId: school, unitId: planetarium });
    expect(text).toContain(T.public);
    for (const secret of [T.internal, T.requested, T.schoolPending]) expect(text).not.toContain(secret);
  });

  it("the planetarium's own unit feed shows its internal and requested activities", async () => {
    const text = await feedText(t.admin, { type: 'unit', unitId: planetarium });
    for (const title of [T.internal, T.requested, T.public]) expect(text).toContain(title);
    expect(text).not.toContain(T.schoolPending);
  });

  it("a resource feed shows another unit's internal, not yet approved claim as Busy, without its title", async () => {
    const text = await feedText(t.admin, { type: 'resource', resourceId: telescopes });
    expect(text).toContain(T.internal);
    expect(text).not.toContain(T.schoolPending);
    const events = parseStrictly(text).events;
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.summary).sort()).toEqual(['占用 / Busy', T.internal].sort());
  });

  it('a resource feed the school makes over the planetarium telescopes shows its own claim and Busy for the rest', async () => {
    const text = await feedText(schoolOrganizer, { type: 'resource', ownerUnitId: school, resourceId: telescopes });
    expect(text).toContain(T.schoolPending);
    expect(text).not.toContain(T.internal);
    const busy = parseStrictly(text).events.filter((e) => e.summary === '占用 / Busy');
    expect(busy).toHaveLength(1);
    expect(text).not.toMatch(/Organizer: Unit|主办: 单位/);
  });

  it('the rule is applied at read time: making an activity internal removes it from the school feed', async () => {
    const shown = await createActivity(t.app, planetarium, { startsAt: '2027-03-09T09:00:00+08:00', endsAt: '2027-03-09T10:00:00+08:00', status: 'confirmed', title: title('LATER-HIDDEN') });
    const res = await request(t.app).post('/api/v1/feeds').set(schoolOrganizer).send({ name: 'F', type: 'unit', ownerUnitId: school, unitId: planetarium });
    expect(textOf(await fetchFeed(t.app, res.body.token))).toContain('LATER-HIDDEN');
    const patched = await t.api.patch(`/api/v1/activities/${shown.id}`).send({ visibility: 'internal' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(textOf(await fetchFeed(t.app, res.body.token))).not.toContain('LATER-HIDDEN');
  });

  it("an organizer cannot make a feed owned by another unit", async () => {
    const res = await request(t.app).post('/api/v1/feeds').set(schoolOrganizer).send({ name: 'F', type: 'unit', unitId: planetarium });
    expect(res.status).toBe(403);
  });
});
