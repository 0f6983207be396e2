import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createUnit } from '../helpers/factories.ts';
import { placeForms } from '../../src/shared/place.ts';

// Issue 25 item 7: a resource's location in two forms through the API, the older single text still read.
let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const venue = (unitId: number, extra: Record<string, unknown>) =>
  t.api.post('/api/v1/resources').send({ unitId, kind: 'venue', name: { 'zh-CN': '科学教室', en: 'Science classroom' }, ...extra });

describe('a resource\'s place in two languages', () => {
  it('takes and returns both forms; the older location reads as the zh-CN form, else the en one', async () => {
    const unit = await createUnit(t.app);
    const both = await venue(unit.id, { place: { 'zh-CN': '北京学校科学楼', en: 'Beijing School, science wing' } });
    expect(both.status, JSON.stringify(both.body)).toBe(201);
    expect(both.body).toMatchObject({ place: { 'zh-CN': '北京学校科学楼', en: 'Beijing School, science wing' }, location: '北京学校科学楼' });
    const english = await venue(unit.id, { place: { en: 'Store room 2' } });
    expect(english.body).toMatchObject({ place: { 'zh-CN': '', en: 'Store room 2' }, location: 'Store room 2' });
    // PATCH changes only the form it names.
    const patched = await t.api.patch(`/api/v1/resources/${english.body.id}`).send({ place: { 'zh-CN': '二号储藏室' } });
    expect(patched.body.place).toEqual({ 'zh-CN': '二号储藏室', en: 'Store room 2' });
  });

  it('sorts an older single location into the form of its script, and refuses it together with place', async () => {
    const unit = await createUnit(t.app);
    const chinese = await venue(unit.id, { location: '北京天文馆（西城区）' });
    expect(chinese.body.place).toEqual({ 'zh-CN': '北京天文馆（西城区）', en: '' });
    const latin = await venue(unit.id, { location: 'Nanhaizi, Daxing' });
    expect(latin.body.place).toEqual({ 'zh-CN': '', en: 'Nanhaizi, Daxing' });
    const both = await venue(unit.id, { location: 'x', place: { en: 'y' } });
    expect(both.status).toBe(422);
    expect(both.body.code).toBe('validation_failed');
    expect(placeForms('  Hall 2 ')).toEqual({ 'zh-CN': '', en: 'Hall 2' });
  });
});
