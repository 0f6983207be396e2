import { lang, pick, t, time, zoneName } from '../i18n.ts';
import type { paths } from '../../generated/api';
import type { WordKey } from '../words.ts';

/** A claim waiting for my unit's decision (GET /approvals). */
export type Claim = paths['/api/v1/approvals']['get']['responses']['200']['content']['application/json']['items'][number];

const sameDay = (a: string, b: string, zone: string): boolean =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(a))
  === new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(b));

/** "2026年11月27日周五 19:00" / "Fri, 27 Nov 2026, 19:00": a decision is about a date that may be months away, so with its year. */
export function dateTime(iso: string, zone: string): string {
  return new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: zone, year: 'numeric', month: lang() === 'en' ? 'short' : 'long', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** "2026年11月27日周五 19:00–20:30" (one day) or "… 19:00 – 2026年11月28日周六 10:00"; `end` null: the instant alone. */
export function when(start: string, end: string | null, zone: string): string {
  if (!end) return dateTime(start, zone);
  return sameDay(start, end, zone) ? `${dateTime(start, zone)}–${time(end, zone)}` : `${dateTime(start, zone)} – ${dateTime(end, zone)}`;
}

const shift = (iso: string, minutes: number): string => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** The facts of a claim as label, value and the value's class (the venue and buffers are looked at by tests). */
export function claimFacts(claim: Claim, showZone: boolean): [WordKey, string, string?][] {
  const zone = showZone ? t('approvals.zone', { zone: zoneName(claim.timeZone) }) : '';
  const buffered = claim.setupMinutes > 0 || claim.teardownMinutes > 0;
  const facts: [WordKey, string, string?][] = [
    ['approvals.by', pick(claim.organizerUnitName), 'by'],
    ['approvals.when', `${when(claim.startsAt, claim.endsAt, claim.timeZone)}${zone}${claim.recurrenceRule ? t('approvals.recurring') : ''}`, 'when'],
    ['approvals.venue', claim.venueName ? pick(claim.venueName) : t('approvals.noVenue'), 'venue'],
    ['approvals.resource', pick(claim.resourceName), 'resource'],
    ['approvals.quantity', t('approvals.of', { quantity: claim.quantity, pool: claim.poolQuantity }), 'quantity'],
    ['approvals.buffers', t('approvals.bufferMinutes', { setup: claim.setupMinutes, teardown: claim.teardownMinutes }), 'buffers'],
  ];
  if (buffered) facts.push(['approvals.span', when(shift(claim.startsAt, -claim.setupMinutes), shift(claim.endsAt, claim.teardownMinutes), claim.timeZone) + zone, 'span']);
  return facts;
}

/** How long the hold has left, from the browser's clock: "还剩 20 小时", a warning under a day. */
export function holdLeft(holdExpiresAt: string | null, now = Date.now()): { text: string; soon: boolean } | null {
  if (!holdExpiresAt) return null;
  const ms = Date.parse(holdExpiresAt) - now;
  if (ms <= 0) return { text: t('approvals.holdGone'), soon: true };
  if (ms < 3_600_000) return { text: t('approvals.holdSoon'), soon: true };
  const hours = Math.floor(ms / 3_600_000);
  return { text: t('approvals.holdLeft', { hours }), soon: hours < 24 };
}
