import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixedClock } from '../../src/shared/clock.ts';
import { startTestApp, type TestContext } from '../helpers/app.ts';
import { createActivity, createResource, createUnit } from '../helpers/factories.ts';
import { createFeed, fetchFeed, registerDirectly, textOf } from '../helpers/feeds.ts';
import { parseStrictly, type ParsedFeed } from '../helpers/ical-parsers.ts';

/** What each type of feed shows, checked through both parsers. The clock stands at 2026-11-24. */
let t: TestContext;
let planetarium: number;
let school: number;
let dome: number;
let telescopes: number;
const PERSON = { name: '张三丰 Zhang Sanfeng', email: 'zhang.sanfeng@school.example.org' };

beforeAll(async () => {
  t = await startTestApp();
  planetarium = (await createUnit(t.app, { name: { 'zh-CN': '北京天文馆', en: 'Beijing Planetarium' } })).id;
  school = (await createUnit(t.app, { kind: 'school', name: { 'zh-CN': '北京学校', en: 'Beijing School' } })).id;
  dome = (await createResource(t.app, { unitId: planetarium, name: { 'zh-CN': '天象厅', en: 'Dome theatre' } })).id;
  telescopes = (await createResource(t.app, { unitId: planetarium, kind: 'equipment', quantity: 5, name: { 'zh-CN': '望远镜', en: 'Telescopes' } })).id;
});
afterAll(() => t.close());

async function feedOf(body: Record<string, unknown>): Promise<{ text: string; parsed: ParsedFeed; token: string }> {
  const feed = await createFeed(t.app, body);
  const res = await fetchFeed(t.app, feed.token);
  expect(res.status).toBe(200);
  const text = textOf(res);
  return { text, parsed: parseStrictly(text), token: feed.token };
}

const uids = (feed: ParsedFeed) => [...new Set(feed.events.map((e) => Number(/activity-(\d+)@/.exec(e.uid)![1])))].sort((a, b) => a - b);
const at = (day: string, hours = '09:00') => ({ startsAt: `2027-${day}T${hours}:00+08:00`, endsAt: `2027-${day}T${hours.replace(/^\d\d/, (h) => String(+h + 1).padStart(2, '0'))}:00+08:00` });

