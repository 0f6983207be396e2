import { DateTime } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import { checkInSigner } from '../../src/attendance/code.ts';
import { schoolYear } from '../../src/certificates/certificates.service.ts';
import { attendanceCsv } from '../../src/attendance/attendance.csv.ts';

/** The pure parts of attendance and certificates: the signed check-in code, the school year, the CSV, the page strings. */
describe('check-in codes', () => {
  const signer = checkInSigner('unit-test-secret-unit-test-secret-0123');
  const code = signer.sign({ registrationId: 12, occurrenceId: 345 });

  it('round-trips, tolerating surrounding whitespace from a scanner', () => {
    expect(code).toMatch(/^ORRERY-A1\.12\.345\.[A-Za-z0-9_-]{43}$/);
    expect(signer.verify(`  ${code}\n`)).toEqual({ registrationId: 12, occurrenceId: 345 });
  });

  it('refuses any change, another secret and other shapes', () => {
    const [prefix, reg, occ, mac] = code.split('.') as [string, string, string, string];
    const flipped = `${mac.slice(0, 10)}${mac[10] === 'A' ? 'B' : 'A'}${mac.slice(11)}`;
    for (const bad of [`${prefix}.13.${occ}.${mac}`, `${prefix}.${reg}.346.${mac}`, `${prefix}.${reg}.${occ}.${flipped}`, `${prefix}.${reg}.${occ}.${mac}x`, '', 'ORRERY-A1', `${prefix}.${reg}.${occ}`]) {
      expect(signer.verify(bad), bad).toBeNull();
    }
    expect(checkInSigner('another-secret-another-secret-012345').verify(code)).toBeNull();
  });
});

describe('the school year', () => {
  it('runs from 1 September to 31 August in the zone given', () => {
    const year = (iso: string) => {
      const y = schoolYear(DateTime.fromISO(iso, { zone: 'utc' }), 'Asia/Shanghai');
      return [y.from.toISODate(), y.to.toISODate()];
    };
    expect(year('2026-11-24T02:00:00Z')).toEqual(['2026-09-01', '2027-09-01']);
    expect(year('2027-08-31T15:59:00Z')).toEqual(['2026-09-01', '2027-09-01']);
    expect(year('2027-08-31T16:00:00Z')).toEqual(['2027-09-01', '2028-09-01']); // midnight in Shanghai
  });
});

describe('the attendance CSV', () => {
  it('is UTF-8 with a BOM, quotes what needs quoting and neutralises formulas', () => {
    const csv = attendanceCsv({
      occurrence: { id: 7, activityId: 3, kind: 'field_visit', title: { 'zh-CN': '参观', en: 'Visit' }, startsAt: '2027-03-02T01:00:00.000Z', endsAt: '2027-03-02T03:00:00.000Z', timeZone: 'Asia/Shanghai', allDay: false, status: 'scheduled' },
      counts: { present: 1, late: 0, absent: 0, unmarked: 1 },
      items: [
        { registrationId: 1, name: '张, "小明"', email: 'a@example.org', role: 'student', grade: 5, class: '3班', registrationStatus: 'confirmed', status: 'present', method: 'scan', markedBy: 'user:1', markedAt: '2027-03-02T00:55:00Z', noShows: 0, flags: [] },
        { registrationId: 2, name: '=HYPERLINK("x")', email: 'b@example.org', role: 'student', grade: null, class: null, registrationStatus: 'confirmed', status: null, method: null, markedBy: null, markedAt: null, noShows: 2, flags: [] },
      ],
    });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFFregistration_id,name,email,role,grade,class,attendance,method,marked_at,no_shows,occurrence_id,occurrence_starts_at');
    expect(lines[1]).toBe('1,"张, ""小明""",a@example.org,student,5,3班,present,scan,2027-03-02T00:55:00Z,0,7,2027-03-02T01:00:00.000Z');
    expect(lines[2]).toBe(`2,"'=HYPERLINK(""x"")",b@example.org,student,,,unmarked,,,2,7,2027-03-02T01:00:00.000Z`);
  });
});

describe('attendance page strings', () => {
  it('have the same keys in zh-CN and en with the same {placeholders}', async () => {
    vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined });
    const { DICTIONARIES } = await vi.importActual<{ DICTIONARIES: Record<string, Record<string, string>> }>('../../public/js/i18n.js');
    // @ts-expect-error: a plain browser module, without type declarations
    await import('../../public/js/attendance-strings.js');
    const zh = DICTIONARIES['zh-CN']!;
    const en = DICTIONARIES.en!;
    const mine = Object.keys(zh).filter((k) => k.startsWith('attendance.') || k.startsWith('problem.check_in') || k === 'registrations.noShows');
    expect(mine.length).toBeGreaterThan(20);
    const holes = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of mine) expect(holes(en[key] ?? '<missing>'), key).toEqual(holes(zh[key]!));
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });
});
