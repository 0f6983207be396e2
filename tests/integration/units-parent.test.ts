import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { createUnit } from '../helpers/factories.ts';

/** A unit's parent is a real id of another unit that is not below it: a 422 on parentId otherwise. */
let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('unit parents', () => {
  it('refuses an unknown parent, the unit itself and its own descendants, naming parentId and changing nothing', async () => {
    const academy = await createUnit(t.app);
    const museum = await createUnit(t.app, { parentId: academy.id });
    const hall = await createUnit(t.app, { parentId: museum.id });
    const counts = await tableCounts(t.db.pool);
    const cases: [string, () => Promise<{ status: number; body: { errors?: { path: string; message: string }[] } }>][] = [
      ['unknown on create', () => t.api.post('/api/v1/units').send({ slug: 'orphan', kind: 'school', name: { 'zh-CN': '校', en: 'School' }, parentId: 99_999_999 })],
      ['unknown on update', () => t.api.patch(`/api/v1/units/${museum.id}`).send({ parentId: 99_999_999 })],
      ['itself', () => t.api.patch(`/api/v1/units/${museum.id}`).send({ parentId: museum.id })],
      ['its child', () => t.api.patch(`/api/v1/units/${academy.id}`).send({ parentId: museum.id })],
      ['its grandchild', () => t.api.patch(`/api/v1/units/${academy.id}`).send({ parentId: hall.id })],
    ];
    for (const [what, send] of cases) {
      const res = await send();
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(422);
      expect(res.body.errors!.map((e) => e.path), what).toEqual(['body.parentId']);
    }
    expect(await tableCounts(t.db.pool)).toEqual(counts);
    const moved = await t.api.patch(`/api/v1/units/${hall.id}`).send({ parentId: academy.id });
    expect(moved.status).toBe(200);
    expect(moved.body.parentId).toBe(academy.id);
  });
});
