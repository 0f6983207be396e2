import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';

let t: TestContext;
let unitId: number;
beforeAll(async () => {
  t = await startTestApp();
  unitId = (await createUnit(t.app)).id;
});
afterAll(() => t.close());

describe('GET /api/v1/programme', () => {
  it('lists every occurrence of a series in the window, in local time, with cancelled ones marked', async () => {
    const club = await createActivity(t.app, unitId, {
      kind: 'club_session', status: 'confirmed', startsAt: '2027-03-02T16:00:00+08:00', endsAt: '2027-03-02T17:30:00+08:00',
      recurrenceRule: 'FREQ=WEEKLY;COUNT=6',
    });
    const { body: occ } = await t.api.get(`/api/v1/activities/${club.id}/occurrences`);
    await t.api.patch(`/api/v1/activities/${club.id}/occurrences/${occ.items[2].id}`).send({ status: 'cancelled' }).expect(200);

    const res = await request(t.app).get('/api/v1/programme?from=2027-03-08T00:00:00Z&to=2027-04-01T00:00:00Z&kind=club_session');
    expect(res.status).toBe(200);
    const mine = res.body.items.filter((i: { activityId: number }) => i.activityId === club.id);
    expect(mine.map((i: { startsAt: string }) => i.startsAt)).toEqual([
      '2027-03-09T16:00:00+08:00', '2027-03-16T16:00:00+08:00', '2027-03-23T16:00:00+08:00', '2027-03-30T16:00:00+08:00',
    ]);
    expect(mine.map((i: { cancelled: boolean }) => i.cancelled)).toEqual([false, true, false, false]);
  });

  it('shows drafts only to their unit and admins', async () => {
    const draft = await createActivity(t.app, unitId, { title: { 'zh-CN': '草稿', en: 'Draft plan' }, startsAt: '2027-05-02T09:00:00+08:00', endsAt: '2027-05-02T10:00:00+08:00' });
    const window = 'from=2027-05-01T00:00:00Z&to=2027-05-31T00:00:00Z';
    const anonymous = await request(t.app).get(`/api/v1/programme?${window}`);
    expect(anonymous.body.items.map((i: { activityId: number }) => i.activityId)).not.toContain(draft.id);
    const admin = await t.api.get(`/api/v1/programme?${window}`);
    expect(admin.body.items.map((i: { activityId: number }) => i.activityId)).toContain(draft.id);
  });

  it('refuses a window that is empty or longer than 400 days', async () => {
    expect((await request(t.app).get('/api/v1/programme?from=2027-05-01T00:00:00Z&to=2027-04-01T00:00:00Z')).status).toBe(422);
    expect((await request(t.app).get('/api/v1/programme?from=2027-01-01T00:00:00Z&to=2028-06-01T00:00:00Z')).status).toBe(422);
  });
});
