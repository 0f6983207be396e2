import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { resolvePeriod } from '../../src/reports/reports.period.ts';
import { tableCsv } from '../../src/reports/reports.csv.ts';
import { withUtilisation } from '../../src/reports/reports.tables.ts';
import { reportQuery } from '../../src/reports/reports.schema.ts';

const Z = 'Asia/Shanghai';
const now = DateTime.fromISO('2027-08-31T16:30:00Z'); // 1 September 00:30 in Beijing: the new school year
const q = (v: Record<string, string>) => reportQuery.parse(v);
const iso = (p: ReturnType<typeof resolvePeriod>) => [p.from.toUTC().toISO(), p.to.toUTC().toISO(), p.label];

describe('report periods (pure)', () => {
  it('school year, month and custom are local days in the zone', () => {
    expect(iso(resolvePeriod(q({}), Z, null, now))).toEqual(['2027-08-31T16:00:00.000Z', '2028-08-31T16:00:00.000Z', '2027-2028']);
    expect(iso(resolvePeriod(q({ year: '2026' }), Z, null, now))).toEqual(['2026-08-31T16:00:00.000Z', '2027-08-31T16:00:00.000Z', '2026-2027']);
    expect(iso(resolvePeriod(q({ period: 'month', month: '2026-12' }), Z, null, now))).toEqual(['2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z', '2026-12']);
    expect(iso(resolvePeriod(q({ period: 'custom', from: '2027-01-01', to: '2027-01-01' }), 'Europe/London', null, now))).toEqual(['2027-01-01T00:00:00.000Z', '2027-01-02T00:00:00.000Z', '2027-01-01…2027-01-01']);
  });

  it('a term is its calendar entry; bad periods name the field', () => {
    const term = { startsAt: new Date('2027-02-21T16:00:00Z'), endsAt: new Date('2027-07-09T16:00:00Z'), name: 'Spring' };
    expect(iso(resolvePeriod(q({ period: 'term', term: '4' }), Z, term, now))[2]).toBe('Spring');
    const field = (v: Record<string, string>) => {
      try { resolvePeriod(q(v), Z, null, now); } catch (e) { return (e as { details: { errors: { path: string }[] } }).details.errors[0]!.path; }
      return 'none';
    };
    expect(field({ period: 'term' })).toBe('query.term');
    expect(field({ period: 'term', term: '4' })).toBe('query.term');
    expect(field({ period: 'custom', to: '2027-01-01' })).toBe('query.from');
    expect(field({ period: 'custom', from: '2027-02-01', to: '2027-01-01' })).toBe('query.to');
    expect(field({ period: 'custom', from: '2020-01-01', to: '2027-01-01' })).toBe('query.to');
  });
});

describe('report tables (pure)', () => {
  it('CSV has a BOM, quotes, and defuses formulas but not negative numbers', () => {
    const t = { name: 'x', title: { 'zh-CN': 'x', en: 'x' }, columns: [{ key: 'a', 'zh-CN': '甲', en: 'A' }, { key: 'b', 'zh-CN': '乙', en: 'B' }], rows: [{ a: '=1+1', b: -3 }, { a: 'a,"b"', b: null }] };
    expect(tableCsv('delivery', t, 'zh-CN')).toBe('\uFEFF甲,乙\r\n\'=1+1,-3\r\n"a,""b""",\r\n');
  });

  it('derives utilisation and idle', () => {
    expect(withUtilisation([{ capacityHours: 336, bookedHours: 12 }, { capacityHours: 0, bookedHours: 0 }])).toEqual([
      { capacityHours: 336, bookedHours: 12, utilisation: 3.6, idle: false }, { capacityHours: 0, bookedHours: 0, utilisation: null, idle: true }]);
  });
});
