import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { poolShortfall } from '../../src/resources/pool.ts';
import { overlapping } from '../../src/booking/series.plan.ts';
import { isOver } from '../../src/booking/occurrences.queries.ts';
import { id, idParam } from '../../src/http/schemas.ts';

describe('poolShortfall: the one "more than the pool holds" rule', () => {
  it.each([
    [1, [1], null], [3, [3], null], [4, [3], 'the pool holds 3; 4 requested'],
    [5, [3, 2], null], [6, [3, 2], 'the pools hold 5; 6 requested'], [1, [], 'the pools hold 0; 1 requested'],
  ])('%i of %j → %s', (requested, pools, expected) => {
    expect(poolShortfall(requested, pools)).toBe(expected);
  });
});

describe('overlapping: the siblings an occurrence would meet', () => {
  const o = (id: number, startsAt: string, endsAt: string, status: 'scheduled' | 'cancelled' = 'scheduled') => ({ id, originalStartsAt: startsAt, startsAt, endsAt, status });
  const all = [o(1, '2027-03-04T08:00:00Z', '2027-03-04T09:30:00Z'), o(2, '2027-03-11T08:00:00Z', '2027-03-11T09:30:00Z'), o(3, '2027-03-18T08:00:00Z', '2027-03-18T09:30:00Z', 'cancelled')];
  it.each([
    ['the exact time of a sibling', '2027-03-04T08:00:00Z', '2027-03-04T09:30:00Z', [1]],
    ['part of a sibling', '2027-03-04T09:00:00Z', '2027-03-04T10:00:00Z', [1]],
    ['back to back (half-open)', '2027-03-04T09:30:00Z', '2027-03-04T11:00:00Z', []],
    ['a cancelled sibling', '2027-03-18T08:00:00Z', '2027-03-18T09:30:00Z', []],
    ['its own time', '2027-03-11T08:00:00Z', '2027-03-11T09:30:00Z', []],
  ])('%s', (_what, startsAt, endsAt, ids) => {
    expect(overlapping(all, 2, startsAt, endsAt).map((x) => x.id)).toEqual(ids);
  });
});

describe('isOver', () => {
  it('is over at the end of the last scheduled occurrence, not before', () => {
    expect(isOver('2027-04-08T09:30:00Z', DateTime.fromISO('2027-04-08T09:29:59Z'))).toBe(false);
    expect(isOver('2027-04-08T09:30:00Z', DateTime.fromISO('2027-04-08T09:30:00Z'))).toBe(true);
  });
});

describe('ids', () => {
  it.each([true, '13', [13], '0x0d', ' 13 ', 0, -1, 1.5, 2 ** 53, null])('a body id refuses %j', (value) => {
    expect(id.safeParse(value).success).toBe(false);
  });
  it.each(['0x0d', '+13', ' 13', '13 ', '013', '1e1', '13.0', '0', '-1', '9007199254740992', ''])('a path or query id refuses %j', (value) => {
    expect(idParam.safeParse(value).success).toBe(false);
  });
  it('takes JSON integers in bodies and decimal digits in strings', () => {
    expect(id.parse(13)).toBe(13);
    expect(idParam.parse('13')).toBe(13);
    expect(idParam.parse('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });
});
