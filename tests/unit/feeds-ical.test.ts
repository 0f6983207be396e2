import ical from 'ical-generator';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { renderFeed, type FeedActivity, type FeedInfo } from '../../src/feeds/ical.ts';
import { parseStrictly, type ParsedEvent } from '../helpers/ical-parsers.ts';

const info: FeedInfo = { name: '北京学校科学课程 Science programme', description: '北京市科学技术研究院与北京学校', language: 'both', publicBaseUrl: 'https://orrery.example.org' };

let nextId = 1;
function activity(overrides: Partial<FeedActivity> = {}): FeedActivity {
  return {
    id: nextId++,
    title: { 'zh-CN': '月球观测', en: 'Observing the Moon' },
    description: { 'zh-CN': '请带上外套。', en: 'Bring a coat; it is cold, really.' },
    organizer: { 'zh-CN': '北京天文馆', en: 'Beijing Planetarium' },
    venue: { 'zh-CN': '天文台', en: 'Observatory' },
    venueLocation: { 'zh-CN': '', en: '' },
    startsAt: '2027-03-02T10:30:00+00:00',
    endsAt: '2027-03-02T12:30:00+00:00',
    timeZone: 'Asia/Shanghai',
    allDay: false,
    status: 'confirmed',
    sequence: 0,
    recurrenceRule: null,
    createdAt: '2026-10-01T00:00:00+00:00',
    updatedAt: '2026-11-02T03:04:05+00:00',
    exceptions: [],
    note: null,
    ...overrides,
  };
}

const lines = (text: string) => text.split('\r\n');
const byUid = (events: ParsedEvent[], id: number) => events.filter((e) => e.uid === `activity-${id}@orrery.example.org`);

describe('renderFeed: the calendar', () => {
  it('puts calendar properties before any component, uses CRLF, ends with CRLF and has no METHOD', () => {
    const text = renderFeed(info, [activity({ timeZone: 'America/New_York' })]);
    const all = lines(text);
    const firstComponent = all.findIndex((l) => l.startsWith('BEGIN:V') && l !== 'BEGIN:VCALENDAR');
    for (const property of ['X-WR-CALNAME:', 'X-WR-CALDESC:', 'REFRESH-INTERVAL;VALUE=DURATION:PT1H', 'X-PUBLISHED-TTL:PT1H']) {
      const at = all.findIndex((l) => l.startsWith(property));
      expect(at, property).toBeGreaterThan(0);
      expect(at, property).toBeLessThan(firstComponent);
    }
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).not.toMatch(/^(METHOD|ORGANIZER|ATTENDEE|X-WR-TIMEZONE)/m);
    expect(parseStrictly(text).name).toBe(info.name);
  });

  it('folds long Chinese lines at 75 octets without splitting a character', () => {
    const title = { 'zh-CN': '北京天文馆望远镜之夜：月球、木星与土星环的观测，欢迎全体师生和家长参加'.repeat(2), en: 'Telescope night at the planetarium: the Moon, Jupiter and the rings of Saturn' };
    const text = renderFeed(info, [activity({ title })]);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (const line of Buffer.from(text, 'utf8').toString('latin1').split('\r\n')) {
      const bytes = Buffer.from(line, 'latin1');
      expect(bytes.length).toBeLessThanOrEqual(75);
      expect(() => decoder.decode(bytes)).not.toThrow();
    }
    expect(lines(text).filter((l) => l.startsWith(' ')).length).toBeGreaterThan(2);
    expect(parseStrictly(text).events[0]!.summary).toBe(`${title['zh-CN']} / ${title.en}`);
  });

  it('is byte-identical for the same rows, in any order, and never prints the time of rendering', () => {
    const rows = [activity(), activity({ timeZone: 'America/New_York', startsAt: '2027-01-05T21:00:00Z', endsAt: '2027-01-05T22:00:00Z' })];
    const first = renderFeed(info, rows);
    expect(renderFeed(info, [...rows].reverse())).toBe(first);
    expect(first).not.toContain(DateTime.utc().toFormat('yyyyLLdd'));
  });

  it('shows titles in the feed language', () => {
    const row = activity();
    expect(parseStrictly(renderFeed({ ...info, language: 'en' }, [row])).events[0]!.summary).toBe('Observing the Moon');
    const zh = parseStrictly(renderFeed({ ...info, language: 'zh-CN' }, [row])).events[0]!;
    expect(zh.summary).toBe('月球观测');
    expect(zh.description).toContain('主办: 北京天文馆');
    expect(zh.location).toBe('天文台');
  });
});

