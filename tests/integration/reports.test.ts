import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/shared/clock.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { userWithToken } from '../helpers/auth.ts';
import { createUnit } from '../helpers/factories.ts';
import { addPeople, buildReportsTerm, type ReportsTerm } from '../helpers/reports-term.ts';

/**
 * Issue 16: every number of every report section for the hand-built term of tests/helpers/reports-term.ts,
 * worked out by hand below, as admin and as unit A's organizer; then the exports read back.
 */
type Table = { name: string; rows: Record<string, unknown>[] };
let t: TestContext;
let term: ReportsTerm;
const clock = new FixedClock('2026-11-24T00:00:00Z');
const PERIOD = 'period=custom&from=2026-12-01&to=2027-01-31&zone=Asia/Shanghai';

async function section(name: string, query = PERIOD, headers: Record<string, string> = t.admin): Promise<Record<string, Table>> {
  const res = await request(t.app).get(`/api/v1/reports/${name}?${query}`).set(headers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Object.fromEntries((res.body as { tables: Table[] }).tables.map((x) => [x.name, x]));
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  const unitA = (await createUnit(t.app)).id;
  const organizerA = (await userWithToken(t, 'organizer', unitA)).headers;
  term = { ...(await buildReportsTerm(t, unitA)), unitA, organizerA };
  await addPeople(t, term);
}, 60_000);
afterAll(() => t.close());

