import { describe, expect, it } from 'vitest';
import { parseCsv, readClassesCsv } from '../../src/classes/classes.csv.ts';

const header = 'code,kind,grade,number,size,name_zh,name_en';

describe('the classes CSV reader', () => {
  it('reads RFC 4180: a BOM, CRLF, quoted cells with commas, quotes and line breaks, and keeps each record\'s first line', () => {
    const records = parseCsv(`\uFEFF${header}\r\ng7-1,school_class,7,1,40,"七年级""1""班","Grade 7,\nclass 1"\r\n\r\ndrama,club,,,30,剧社,Drama`);
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(records[1]!.cells.slice(5)).toEqual(['七年级"1"班', 'Grade 7,\nclass 1']);
  });

  it('returns rows only when every row is good, and names every bad cell', () => {
    expect(readClassesCsv(`${header}\ng7-1,school_class,7,1,40,七年级1班,Grade 7 class 1`).rows).toHaveLength(1);
    const bad = readClassesCsv(`${header}\ng7-1,school_class,7,1,40,七,Seven\ng7-1,club,7,,x,七,Seven\nshort,club`);
    expect(bad.rows).toEqual([]);
    expect(bad.issues).toEqual([
      { line: 3, column: 'size', message: 'not a whole number' },
      { line: 3, column: 'grade', message: 'only a school class has a grade and a class number' },
      { line: 4, column: '*', message: 'expected 7 cells, found 2' },
      { line: 4, column: 'name_zh', message: 'between 1 and 200 characters' },
      { line: 4, column: 'name_en', message: 'between 1 and 200 characters' },
    ]);
    expect(readClassesCsv('code,name\nx,y').issues).toEqual([{ line: 1, column: '*', message: `the header must be ${header}` }]);
  });

  it('reports a repeated code with the line it repeats', () => {
    const { issues } = readClassesCsv(`${header}\ng7-1,school_class,7,1,40,七,Seven\ng7-1,school_class,7,2,40,七,Seven`);
    expect(issues).toEqual([{ line: 3, column: 'code', message: 'code g7-1 repeats line 2' }]);
  });
});