describe('programme feeds', () => {
  it('show confirmed public activities matching every filter, and no personal data', async () => {
    const show = await createActivity(t.app, planetarium, { ...at('03-02'), status: 'confirmed', kind: 'science_show', venueId: dome, audienceGrades: [3, 4], languages: ['zh-CN', 'en'], title: { 'zh-CN': '星空剧场', en: 'Theatre of the stars' } });
    const others = [
      await createActivity(t.app, planetarium, { ...at('03-03'), status: 'confirmed', kind: 'exhibition' }),
      await createActivity(t.app, planetarium, { ...at('03-04'), status: 'confirmed', kind: 'science_show', audienceGrades: [9] }),
      await createActivity(t.app, planetarium, { ...at('03-05'), status: 'confirmed', kind: 'science_show', audienceGrades: [3], languages: ['en'] }),
      await createActivity(t.app, planetarium, { ...at('03-06'), status: 'requested', kind: 'science_show', audienceGrades: [3] }),
      await createActivity(t.app, planetarium, { ...at('03-07'), status: 'confirmed', kind: 'science_show', audienceGrades: [3], visibility: 'internal' }),
      await createActivity(t.app, planetarium, { ...at('03-08'), kind: 'science_show', audienceGrades: [3] }),
      await createActivity(t.app, school, { ...at('03-09'), status: 'confirmed', kind: 'science_show', audienceGrades: [3] }),
    ];
    await registerDirectly(t.db.pool, show.id, PERSON.email, PERSON.name);
    const { text, parsed } = await feedOf({
      type: 'programme', ownerUnitId: planetarium, language: 'both',
      filters: { kinds: ['science_show'], unitIds: [planetarium], grades: [3, 5], languages: ['zh-CN'] },
    });
    expect(uids(parsed)).toEqual([show.id]);
    expect(parsed.events[0]).toMatchObject({ summary: '星空剧场 / Theatre of the stars', location: '天象厅 / Dome theatre', start: '2027-03-02T09:00:00+08:00' });
    for (const secret of [PERSON.name, 'Zhang', PERSON.email, 'zhang.sanfeng']) expect(text).not.toContain(secret);
    const venue = await feedOf({ type: 'programme', ownerUnitId: planetarium, filters: { venueIds: [dome] } });
    expect(uids(venue.parsed)).toEqual([show.id]);
    expect(others).toHaveLength(7);
  });

  it('keep a cancelled activity as cancelled for 14 days, then drop it; and keep to the window', async () => {
    const unit = (await createUnit(t.app)).id;
    const cancelled = await createActivity(t.app, unit, { ...at('01-10'), status: 'confirmed' });
    expect((await t.api.patch(`/api/v1/activities/${cancelled.id}`).send({ status: 'cancelled' })).status).toBe(200);
    await t.db.pool.query("UPDATE activities SET cancelled_at = '2026-11-20T12:00:00Z' WHERE id = $1", [cancelled.id]);
    const recent = await createActivity(t.app, unit, { startsAt: '2026-11-01T09:00:00+08:00', endsAt: '2026-11-01T10:00:00+08:00', status: 'confirmed' });
    const old = await createActivity(t.app, unit, { startsAt: '2026-10-20T09:00:00+08:00', endsAt: '2026-10-20T10:00:00+08:00', status: 'confirmed' });
    const lastDay = await createActivity(t.app, unit, { ...at('08-31'), status: 'confirmed' });
    const nextYear = await createActivity(t.app, unit, { ...at('09-01'), status: 'confirmed' });
    const feed = await createFeed(t.app, { type: 'programme', ownerUnitId: unit, filters: { unitIds: [unit] } });
    const now = parseStrictly(textOf(await fetchFeed(t.app, feed.token)));
    expect(uids(now)).toEqual([cancelled.id, recent.id, lastDay.id].sort((a, b) => a - b));
    expect(now.events.find((e) => e.uid.startsWith(`activity-${cancelled.id}@`))!.status).toBe('CANCELLED');
    const clock = t.clock as FixedClock;
    try {
      clock.set('2026-12-05T00:00:00Z');
      const later = parseStrictly(textOf(await fetchFeed(t.app, feed.token)));
      expect(uids(later)).toEqual([lastDay.id]);
    } finally {
      clock.set('2026-11-24T00:00:00Z');
    }
    expect(uids(now)).not.toContain(old.id);
    expect(uids(now)).not.toContain(nextYear.id);
  });
});