describe('reports over a hand-built term', () => {
  it('counts only what has been held by now, and more as time passes', async () => {
    clock.set('2026-12-10T00:00:00Z'); // after 1 and 8 December, before the moved 17 December
    expect((await section('delivery')).held!.rows).toEqual([{ month: '2026-12', unitId: term.unitA, unitZh: expect.any(String), unitEn: expect.any(String), kind: 'field_visit', activities: 1, held: 2, hours: 4 }]);
    clock.set('2027-02-15T00:00:00Z');
  });

  it('delivery: held by month, unit and kind (moved counted where it went, cancelled apart, 23:30 Beijing on 31 December in December)', async () => {
    const s = await section('delivery');
    const held = s.held!.rows.map(({ unitZh: _zh, unitEn: _, ...r }) => r);
    expect(held).toEqual([
      // S1: 1, 8 and (moved) 17 December, 2 h each; V1 at 23:30 on 31 December Beijing, 1 h.
      { month: '2026-12', unitId: term.unitA, kind: 'field_visit', activities: 2, held: 4, hours: 7 },
      { month: '2027-01', unitId: term.unitA, kind: 'teacher_training', activities: 1, held: 1, hours: 6 },
      // V2 at 07:30 on 1 January Beijing is 23:30 on 31 December UTC: January.
      { month: '2027-01', unitId: term.unitB, kind: 'field_visit', activities: 1, held: 1, hours: 2 },
    ]);
    expect(s.cancelled!.rows.map(({ unitZh, unitEn, ...r }) => { expect([unitZh, unitEn]).toEqual([expect.stringMatching(/^单位/), expect.stringMatching(/^Unit /)]); return r; })).toEqual([
      { month: '2026-12', unitId: term.unitA, kind: 'field_visit', activityId: term.s1, titleZh: '中文S1 series', titleEn: 'S1 series', reason: 'occurrence_cancelled', occurrences: 1 },
      { month: '2027-01', unitId: term.unitB, kind: 'science_show', activityId: term.c, titleZh: '中文SECRET-B-CANCELLED', titleEn: 'SECRET-B-CANCELLED', reason: 'activity_cancelled', occurrences: 1 },
    ]);
  });

  it('a month is a local month: December has V1 but not V2', async () => {
    const rows = (await section('delivery', 'period=month&month=2026-12&zone=Asia/Shanghai')).held!.rows;
    expect(rows.map((r) => [r.month, r.unitId, r.held])).toEqual([['2026-12', term.unitA, 4]]);
  });

  it('reach: registrations, unique participants, visits, classes, teachers; attended and no-shows', async () => {
    const s = await section('reach');
    // Confirmed registrations on held activities: S1 a, b (3 held each) · V1 a, teacher d (1) · V2 e (1) · T teachers 1, 2 (1).
    // Attended (distinct participants marked present or late): a and b (S1), teacher 1 (T) = 3; no-shows: a on 8 December, teacher 2 = 2.
    expect(s.totals!.rows).toEqual([{ registrations: 7, participants: 6, visits: 11, teachersTrained: 2, trainingHours: 6, teacherHours: 12, attended: 3, noShows: 2 }]);
    expect(s.participants!.rows).toEqual([
      { kind: 'field_visit', role: 'student', grade: 7, registrations: 3, participants: 2, visits: 7, attended: 2, noShows: 1 },
      { kind: 'field_visit', role: 'student', grade: 8, registrations: 1, participants: 1, visits: 1, attended: 0, noShows: 0 },
      { kind: 'field_visit', role: 'teacher', grade: null, registrations: 1, participants: 1, visits: 1, attended: 0, noShows: 0 },
      { kind: 'teacher_training', role: 'teacher', grade: null, registrations: 2, participants: 2, visits: 2, attended: 1, noShows: 1 },
    ]);
    // Unit B's V2 has no attendance marks at all: attendance was not taken, so empty rather than 0.
    const b = await section('reach', `${PERIOD}&unitId=${term.unitB}`);
    expect(b.totals!.rows[0]).toMatchObject({ registrations: 1, attended: null, noShows: null });
    expect(s.classes!.rows).toEqual([{ classId: term.classId, nameZh: '中文Grade 7 class 1', nameEn: 'Grade 7 class 1', grade: 7, size: 30, activities: 1, held: 3, studentVisits: 90 }]);
  });

  it('demand: waitlists and unmet demand per activity and kind', async () => {
    const s = await section('demand');
    const byId = Object.fromEntries(s.activities!.rows.map((r) => [r.activityId, [r.capacity, r.confirmed, r.waitlisted, r.unmet]]));
    expect(byId).toEqual({ [term.s1]: [2, 2, 1, 1], [term.v1]: [null, 2, 0, 0], [term.v2]: [1, 1, 1, 1], [term.t]: [null, 2, 0, 0] });
    expect(s.kinds!.rows).toEqual([
      { kind: 'field_visit', activities: 3, capacity: 3, confirmed: 5, waitlisted: 2, unmet: 2 },
      { kind: 'teacher_training', activities: 1, capacity: 0, confirmed: 2, waitlisted: 0, unmet: 0 },
    ]);
  });

  it('utilisation: quantity-hours against open hours, peaks, idle pools', async () => {
    const rows = (await section('utilisation')).resources!.rows;
    const by = Object.fromEntries(rows.map((r) => [r.resourceId, [r.openHours, r.capacityHours, r.bookedHours, r.utilisation, r.peak, r.peakAt, r.idle]]));
    const loans = Object.fromEntries(rows.map((r) => [r.resourceId, [r.itemsOut, r.itemsOverdue, r.loanDays, r.outOfService]]));
    // Telescopes: T2 still out and overdue (due 20 January, now 15 February); T1 out 10–15 January = 5 days,
    // T2 from 10 January 02:00Z to the period's end 31 January 16:00Z = 21 days 14 h; T3 damaged.
    expect(loans[term.telescopes]).toEqual([1, 1, 26.58, 1]);
    expect(loans[term.microscopes]).toEqual([0, 0, 0, 0]);
    expect(loans[term.hall]).toEqual([null, null, null, null]);
    // Hall: 44 weekdays in December and January less the holiday Monday and Tuesday = 42 × 8 h; S1 3 × 2 h + T 6 h.
    expect(by[term.hall]).toEqual([336, 336, 12, 3.6, 1, '2026-12-01T02:00:00.000Z', false]);
    // Open all day: 62 days × 24 h less the 2 holiday days; S1 2 × 6 h + V1 3 × 1 h; the peak is V1's 3.
    expect(by[term.telescopes]).toEqual([1440, 7200, 15, 0.2, 3, '2026-12-31T15:30:00.000Z', false]);
    expect(by[term.microscopes]).toEqual([1440, 14400, 0, 0, 0, null, true]);
    // V2 only: C was cancelled.
    expect(by[term.venueB]).toEqual([1440, 1440, 2, 0.1, 1, '2026-12-31T23:30:00.000Z', false]);
  });

  it('committed vs delivered, and email health', async () => {
    expect((await section('commitments')).commitments!.rows).toEqual([expect.objectContaining({ committed: 2, planned: 2, delivered: 1 })]);
    expect((await section('email')).deliveries!.rows).toEqual([
      { kind: 'change', sent: 0, failed: 0, pending: 1, skipped: 0, cancelled: 0, bounced: null, unsubscribed: null },
      { kind: 'confirmation', sent: 2, failed: 1, pending: 0, skipped: 0, cancelled: 0, bounced: null, unsubscribed: null },
      // Pupil b stopped reminders on 10 January; teacher 1's on 1 March is after the period.
      { kind: 'reminder', sent: 0, failed: 0, pending: 0, skipped: 0, cancelled: 0, bounced: null, unsubscribed: 1 },
      { kind: 'waitlisted', sent: 0, failed: 0, pending: 0, skipped: 1, cancelled: 0, bounced: null, unsubscribed: null },
    ]);
  });

  it('filters: unit and kind', async () => {
    const rows = (await section('delivery', `${PERIOD}&unitId=${term.unitB}`)).held!.rows;
    expect(rows.map((r) => r.unitId)).toEqual([term.unitB]);
    const kinds = (await section('demand', `${PERIOD}&kind=teacher_training`)).activities!.rows;
    expect(kinds.map((r) => r.activityId)).toEqual([term.t]);
  });

  it("privacy: an organizer sees other units' private activities as counts only, and nobody sees participants", async () => {
    for (const name of ['delivery', 'reach', 'demand', 'utilisation', 'commitments', 'email']) {
      const text = JSON.stringify(await section(name, PERIOD, term.organizerA));
      expect(text).not.toContain('SECRET-B');
      expect(text).not.toContain('@');
      expect(text).not.toContain('Secret Name');
    }
    const demand = (await section('demand', PERIOD, term.organizerA)).activities!.rows;
    expect(demand.find((r) => r.unitId === term.unitB)).toMatchObject({ activityId: null, titleEn: null, confirmed: 1, waitlisted: 1 });
    const cancelled = (await section('delivery', PERIOD, term.organizerA)).cancelled!.rows;
    expect(cancelled.find((r) => r.unitId === term.unitB)).toMatchObject({ activityId: null, titleEn: null, occurrences: 1 });
    // Own internal activity V1 keeps its title.
    expect(demand.find((r) => r.activityId === term.v1)).toMatchObject({ titleEn: 'V1 new year eve' });
  });

  it('bad periods are 422 problems', async () => {
    for (const q of ['period=custom&from=2027-01-31&to=2027-01-01', 'period=custom&from=2027-01-01', 'period=term', 'period=term&term=999999', 'period=month&month=2027-13', 'zone=Mars/Base', 'period=custom&from=2027-02-30&to=2027-03-01', 'unitId=1e20', 'period=term&term=99999999999999999999', 'grade=13', 'kind=party']) {
      const res = await t.api.get(`/api/v1/reports/delivery?${q}`);
      expect(res.status, q).toBe(422);
      expect(res.body.code).toBe('validation_failed');
    }
    expect((await t.api.get('/api/v1/reports/nothing')).status).toBe(422);
    expect((await t.api.get(`/api/v1/reports/delivery/nothing.csv?${PERIOD}`)).status).toBe(404);
    expect((await request(t.app).get(`/api/v1/reports/delivery?${PERIOD}`)).status).toBe(401);
  });
});

