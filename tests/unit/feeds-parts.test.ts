import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { RenderedFeedCache } from '../../src/feeds/cache.ts';
import { foldLine } from '../../src/shared/ical/fold.ts';
import { subscribeLinks } from '../../src/feeds/links.ts';
import { hashFeedToken, looksLikeFeedToken, newFeedToken } from '../../src/feeds/tokens.ts';
import { vtimezone } from '../../src/shared/ical/vtimezone.ts';
import { feedWindow } from '../../src/feeds/window.ts';
import { wallClock, WallTime, ZoneTable } from '../../src/shared/ical/zones.ts';

describe('zone tables', () => {
  it('format wall-clock time exactly like toISOString, for any instant and offset', () => {
    fc.assert(fc.property(fc.integer({ min: -2e12, max: 4e12 }), fc.integer({ min: -720, max: 840 }), (ms, offset) => {
      const iso = new Date(ms + offset * 60_000).toISOString();
      const { date, time } = wallClock(ms, offset);
      expect(`${date}T${time}`).toBe(iso.slice(0, 19).replace(/[-:]/g, ''));
    }), { numRuns: 2000 });
  });

  it('agree with luxon on the offset of any instant in the span', () => {
    const tables = ['America/New_York', 'Asia/Shanghai', 'Europe/London', 'Australia/Lord_Howe'].map((z) => new ZoneTable(z, 2026, 2028));
    fc.assert(fc.property(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 11, 31) }), fc.integer({ min: 0, max: 3 }), (ms, i) => {
      const table = tables[i]!;
      expect(table.offset(ms)).toBe(IANAZone.create(table.name).offset(ms));
    }), { numRuns: 1000 });
  });

  it('finds the New York changes to the minute', () => {
    const table = new ZoneTable('America/New_York', 2027, 2027);
    expect(table.transitions.map((t) => [new Date(t.at).toISOString(), t.from, t.to])).toEqual([
      ['2027-03-14T07:00:00.000Z', -300, -240],
      ['2027-11-07T06:00:00.000Z', -240, -300],
    ]);
  });

  it('give ical-generator only the two formats it uses, in any zone asked for', () => {
    const tables = new Map([['Asia/Shanghai', new ZoneTable('Asia/Shanghai', 2026, 2028)]]);
    const wall = new WallTime(Date.UTC(2027, 2, 2, 1, 0, 0), 'Asia/Shanghai', tables);
    expect([wall.toFormat('yyyyLLdd'), wall.toFormat('HHmmss')]).toEqual(['20270302', '090000']);
    expect(wall.setZone('utc').toFormat('HHmmss')).toBe('010000');
    expect(wall.setZone('America/New_York').local()).toBe('20270301T200000');
    expect(() => wall.toFormat('yyyy-MM-dd')).toThrow();
  });
});

describe('vtimezone', () => {
  it('describes a zone with yearly rules as two RRULE observances', () => {
    const text = vtimezone(new ZoneTable('Europe/London', 2026, 2029));
    expect(text).toContain('BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\n');
    expect(text).toContain('BEGIN:STANDARD\r\nDTSTART:20261025T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\n');
  });

  it('describes a zone without changes as one STANDARD observance', () => {
    expect(vtimezone(new ZoneTable('Asia/Shanghai', 2026, 2029))).toBe(
      'BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nX-LIC-LOCATION:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\nEND:VTIMEZONE',
    );
  });

  it('writes changes one by one when a zone stops following its rule (Sao Paulo dropped DST in 2019)', () => {
    const text = vtimezone(new ZoneTable('America/Sao_Paulo', 2017, 2020));
    expect(text).not.toContain('RRULE');
    expect(text.match(/BEGIN:(STANDARD|DAYLIGHT)/g)!.length).toBe(5);
    expect(text).toContain('BEGIN:STANDARD\r\nDTSTART:20190217T000000\r\nTZOFFSETFROM:-0200\r\nTZOFFSETTO:-0300\r\nEND:STANDARD\r\nEND:VTIMEZONE');
  });
});

