import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { userWithToken } from '../helpers/auth.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';

/**
 * Every read of participants' personal data is accounted for (issue 30 item 3, docs/privacy.md):
 * the registrant list and its CSV, the consent list, the attendance list and its CSV each leave one
 * audit row with who, which registrations and why (the operation); a refused read leaves none; an
 * admin sees who read one child's data.
 */
let t: TestContext;
let organizer: Record<string, string>;
let stranger: Record<string, string>;
let activityId: number;
let occurrenceId: number;
const pupils: number[] = [];

beforeAll(async () => {
  t = await startTestApp({ env: { CONSENT_KINDS: 'field_visit' } });
  const unit = await createUnit(t.app, { kind: 'school' });
  organizer = (await userWithToken(t, 'organizer', unit.id)).headers;
  stranger = (await userWithToken(t, 'organizer', (await createUnit(t.app)).id)).headers;
  activityId = (await createActivity(t.app, unit.id, { kind: 'field_visit', status: 'confirmed', capacity: 10, startsAt: '2027-05-10T09:00:00+08:00', endsAt: '2027-05-10T15:00:00+08:00' })).id;
  for (const n of [1, 2]) {
    const res = await request(t.app).post(`/api/v1/activities/${activityId}/registrations`)
      .send({ name: `学生${n}`, email: `pupil${n}@school.example.org`, guardianEmail: `guardian${n}@home.example.org`, role: 'student', grade: 5, class: '2班' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    pupils.push(res.body.id);
  }
  occurrenceId = (await request(t.app).get(`/api/v1/activities/${activityId}/occurrences`).set(organizer)).body.items[0].id;
});
afterAll(() => t.close());

const reads = async () => (await t.db.pool.query(
  "SELECT actor, entity, entity_id::int AS \"entityId\", reason, after FROM audit_log WHERE action = 'read' ORDER BY id")).rows;

describe('reading personal data', () => {
  it('records who read which registrations through which operation, and nothing for a refused read', async () => {
    const paths = [
      [`/api/v1/activities/${activityId}/registrations`, 'GET /activities/{id}/registrations', 'activity', activityId],
      [`/api/v1/activities/${activityId}/registrations.csv`, 'GET /activities/{id}/registrations.csv', 'activity', activityId],
      [`/api/v1/activities/${activityId}/consents`, 'GET /activities/{id}/consents', 'activity', activityId],
      [`/api/v1/occurrences/${occurrenceId}/attendance`, 'GET /occurrences/{id}/attendance', 'occurrence', occurrenceId],
      [`/api/v1/occurrences/${occurrenceId}/attendance.csv`, 'GET /occurrences/{id}/attendance.csv', 'occurrence', occurrenceId],
    ] as const;
    for (const [path] of paths) expect((await request(t.app).get(path).set(stranger)).status).toBe(403);
    expect(await reads()).toEqual([]);

    for (const [path] of paths) expect((await request(t.app).get(path).set(organizer)).status).toBe(200);
    const recorded = await reads();
    expect(recorded.map((r) => [r.reason, r.entity, r.entityId, [...r.after.registrationIds].sort()])).toEqual(
      paths.map(([, operation, entity, id]) => [operation, entity, id, [...pupils].sort()]));
    expect(new Set(recorded.map((r) => r.actor)).size).toBe(1);
    expect(recorded[0]!.actor).toMatch(/^user:\d+/);
  });

  it("shows an admin every read of one child's data, and only an admin", async () => {
    const asked = await request(t.app).get(`/api/v1/audit?registrationId=${pupils[0]}&limit=100`).set(t.admin);
    expect(asked.status).toBe(200);
    const readsOfOne = asked.body.items.filter((e: { action: string }) => e.action === 'read');
    expect(readsOfOne).toHaveLength(5);
    expect(asked.body.items.some((e: { action: string; entity: string; entityId: number }) => e.action === 'create' && e.entity === 'registration' && e.entityId === pupils[0])).toBe(true);
    expect((await request(t.app).get(`/api/v1/audit?registrationId=${pupils[0]}`).set(organizer)).status).toBe(403);
    expect((await request(t.app).get('/api/v1/audit?registrationId=abc').set(t.admin)).status).toBe(422);
  });

  it('exports the audit log as CSV for admins only, with the same filters', async () => {
    expect((await request(t.app).get('/api/v1/audit.csv')).status).toBe(401);
    expect((await request(t.app).get('/api/v1/audit.csv').set(organizer)).status).toBe(403);
    const csv = await request(t.app).get(`/api/v1/audit.csv?registrationId=${pupils[0]}`).set(t.admin);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,entity,entity_id,reason,request_id,before,after');
    expect(lines.filter((l) => l.includes(',read,')).length).toBe(5);
    expect(lines.some((l) => l.includes('GET /activities/{id}/registrations.csv'))).toBe(true);
  });
});