describe('unit, resource and participant feeds', () => {
  it('a unit feed shows its requested (tentative) and internal activities too', async () => {
    const unit = (await createUnit(t.app)).id;
    const requested = await createActivity(t.app, unit, { ...at('04-01'), status: 'requested' });
    const internal = await createActivity(t.app, unit, { ...at('04-02'), status: 'confirmed', visibility: 'internal' });
    await createActivity(t.app, unit, { ...at('04-03') });
    const { parsed } = await feedOf({ type: 'unit', unitId: unit, language: 'en' });
    expect(uids(parsed)).toEqual([requested.id, internal.id]);
    expect(parsed.events.map((e) => e.status)).toEqual(['TENTATIVE', 'CONFIRMED']);
  });

  it('a resource feed shows what claims the resource and how much', async () => {
    const claiming = await createActivity(t.app, planetarium, { ...at('05-06', '19:00'), status: 'confirmed', claims: [{ resourceId: telescopes, quantity: 3, setupMinutes: 30, teardownMinutes: 15 }] });
    await createActivity(t.app, planetarium, { ...at('05-07'), status: 'confirmed' });
    await registerDirectly(t.db.pool, claiming.id, PERSON.email, PERSON.name);
    const { text, parsed } = await feedOf({ type: 'resource', resourceId: telescopes, language: 'en' });
    expect(uids(parsed)).toEqual([claiming.id]);
    expect(parsed.events[0]!.description).toContain('Claims 3 of 5 (set-up 30 min, tear-down 15 min)');
    expect(text).not.toContain(PERSON.email);
    expect(text).not.toContain('Zhang');
  });

  it("a participant feed shows the activities they are confirmed for, without their name or email", async () => {
    const email = 'li.si@school.example.org';
    const mine = await createActivity(t.app, planetarium, { ...at('06-01'), status: 'confirmed', title: { 'zh-CN': '麋鹿苑考察', en: 'Field visit to the Milu park' } });
    const waiting = await createActivity(t.app, planetarium, { ...at('06-02'), status: 'confirmed' });
    const someoneElses = await createActivity(t.app, planetarium, { ...at('06-03'), status: 'confirmed' });
    await registerDirectly(t.db.pool, mine.id, email, '李四');
    await registerDirectly(t.db.pool, waiting.id, email, '李四', 'waitlisted');
    await registerDirectly(t.db.pool, someoneElses.id, PERSON.email, PERSON.name);
    const { text, parsed, token } = await feedOf({ type: 'participant', ownerEmail: 'Li.Si@School.Example.org', name: '我的活动' });
    expect(uids(parsed)).toEqual([mine.id]);
    expect(parsed.events[0]!.summary).toBe('麋鹿苑考察 / Field visit to the Milu park');
    for (const secret of ['李四', email, PERSON.email]) expect(text).not.toContain(secret);
    // A new registration changes the feed (and its ETag) even though no activity changed.
    const etag = (await fetchFeed(t.app, token)).headers.etag!;
    await registerDirectly(t.db.pool, someoneElses.id, email, '李四');
    const after = await fetchFeed(t.app, token, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(uids(parseStrictly(textOf(after)))).toEqual([mine.id, someoneElses.id]);
  });
});

describe('recurring activities from the database', () => {
  it('are one RRULE with EXDATE and RECURRENCE-ID, expanding to the right local times across DST', async () => {
    // Tuesdays 16:00 New York time from 2 March 2027 (DST begins 14 March), set up directly in SQL.
    const series = await createActivity(t.app, planetarium, {
      status: 'confirmed', timeZone: 'America/New_York', startsAt: '2027-03-02T16:00:00-05:00', endsAt: '2027-03-02T17:30:00-05:00',
      title: { 'zh-CN': '天文俱乐部', en: 'Astronomy club' }, kind: 'club_session',
    });
    await t.db.pool.query(`UPDATE activities SET recurrence_rule = 'FREQ=WEEKLY;BYDAY=TU;COUNT=4' WHERE id = $1`, [series.id]);
    await t.db.pool.query(
      `INSERT INTO occurrences (activity_id, original_starts_at, starts_at, ends_at, status)
       VALUES ($1, '2027-03-09T16:00:00-05:00', '2027-03-09T16:00:00-05:00', '2027-03-09T17:30:00-05:00', 'cancelled'),
              ($1, '2027-03-16T16:00:00-04:00', '2027-03-17T10:00:00-04:00', '2027-03-17T11:30:00-04:00', 'scheduled'),
              ($1, '2027-03-23T16:00:00-04:00', '2027-03-23T16:00:00-04:00', '2027-03-23T17:30:00-04:00', 'scheduled')`,
      [series.id],
    );
    const { text, parsed } = await feedOf({ type: 'unit', unitId: planetarium, language: 'zh-CN' });
    const events = parsed.events.filter((e) => e.uid === `activity-${series.id}@orrery.test`);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ summary: '天文俱乐部', tzid: 'America/New_York', recurrenceId: null });
    expect(text).toContain('RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4\r\n');
    expect(events[0]!.instances).toEqual(['2027-03-02T16:00:00-05:00', '2027-03-17T10:00:00-04:00', '2027-03-23T16:00:00-04:00']);
    expect(events[1]).toMatchObject({ recurrenceId: '2027-03-16T16:00:00-04:00', start: '2027-03-17T10:00:00-04:00' });
    expect(text).toContain('EXDATE;TZID=America/New_York:20270309T160000\r\n');
    expect(parsed.timezones).toContain('America/New_York');
  });
});