describe('renderFeed: events', () => {
  it('writes stable UIDs, SEQUENCE from the row and DTSTAMP/LAST-MODIFIED from its update time in UTC', () => {
    const row = activity({ sequence: 4, updatedAt: '2026-11-20T08:09:10.123+00:00' });
    const text = renderFeed(info, [row]);
    expect(text).toContain(`UID:activity-${row.id}@orrery.example.org\r\n`);
    expect(text).toContain('SEQUENCE:4\r\n');
    expect(text).toContain('DTSTAMP:20261120T080910Z\r\n');
    expect(text).toContain('LAST-MODIFIED:20261120T080910Z\r\n');
    const [event] = parseStrictly(text).events;
    expect(event!.sequence).toBe(4);
  });

  it('gives every timed event a TZID with a VTIMEZONE, whatever the server zone', () => {
    expect(process.env.TZ).toBe('America/Los_Angeles');
    const rows = [activity(), activity({ timeZone: 'America/New_York', startsAt: '2027-07-01T13:00:00Z', endsAt: '2027-07-01T14:00:00Z' })];
    const text = renderFeed(info, rows);
    expect(text).toMatch(/^DTSTART;TZID=Asia\/Shanghai:20270302T183000\r$/m);
    expect(text).toMatch(/^DTSTART;TZID=America\/New_York:20270701T090000\r$/m);
    const events = text.slice(text.indexOf('BEGIN:VEVENT'));
    expect(events).not.toMatch(/^DT(START|END):/m);
    const parsed = parseStrictly(text);
    expect(parsed.timezones).toEqual(['America/New_York', 'Asia/Shanghai']);
    expect(parsed.events.map((e) => e.start)).toEqual(['2027-03-02T18:30:00+08:00', '2027-07-01T09:00:00-04:00']);
  });

  it('writes all-day and multi-day activities as dates with an exclusive end and no VTIMEZONE', () => {
    const camp = activity({ allDay: true, title: { 'zh-CN': '夏令营', en: 'Summer camp' }, startsAt: '2027-07-04T16:00:00Z', endsAt: '2027-07-09T16:00:00Z' });
    const text = renderFeed(info, [camp]);
    expect(text).toContain('DTSTART;VALUE=DATE:20270705\r\nDTEND;VALUE=DATE:20270710\r\n');
    expect(text).not.toContain('BEGIN:VTIMEZONE');
    const [event] = parseStrictly(text).events;
    expect([event!.allDay, event!.start, event!.end]).toEqual([true, '2027-07-05', '2027-07-10']);
  });

  it('keeps a cancelled activity as STATUS:CANCELLED and a requested one as TENTATIVE', () => {
    const parsed = parseStrictly(renderFeed(info, [activity({ status: 'cancelled', sequence: 3 }), activity({ status: 'requested', startsAt: '2027-03-03T10:30:00Z', endsAt: '2027-03-03T11:30:00Z' })]));
    expect(parsed.events.map((e) => [e.status, e.sequence])).toEqual([['CANCELLED', 3], ['TENTATIVE', 0]]);
  });
});