describe('exports', () => {
  it('CSV: UTF-8 with BOM, header in the chosen language, the same numbers', async () => {
    const res = await t.api.get(`/api/v1/reports/delivery/held.csv?${PERIOD}&lang=zh-CN`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).trim().split('\r\n').map((l) => l.split(','));
    // Issue 25 item 6: the unit's Chinese name (no id, no English name column) and the kind in words.
    expect(lines[0]).toEqual(['月份', '单位', '类型', '活动数', '已举办场次', '小时']);
    expect(lines.slice(1).map((l) => [l[0], l[2], l[4], l[5]])).toEqual([['2026-12', '实践参观', '4', '7'], ['2027-01', '教师培训', '1', '6'], ['2027-01', '实践参观', '1', '2']]);
    expect(lines.slice(1).map((l) => l[1])).toEqual([expect.stringMatching(/^单位\S+$/), expect.stringMatching(/^单位\S+$/), expect.stringMatching(/^单位\S+$/)]);
    const en = await t.api.get(`/api/v1/reports/utilisation/resources.csv?${PERIOD}&lang=en`);
    const enLines = (en.text as string).slice(1).trim().split('\r\n');
    expect(enLines[0]).toBe('Name,Kind,Unit,Quantity,Open hours,Capacity (quantity-hours),Booked (quantity-hours),Utilisation %,Peak in use,Peak at,Idle,Items out now,Items overdue now,Loan item-days,Items out of service');
    expect(enLines.slice(1).every((l) => /^[^,]+,(Venue|Equipment),Unit /.test(l))).toBe(true);
  });

  it('XLSX: every table as a sheet, read back by exceljs', async () => {
    const res = await t.api.get(`/api/v1/reports/workbook.xlsx?${PERIOD}&lang=en`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(['delivery-held', 'delivery-cancelled', 'reach-totals', 'reach-participants', 'reach-classes', 'demand-activities', 'demand-kinds', 'utilisation-resources', 'commitments-commitments', 'email-deliveries']);
    const totals = book.getWorksheet('reach-totals')!;
    expect(totals.getRow(1).values).toEqual([undefined, 'Registrations', 'Unique participants', 'Visits', 'Teachers trained', 'Training hours', 'Teacher-hours', 'Attended', 'No-shows']);
    expect((totals.getRow(2).values as unknown[]).slice(1, 7)).toEqual([7, 6, 11, 2, 6, 12]);
  });

  it('PDF: the annual summary in the reader\'s language, text extracted with pdftotext', async () => {
    const res = await t.api.get(`/api/v1/reports/annual.pdf?${PERIOD}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'orrery-report-')), 'annual.pdf');
    writeFileSync(file, res.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    // Issue 25 item 6: in the reader's language (Chinese by default), names and words, no codes.
    expect(text).toContain('科普项目年度报告');
    expect(text).toContain('已举办的活动');
    expect(text).toContain('场地与器材使用率');
    expect(text).toMatch(/2026-12\s+单位\S+\s+实践参观\s+2\s+4\s+7/);
    expect(text).not.toMatch(/field_visit|资源编号|Programme annual report/);
    expect(text).not.toContain('@');
    const en = await t.api.get(`/api/v1/reports/annual.pdf?${PERIOD}&lang=en`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    writeFileSync(file, en.body as Buffer);
    const enText = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(enText).toContain('Programme annual report');
    expect(enText).toContain('Venue and pool utilisation');
    expect(enText).toMatch(/2026-12\s+Unit \S+\s+Field visit\s+2\s+4\s+7/);
    expect(enText).not.toMatch(/field_visit|[\u4e00-\u9fff]/);
  });
});
