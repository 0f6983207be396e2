import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityUid } from '../../src/shared/ical-ids.ts';
import { createFeed, fetchFeed, textOf } from '../helpers/feeds.ts';
import { parseStrictly, type ParsedEvent, type ParsedFeed } from '../helpers/ical-parsers.ts';
import { confirmedActivity, invitationOf, register, startMailTest, type MailTest } from '../helpers/mail.ts';
import type { CapturedMail } from '../helpers/smtp.ts';

/**
 * Invitations of a weekly series after one occurrence is cancelled and another moved: each
 * participant gets one change notice per change, and the invitation it carries — read by ical.js
 * and by python3-icalendar — expands to the occurrences table's local start times, like the feed.
 */
let m: MailTest;
beforeAll(async () => {
  m = await startMailTest();
});
afterAll(() => m.close());

const PARTICIPANTS = ['wang@example.org', 'zhao@example.org'];

interface OccurrenceItem { id: number; startsAt: string; status: string }

async function occurrences(activityId: number): Promise<OccurrenceItem[]> {
  const res = await request(m.t.app).get(`/api/v1/activities/${activityId}/occurrences`).set(m.admin.headers);
  expect(res.status).toBe(200);
  return res.body.items;
}

async function currentSequence(activityId: number): Promise<number> {
  return (await request(m.t.app).get(`/api/v1/activities/${activityId}`).set(m.admin.headers)).body.sequence;
}

async function patchOccurrence(activityId: number, occurrenceId: number, body: Record<string, unknown>): Promise<void> {
  const res = await request(m.t.app).patch(`/api/v1/activities/${activityId}/occurrences/${occurrenceId}`).set(m.admin.headers).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** Sends what is due and returns, per participant, the one message each must have received. */
async function deliverOnePerParticipant(): Promise<Map<string, CapturedMail>> {
  m.smtp.clear();
  await m.worker().drain();
  const out = new Map<string, CapturedMail>();
  for (const to of PARTICIPANTS) {
    const mails = m.smtp.messages.filter((x) => x.to.includes(to));
    expect(mails, `messages to ${to}`).toHaveLength(1);
    out.set(to, mails[0]!);
  }
  expect(m.smtp.messages).toHaveLength(PARTICIPANTS.length);
  return out;
}

/** The invitation read strictly by both parsers, checked against the occurrences table. */
async function checkInvitation(mail: CapturedMail, activityId: number): Promise<ParsedFeed> {
  const text = invitationOf(mail);
  expect(mail.raw).toMatch(/method=REQUEST/i);
  const parsed = parseStrictly(text, { itip: true });
  expect(parsed.method).toBe('REQUEST');
  const series = parsed.events.find((e) => e.recurrenceId === null)!;
  const scheduled = (await occurrences(activityId)).filter((o) => o.status === 'scheduled').map((o) => o.startsAt);
  expect(series.instances).toEqual(scheduled);
  const sequence = await currentSequence(activityId);
  for (const event of parsed.events) expect([event.uid, event.sequence]).toEqual([activityUid(activityId, m.t.config.publicBaseUrl), sequence]);
  return parsed;
}

const shape = (events: ParsedEvent[]) => events.map((e) => [e.uid, e.recurrenceId, e.start, e.end, e.status, e.sequence, e.instances]);

describe('invitations of a weekly series', () => {
  it('carry a cancelled occurrence as EXDATE and a moved one as an override, one change notice per change', async () => {
    // Tuesdays 18:30–20:00 in New York, across the start of daylight saving time on 14 March 2027.
    const activity = await confirmedActivity(m, {
      kind: 'club_session', timeZone: 'America/New_York', recurrenceRule: 'FREQ=WEEKLY;COUNT=5',
      startsAt: '2027-03-02T18:30:00-05:00', endsAt: '2027-03-02T20:00:00-05:00',
    });
    for (const email of PARTICIPANTS) expect((await register(m.t.app, activity.id, { email, language: 'en' })).status).toBe(201);
    const confirmations = await deliverOnePerParticipant();
    for (const mail of confirmations.values()) {
      expect(mail.parsed.subject).toMatch(/^Registered: /);
      const parsed = await checkInvitation(mail, activity.id);
      expect(parsed.events).toHaveLength(1);
      expect(parsed.timezones).toEqual(['America/New_York']);
    }

    const [, second, , fourth] = await occurrences(activity.id);
    await patchOccurrence(activity.id, second!.id, { status: 'cancelled' });
    const cancelled = await deliverOnePerParticipant();
    for (const mail of cancelled.values()) {
      expect(mail.parsed.subject).toMatch(/^Changed: /);
      expect(mail.parsed.text).toContain('Dates that differ: Tuesday 9 March 2027 18:30 — cancelled\n');
      const series = (await checkInvitation(mail, activity.id)).events[0]!;
      expect(series.instances).not.toContain('2027-03-09T18:30:00-05:00');
      expect(series.instances).toHaveLength(4);
    }

    await patchOccurrence(activity.id, fourth!.id, { startsAt: '2027-03-24T19:00:00-04:00' });
    const moved = await deliverOnePerParticipant();
    const feed = await createFeed(m.t.app, { type: 'participant', ownerEmail: PARTICIPANTS[0], language: 'en' });
    const feedEvents = parseStrictly(textOf(await fetchFeed(m.t.app, feed.token))).events;
    for (const mail of moved.values()) {
      expect(mail.parsed.subject).toMatch(/^Changed: /);
      expect(mail.parsed.text).toContain('  Tuesday 23 March 2027 18:30 → Wednesday 24 March 2027 19:00–20:30 (Eastern Daylight Time)\n');
      const parsed = await checkInvitation(mail, activity.id);
      expect(parsed.events.map((e) => e.recurrenceId)).toEqual([null, '2027-03-23T18:30:00-04:00']);
      expect(parsed.events[1]).toMatchObject({ start: '2027-03-24T19:00:00-04:00', end: '2027-03-24T20:30:00-04:00' });
      expect(parsed.events[0]!.instances).toEqual(['2027-03-02T18:30:00-05:00', '2027-03-16T18:30:00-04:00', '2027-03-24T19:00:00-04:00', '2027-03-30T18:30:00-04:00']);
      // What the email puts in the calendar is what the participant's feed shows.
      expect(shape(parsed.events)).toEqual(shape(feedEvents));
    }

    // Nothing more is due: each change was told once.
    m.smtp.clear();
    await m.worker().drain();
    expect(m.smtp.messages).toHaveLength(0);
  });

  it('does not send a notice when a PATCH changes nothing', async () => {
    const activity = await confirmedActivity(m, { kind: 'club_session', recurrenceRule: 'FREQ=WEEKLY;COUNT=3' });
    await register(m.t.app, activity.id, { email: 'same@example.org' });
    await m.worker().drain();
    const [first] = await occurrences(activity.id);
    await patchOccurrence(activity.id, first!.id, { status: 'scheduled' });
    m.smtp.clear();
    await m.worker().drain();
    expect(m.smtp.messages).toHaveLength(0);
  });
});