describe('feed window', () => {
  const options = { pastDays: 30, schoolYearEnd: '08-31', cancelledDays: 14, timeZone: 'Asia/Shanghai' };
  it('runs from 30 days before today to the end of the school year, at Beijing midnights', () => {
    expect(feedWindow(DateTime.fromISO('2026-11-24T10:00:00Z'), options)).toEqual({
      from: '2026-10-24T16:00:00.000Z', to: '2027-08-31T16:00:00.000Z', cancelledSince: '2026-11-09T16:00:00.000Z',
    });
  });
  it('moves to the next school year once the last day is over', () => {
    expect(feedWindow(DateTime.fromISO('2027-05-31T15:59:00Z'), options).to).toBe('2027-08-31T16:00:00.000Z');
    expect(feedWindow(DateTime.fromISO('2027-08-31T16:00:00Z'), options).to).toBe('2028-08-31T16:00:00.000Z');
  });
  it('looks at least 90 days ahead, so late in August the autumn term is already there', () => {
    expect(feedWindow(DateTime.fromISO('2027-08-20T02:00:00Z'), options).to).toBe('2027-11-17T16:00:00.000Z');
  });
});

describe('tokens, links, cache and folding', () => {
  it('makes 256-bit base64url tokens and hashes them with SHA-256', () => {
    const token = newFeedToken();
    expect(looksLikeFeedToken(token)).toBe(true);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hashFeedToken(token)).toHaveLength(32);
    expect(looksLikeFeedToken(`${token}x`)).toBe(false);
    expect(looksLikeFeedToken('../../etc/passwd/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toBe(false);
  });

  it('links to the feed over webcal, Google and Outlook', () => {
    const links = subscribeLinks('https://orrery.example.org/base', 'TOKEN', '课程 & more');
    expect(links.https).toBe('https://orrery.example.org/base/feeds/TOKEN.ics');
    expect(links.webcal).toBe('webcal://orrery.example.org/base/feeds/TOKEN.ics');
    expect(links.google).toBe('https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Forrery.example.org%2Fbase%2Ffeeds%2FTOKEN.ics');
    const outlook = new URL(links.outlook);
    expect([outlook.host, outlook.searchParams.get('url'), outlook.searchParams.get('name')]).toEqual(['outlook.live.com', links.https, '课程 & more']);
    expect(new URL(links.outlookOffice365).host).toBe('outlook.office.com');
  });

  it('keeps rendered feeds within a byte budget, newest use last', () => {
    const cache = new RenderedFeedCache(10);
    cache.set(1, 'a', Buffer.alloc(4));
    cache.set(2, 'b', Buffer.alloc(4));
    expect(cache.get(1, 'a')).toBeDefined();
    cache.set(3, 'c', Buffer.alloc(4));
    expect([cache.get(1, 'a'), cache.get(2, 'b'), cache.get(3, 'c')].map(Boolean)).toEqual([true, false, true]);
    expect(cache.get(1, 'stale')).toBeUndefined();
    cache.set(4, 'd', Buffer.alloc(11));
    expect(cache.get(4, 'd')).toBeUndefined();
  });

  it('folds any line at 75 octets without splitting a UTF-8 character, and unfolds to the same text', () => {
    const piece = fc.constantFrom('a', 'Z', ' ', ',', '月', '球', 'é', '🔭', '\\n');
    fc.assert(fc.property(fc.array(piece, { maxLength: 400 }), (pieces) => {
      const line = `SUMMARY:${pieces.join('')}`;
      const folded = foldLine(line);
      const decoder = new TextDecoder('utf-8', { fatal: true });
      for (const physical of folded.split('\r\n')) {
        const bytes = Buffer.from(physical, 'utf8');
        expect(bytes.length).toBeLessThanOrEqual(75);
        expect(decoder.decode(bytes)).toBe(physical);
      }
      expect(folded.replace(/\r\n /g, '')).toBe(line);
    }), { numRuns: 500 });
  });
});
