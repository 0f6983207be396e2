import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createResource, createUnit } from '../helpers/factories.ts';
import { tableCounts } from '../helpers/db.ts';

/**
 * Import files as people have them (issue 22, items 3 and 4; docs/imports.md#files-and-limits): the
 * documented limits (1 MB and 2,000 rows for an import, 5 MB for a calendar file) are the ones that
 * hold on every upload route, a file over them is a 413 stating the limit in the caller's language,
 * and a file saved by Excel in GBK or UTF-16 is read as what it is. The encoded bytes come from the
 * `iconv` program (glibc), not from the code under test.
 */
const iconv = (text: string, to: string) => execFileSync('iconv', ['-f', 'UTF-8', '-t', to], { input: Buffer.from(text, 'utf8') });

const MB = 1024 * 1024;
const names = ['天文望远镜', '双筒望远镜', '太阳观测镜', '星图投影仪'];

/** A resources CSV of `rows` pool rows, each about 185 bytes of mixed Chinese and English. */
function resourcesCsv(rows: number, tag: string): string {
  const lines = ['kind,category,name_zh,name_en,quantity,location,description'];
  for (let i = 1; i <= rows; i++) {
    const n = String(i).padStart(4, '0');
    lines.push(`equipment,${tag},${names[i % names.length]}${n}号（学生实验用）,Telescope ${tag} ${n} for student lab work,3,Room ${100 + (i % 50)} East Building,"Kept in cabinet ${i % 12}, checked each term by staff"`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** A school timetable of `lessons` single lessons (no RRULE), as a teacher's calendar app exports it. */
function lessonsIcs(lessons: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//School//Timetable//EN'];
  for (let i = 0; i < lessons; i++) {
    const day = new Date(Date.UTC(2027, 1, 1) + Math.floor(i / 6) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const hour = String(1 + (i % 6)).padStart(2, '0');
    lines.push('BEGIN:VEVENT', `UID:lesson-${i}@school.example`, 'DTSTAMP:20270101T000000Z', `DTSTART:${day}T${hour}0000Z`, `DTEND:${day}T${hour}4500Z`,
      `SUMMARY:Lesson ${i} physics lab`, 'LOCATION:Lab 3', 'DESCRIPTION:Grade 8', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

describe('import files: documented limits and encodings', () => {
  let t: TestContext;
  let unitId: number;
  let venue: number;
  const postFile = (kind: string, bytes: Buffer, query = '', type = 'text/csv') =>
    t.api.post(`/api/v1/imports/${kind}/file?unitId=${unitId}${query}`).set('Content-Type', type).send(bytes);
  const namesOf = async (category: string) =>
    (await t.db.pool.query<{ name_zh: string; name_en: string }>('SELECT name_zh, name_en FROM resources WHERE category = $1 ORDER BY id', [category])).rows;

  beforeAll(async () => {
    t = await startTestApp();
    unitId = (await createUnit(t.app)).id;
    venue = (await createResource(t.app, { unitId })).id;
  });
  afterAll(() => t.close());

  // One import of 1,990 rows runs each row through the resources service (about 10 s on a quiet
  // machine); the file route's limit is the same constant, checked by the 413 test below.
  it('imports a 1,990-row resources CSV of about 355 KB', async () => {
    const csv = resourcesCsv(1990, 'big_json');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(350 * 1024);
    expect(Buffer.byteLength(csv)).toBeLessThan(MB);
    const json = await t.api.post('/api/v1/imports/resources').send({ unitId, csv, apply: true });
    expect(json.status, JSON.stringify(json.body).slice(0, 300)).toBe(200);
    expect(json.body).toMatchObject({ applied: true, rows: 1990, created: 1990, errors: [] });
    expect((await namesOf('big_json')).length).toBe(1990);
  }, 240_000);

  it('subscribes a venue to an uploaded 1,000-lesson timetable of about 200 KB', async () => {
    const ics = lessonsIcs(1000);
    expect(Buffer.byteLength(ics)).toBeGreaterThan(190 * 1024);
    const res = await t.api.post('/api/v1/calendar-subscriptions').send({ resourceId: venue, name: '课表', ics });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
    expect(res.body.busyCount).toBe(1000);
  }, 60_000);

  it('answers a file over 1 MB on every import route with 413 payload_too_large stating the limit in the caller\'s language, writing nothing', async () => {
    const csv = resourcesCsv(6500, 'too_big');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(MB);
    const before = await tableCounts(t.db.pool);
    const tries = [
      () => t.api.post('/api/v1/imports/resources').send({ unitId, csv, apply: true }),
      () => postFile('resources', Buffer.from(csv), '&apply=true'),
      () => t.api.post('/api/v1/classes/import').send({ unitId, csv, apply: true }),
    ];
    for (const send of tries) {
      const en = await send().set('Accept-Language', 'en-GB,en;q=0.9');
      expect(en.status).toBe(413);
      expect(en.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(en.headers['content-language']).toBe('en');
      expect(en.body).toMatchObject({ code: 'payload_too_large', limitBytes: MB });
      expect(en.body.detail).toContain('1 MB (1,048,576 bytes)');
      const zh = await send().set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.8');
      expect(zh.status).toBe(413);
      expect(zh.headers['content-language']).toBe('zh-CN');
      expect(zh.body.detail).toContain('1 MB（1,048,576 字节）');
      expect(zh.body.detail).toMatch(/文件超过/);
    }
    // Just over the limit in UTF-8 bytes, well within the JSON envelope: the service measures the file.
    const edge = `${'x'.repeat(MB - 2)}\n名`;
    const measured = await t.api.post('/api/v1/imports/resources').send({ unitId, csv: edge });
    expect(measured.status).toBe(413);
    expect(measured.body.limitBytes).toBe(MB);
    // An anonymous upload is refused before its body is read.
    const anonymous = await request(t.app).post(`/api/v1/imports/resources/file?unitId=${unitId}`).set('Content-Type', 'text/csv').send(Buffer.from(csv.slice(0, 900_000)));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthorized');
    expect(await tableCounts(t.db.pool)).toEqual(before);
  }, 60_000);

  it('answers a calendar file over 5 MB with 413 stating that limit, and keeps BODY_LIMIT for ordinary JSON routes', async () => {
    const before = await tableCounts(t.db.pool);
    const ics = lessonsIcs(30_000);
    expect(Buffer.byteLength(ics)).toBeGreaterThan(5 * MB);
    const big = await t.api.post('/api/v1/calendar-subscriptions').set('Accept-Language', 'zh-CN').send({ resourceId: venue, name: 'Huge', ics });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'payload_too_large', limitBytes: 5 * MB });
    expect(big.body.detail).toContain('5 MB（5,242,880 字节）');
    // An ordinary route still refuses a body over BODY_LIMIT (100kb), and says so.
    const ordinary = await t.api.post('/api/v1/resources').send({ unitId, kind: 'venue', name: { 'zh-CN': '大'.repeat(60_000) } });
    expect(ordinary.status).toBe(413);
    expect(ordinary.body).toMatchObject({ code: 'payload_too_large', limitBytes: 100 * 1024 });
    expect(ordinary.body.detail).toContain('100 KB (102,400 bytes)');
    expect(await tableCounts(t.db.pool)).toEqual(before);
  }, 60_000);

  it('reads a CSV that Excel saved in GBK, and one saved as UTF-16 with a BOM, with their Chinese names intact', async () => {
    const csv = ['kind,category,name_zh,name_en,quantity', 'equipment,gbk_file,天文望远镜,Telescope,2', 'equipment,gbk_file,星图投影仪（八年级1班）,Star projector,1', ''].join('\r\n');
    const gbk = iconv(csv, 'GBK');
    expect(gbk.equals(Buffer.from(csv, 'utf8'))).toBe(false);
    const res = await postFile('resources', gbk, '&apply=true', 'text/csv; charset=utf-8');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ applied: true, created: 2, errors: [] });
    expect(await namesOf('gbk_file')).toEqual([{ name_zh: '天文望远镜', name_en: 'Telescope' }, { name_zh: '星图投影仪（八年级1班）', name_en: 'Star projector' }]);

    const utf16 = iconv(csv.replace(/gbk_file/g, 'utf16_file'), 'UTF-16'); // glibc writes a BOM for UTF-16
    expect([utf16[0], utf16[1]]).toEqual([0xff, 0xfe]);
    const wide = await postFile('resources', utf16, '&apply=true', 'application/octet-stream');
    expect(wide.status, JSON.stringify(wide.body)).toBe(200);
    expect((await namesOf('utf16_file')).map((r) => r.name_zh)).toEqual(['天文望远镜', '星图投影仪（八年级1班）']);

    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv.replace(/gbk_file/g, 'utf8_bom_file'))]);
    expect((await postFile('resources', bom, '&apply=true')).body).toMatchObject({ applied: true, created: 2 });
    expect((await namesOf('utf8_bom_file')).map((r) => r.name_zh)).toEqual(['天文望远镜', '星图投影仪（八年级1班）']);
  });

  it('refuses a file that is no text it can read with 422 undecodable_file, and GBK text already mangled into JSON, writing nothing', async () => {
    const before = await tableCounts(t.db.pool);
    const header = Buffer.from('kind,category,name_zh,name_en,quantity\r\nequipment,bad_file,');
    const invalid = Buffer.concat([header, Buffer.from([0xff, 0x81, 0x20, 0x80]), Buffer.from(',Bad,1\r\n')]);
    for (const lang of ['en', 'zh-CN']) {
      const res = await postFile('resources', invalid, '&apply=true').set('Accept-Language', lang);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('undecodable_file');
      expect(res.body.detail).toMatch(lang === 'en' ? /could not be read as text/ : /无法将文件读取为文本/);
    }
    // UTF-16 without its BOM decodes as text full of NULs: refused, not stored.
    const noBom = iconv('kind,category,name_zh,name_en,quantity\r\nequipment,bad_file,望远镜,T,1\r\n', 'UTF-16LE');
    expect((await postFile('resources', noBom, '&apply=true')).body.code).toBe('undecodable_file');
    // What `jq --rawfile` makes of a GBK file: every Chinese name became U+FFFD.
    const mangled = iconv('kind,category,name_zh,name_en,quantity\r\nequipment,bad_file,天文望远镜,Telescope,2\r\n', 'GBK').toString('utf8');
    expect(mangled).toContain('\uFFFD');
    const json = await t.api.post('/api/v1/imports/resources').send({ unitId, csv: mangled, apply: true });
    expect(json.status).toBe(422);
    expect(json.body.code).toBe('undecodable_file');
    expect((await t.api.post('/api/v1/classes/import').send({ unitId, csv: mangled, apply: true })).body.code).toBe('undecodable_file');
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });

  it('holds the 2,000-row limit on the classes import too (it had none)', async () => {
    const lines = ['code,kind,grade,number,size,name_zh,name_en'];
    for (let i = 1; i <= 2001; i++) lines.push(`club-${i},club,,,10,社团${i},Club ${i}`);
    const before = await tableCounts(t.db.pool);
    for (const send of [
      () => t.api.post('/api/v1/classes/import').send({ unitId, csv: lines.join('\n'), apply: true }),
      () => t.api.post('/api/v1/imports/classes').send({ unitId, csv: lines.join('\n'), apply: true }),
    ]) {
      const res = await send();
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ applied: false, errors: [{ line: 2002, column: '*', message: 'at most 2000 rows per file' }] });
    }
    expect(await tableCounts(t.db.pool)).toEqual(before);
  });

  it('imports an .xlsx workbook sent as it is (its first sheet), told apart by its bytes', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('资源');
    sheet.addRow(['kind', 'category', 'name_zh', 'name_en', 'quantity']);
    sheet.addRow(['equipment', 'xlsx_file', '天文望远镜', 'Telescope, large', 4]);
    sheet.addRow(['equipment', 'xlsx_file', '双筒望远镜', 'Binoculars', 10]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await postFile('resources', bytes, '&apply=true', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ applied: true, created: 2, errors: [] });
    expect(await namesOf('xlsx_file')).toEqual([{ name_zh: '天文望远镜', name_en: 'Telescope, large' }, { name_zh: '双筒望远镜', name_en: 'Binoculars' }]);
    const quantities = (await t.db.pool.query<{ quantity: number }>("SELECT quantity FROM resources WHERE category = 'xlsx_file' ORDER BY id")).rows;
    expect(quantities.map((r) => r.quantity)).toEqual([4, 10]);
    // A bad cell is reported by the sheet's row.
    sheet.addRow(['equipment', 'xlsx_file', '坏', 'Bad', -1]);
    const bad = await postFile('resources', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(bad.body.errors).toEqual([expect.objectContaining({ line: 4, column: 'quantity' })]);
  });
});
