import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { tableCounts } from '../helpers/db.ts';
import { createActivity, createUnit } from '../helpers/factories.ts';

let t: TestContext;
let school: number;
beforeAll(async () => {
  t = await startTestApp();
  school = (await createUnit(t.app, { kind: 'school' })).id;
});
afterAll(() => t.close());

const csv = [
  'code,kind,grade,number,size,name_zh,name_en',
  'g7-1,school_class,7,1,42,七年级1班,Grade 7 class 1',
  'g7-2,school_class,7,2,40,七年级2班,"Grade 7, class 2"',
  'science-teachers,teacher_group,,,12,科学教师,Science teachers',
  'drama,club,,,30,科普剧社,Drama club',
].join('\r\n');

describe('classes and groups', () => {
  it('creates, reads, renames and lists classes; a school class needs a grade and number', async () => {
    const made = await t.api.post('/api/v1/classes').send({ unitId: school, kind: 'school_class', code: 'g8-1', grade: 8, number: 1, size: 38, name: { 'zh-CN': '八年级1班', en: 'Grade 8 class 1' } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ grade: 8, number: 1, size: 38, kind: 'school_class' });
    const bad = await t.api.post('/api/v1/classes').send({ unitId: school, kind: 'school_class', code: 'g8-x', size: 1, name: { 'zh-CN': 'x', en: 'x' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'body.grade' })]);
    const again = await t.api.post('/api/v1/classes').send({ unitId: school, kind: 'club', code: 'g8-1', name: { 'zh-CN': 'x', en: 'x' } });
    expect(again.body.code).toBe('already_exists');
    const patched = await t.api.patch(`/api/v1/classes/${made.body.id}`).send({ size: 39 });
    expect(patched.body.size).toBe(39);
    expect((await t.api.get(`/api/v1/classes?unitId=${school}&grade=8`)).body.items.map((c: { code: string }) => c.code)).toEqual(['g8-1']);
  });

  it('a CSV dry run reports every bad cell by line and column and writes nothing; apply writes all rows', async () => {
    const broken = `${csv}\r\ng7-1,school_class,13,1,x,七,Seven\r\nBAD,robot,7,1,1,,Bad`;
    const before = await tableCounts(t.db.pool);
    const dry = await t.api.post('/api/v1/classes/import').send({ unitId: school, csv: broken, apply: true });
    expect(dry.status).toBe(200);
    expect(dry.body.applied).toBe(false);
    expect(dry.body.errors).toEqual([
      { line: 6, column: 'grade', message: 'must be between 1 and 12' },
      { line: 6, column: 'size', message: 'not a whole number' },
      { line: 7, column: 'code', message: expect.any(String) },
      { line: 7, column: 'kind', message: expect.stringContaining('school_class') },
      { line: 7, column: 'name_zh', message: expect.any(String) },
    ]);
    expect(await tableCounts(t.db.pool)).toEqual(before);
    const preview = await t.api.post('/api/v1/classes/import').send({ unitId: school, csv });
    expect(preview.body).toMatchObject({ applied: false, rows: 4, errors: [] });
    const applied = await t.api.post('/api/v1/classes/import').send({ unitId: school, csv, apply: true });
    expect(applied.body).toMatchObject({ applied: true, rows: 4, created: 4, updated: 0 });
    const listed = (await t.api.get(`/api/v1/classes?unitId=${school}&limit=200`)).body.items;
    expect(listed.find((c: { code: string }) => c.code === 'g7-2').name.en).toBe('Grade 7, class 2');
    expect((await t.api.post('/api/v1/classes/import').send({ unitId: school, csv, apply: true })).body).toMatchObject({ created: 0, updated: 4 });
  });

  it('keeps class calendar entries: exam weeks per grade and weekly free afternoons', async () => {
    const exams = await t.api.post('/api/v1/class-calendar-entries').send({ unitId: school, kind: 'exam_week', grade: 7, name: { 'zh-CN': '期中考试', en: 'Mid-term exams' }, startsOn: '2027-04-19', endsOn: '2027-04-23' });
    expect(exams.status, JSON.stringify(exams.body)).toBe(201);
    expect(exams.body).toMatchObject({ grade: 7, startsAt: '2027-04-18T16:00:00+00:00', endsAt: '2027-04-23T16:00:00+00:00' });
    const free = await t.api.post('/api/v1/class-calendar-entries').send({ unitId: school, kind: 'free_afternoon', name: { 'zh-CN': '周三下午', en: 'Wednesday afternoon' }, weekday: 'wed', from: '13:30', to: '17:00' });
    expect(free.status).toBe(201);
    const bad = await t.api.post('/api/v1/class-calendar-entries').send({ unitId: school, kind: 'free_afternoon', name: { 'zh-CN': 'x', en: 'x' }, weekday: 'wed', from: '17:00', to: '13:00' });
    expect(bad.status).toBe(422);
    expect((await t.api.get(`/api/v1/class-calendar-entries?unitId=${school}`)).body).toHaveLength(2);
  });

  it('a class cannot be in two active activities at once (the class_bookings exclusion constraint)', async () => {
    const classes = (await t.api.get(`/api/v1/classes?unitId=${school}&limit=200`)).body.items as { id: number; code: string }[];
    const g71 = classes.find((c) => c.code === 'g7-1')!.id;
    const first = await createActivity(t.app, school, { status: 'confirmed', startsAt: '2027-05-11T09:00:00+08:00', endsAt: '2027-05-11T11:00:00+08:00' });
    expect((await t.api.put(`/api/v1/activities/${first.id}/classes`).send({ classIds: [g71] })).status).toBe(200);
    const second = await createActivity(t.app, school, { status: 'confirmed', startsAt: '2027-05-11T10:00:00+08:00', endsAt: '2027-05-11T12:00:00+08:00' });
    const refused = await t.api.put(`/api/v1/activities/${second.id}/classes`).send({ classIds: [g71] });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('class_conflict');
    expect((await t.api.get(`/api/v1/activities/${second.id}/classes`)).body.classIds).toEqual([]);
    // A draft holds nothing; confirming it then is refused by the same constraint.
    const draft = await createActivity(t.app, school, { startsAt: '2027-05-11T10:30:00+08:00', endsAt: '2027-05-11T11:30:00+08:00' });
    expect((await t.api.put(`/api/v1/activities/${draft.id}/classes`).send({ classIds: [g71] })).status).toBe(200);
    const confirm = await t.api.patch(`/api/v1/activities/${draft.id}`).send({ status: 'confirmed' });
    expect(confirm.status).toBe(409);
    // Back to back is fine (half-open periods).
    const after = await createActivity(t.app, school, { status: 'confirmed', startsAt: '2027-05-11T11:00:00+08:00', endsAt: '2027-05-11T12:00:00+08:00' });
    expect((await t.api.put(`/api/v1/activities/${after.id}/classes`).send({ classIds: [g71] })).status).toBe(200);
    const unknown = await t.api.put(`/api/v1/activities/${after.id}/classes`).send({ classIds: [g71, 999999] });
    expect(unknown.body.errors).toEqual([{ path: 'body.classIds.1', message: 'class 999999 does not exist' }]);
  });
});