describe('renderFeed: recurring activities', () => {
  // Tuesdays 16:00 in New York from 2 March 2027; DST starts on Sunday 14 March.
  const weekly = (overrides: Partial<FeedActivity> = {}) => activity({
    timeZone: 'America/New_York', startsAt: '2027-03-02T21:00:00Z', endsAt: '2027-03-02T22:30:00Z',
    recurrenceRule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=5', ...overrides,
  });

  it('is one RRULE that keeps 16:00 local across the DST change (both parsers expand it)', () => {
    const series = weekly();
    const text = renderFeed(info, [series]);
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(text).toContain('RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=5\r\n');
    expect(text).toMatch(/BEGIN:DAYLIGHT\r\nDTSTART:\d{8}T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n/);
    const [event] = parseStrictly(text).events;
    expect(event!.instances).toEqual([
      '2027-03-02T16:00:00-05:00', '2027-03-09T16:00:00-05:00', '2027-03-16T16:00:00-04:00',
      '2027-03-23T16:00:00-04:00', '2027-03-30T16:00:00-04:00',
    ]);
  });

  it('drops cancelled occurrences with EXDATE and moves others with a RECURRENCE-ID override', () => {
    const series = weekly({
      sequence: 2,
      exceptions: [
        { originalStartsAt: '2027-03-09T21:00:00Z', startsAt: '2027-03-09T21:00:00Z', endsAt: '2027-03-09T22:30:00Z', status: 'cancelled', updatedAt: '2026-12-01T00:00:00Z' },
        // 16 March 16:00 EDT moved to Thursday 18 March 10:00 EDT
        { originalStartsAt: '2027-03-16T20:00:00Z', startsAt: '2027-03-18T14:00:00Z', endsAt: '2027-03-18T15:30:00Z', status: 'scheduled', updatedAt: '2026-12-02T00:00:00Z' },
      ],
    });
    const text = renderFeed(info, [series]);
    expect(text).toContain('EXDATE;TZID=America/New_York:20270309T160000\r\n');
    expect(text).toContain('RECURRENCE-ID;TZID=America/New_York:20270316T160000\r\n');
    const events = byUid(parseStrictly(text).events, series.id);
    expect(events).toHaveLength(2);
    expect(events[0]!.instances).toEqual(['2027-03-02T16:00:00-05:00', '2027-03-18T10:00:00-04:00', '2027-03-23T16:00:00-04:00', '2027-03-30T16:00:00-04:00']);
    expect(events[1]).toMatchObject({ recurrenceId: '2027-03-16T16:00:00-04:00', start: '2027-03-18T10:00:00-04:00', end: '2027-03-18T11:30:00-04:00', sequence: 2 });
  });

  it('expands a Shanghai series at 09:00 +08:00 and writes UNTIL in UTC', () => {
    const series = activity({ startsAt: '2027-03-01T01:00:00Z', endsAt: '2027-03-01T02:00:00Z', recurrenceRule: 'RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270310' });
    const text = renderFeed(info, [series]);
    expect(text).toContain('RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270310T155959Z\r\n');
    expect(parseStrictly(text).events[0]!.instances).toEqual([
      '2027-03-01T09:00:00+08:00', '2027-03-03T09:00:00+08:00', '2027-03-08T09:00:00+08:00', '2027-03-10T09:00:00+08:00',
    ]);
  });

  it('writes UNTIL as a date, EXDATE and RECURRENCE-ID as dates for an all-day series', () => {
    const series = activity({
      allDay: true, startsAt: '2027-04-04T16:00:00Z', endsAt: '2027-04-05T16:00:00Z', recurrenceRule: 'FREQ=DAILY;UNTIL=20270409T155959Z',
      exceptions: [
        { originalStartsAt: '2027-04-05T16:00:00Z', startsAt: '2027-04-05T16:00:00Z', endsAt: '2027-04-06T16:00:00Z', status: 'cancelled', updatedAt: '2026-12-01T00:00:00Z' },
        { originalStartsAt: '2027-04-06T16:00:00Z', startsAt: '2027-04-09T16:00:00Z', endsAt: '2027-04-10T16:00:00Z', status: 'scheduled', updatedAt: '2026-12-01T00:00:00Z' },
      ],
    });
    const text = renderFeed(info, [series]);
    expect(text).toContain('RRULE:FREQ=DAILY;UNTIL=20270409\r\n');
    expect(text).toContain('EXDATE;VALUE=DATE:20270406\r\n');
    expect(text).toContain('RECURRENCE-ID;VALUE=DATE:20270407\r\n');
    const events = byUid(parseStrictly(text).events, series.id);
    expect(events[0]!.instances).toEqual(['2027-04-05', '2027-04-10', '2027-04-08', '2027-04-09']);
    expect(events[1]).toMatchObject({ recurrenceId: '2027-04-07', start: '2027-04-10', end: '2027-04-11' });
  });
});

describe('the ical-generator traps this renderer works around (if these start failing, upstream fixed them)', () => {
  it('writes DTSTAMP as local time without Z when the calendar has a zone name', () => {
    const calendar = ical({ timezone: 'Asia/Shanghai' });
    calendar.createEvent({ start: DateTime.fromISO('2027-03-02T09:00:00', { zone: 'Asia/Shanghai' }), stamp: DateTime.fromISO('2026-11-02T03:04:05Z') });
    expect(calendar.toString()).toMatch(/^DTSTAMP:20261102T110405\r$/m);
  });

  it('writes REFRESH-INTERVAL after the VTIMEZONEs and no final CRLF', () => {
    const calendar = ical({ ttl: 3600, timezone: { name: null, generator: (tz) => `BEGIN:VTIMEZONE\r\nTZID:${tz}\r\nEND:VTIMEZONE` } });
    calendar.createEvent({ start: DateTime.fromISO('2027-03-02T09:00:00', { zone: 'Asia/Shanghai' }), timezone: 'Asia/Shanghai', stamp: DateTime.utc(2026) });
    const text = calendar.toString();
    expect(text.indexOf('REFRESH-INTERVAL')).toBeGreaterThan(text.indexOf('END:VTIMEZONE'));
    expect(text.endsWith('END:VCALENDAR')).toBe(true);
  });
});
