import ical, { escape } from 'ical-generator';
import { calendarComponents, envelopeOf, type ICalActivity, type DisplayLanguage } from '../shared/ical/events.ts';
import { oneLine } from '../shared/text.ts';

/**
 * PURE: feed rows in, RFC 5545 text out. The VTIMEZONEs and VEVENTs come from the rendering that
 * emailed invitations share (src/shared/ical/events.ts); this file adds the feed's envelope.
 *
 * What ical-generator 11 gets wrong for subscription feeds, and what this file does about it:
 * - with a calendar-level zone name it writes DTSTAMP, LAST-MODIFIED and UNTIL as local times
 *   without Z → the calendar gets no zone name; every timed event carries its own TZID instead;
 * - it writes REFRESH-INTERVAL/X-PUBLISHED-TTL after the VTIMEZONEs and ends without the final
 *   CRLF → it writes the envelope without events; VTIMEZONEs and events are appended after it;
 * - it folds the whole file a character at a time → each component is folded by foldLine() instead.
 * Nothing here reads the clock: the same rows give the same bytes.
 */
export const RENDER_VERSION = 2;

export type { DisplayLanguage };
/** What a feed shows of an activity. */
export type FeedActivity = ICalActivity;

export interface FeedInfo {
  name: string;
  description: string;
  language: DisplayLanguage;
  publicBaseUrl: string;
}

/** TEXT values of calendar properties: ical-generator writes NAME and X-WR-CAL* unescaped. */
const icalText = (value: string) => escape(oneLine(value), false);

export function renderFeed(info: FeedInfo, activities: FeedActivity[]): string {
  // The envelope comes from ical-generator with no events in it, so it has no VTIMEZONE to write
  // REFRESH-INTERVAL after: every calendar property lands before the first component.
  const calendar = ical({
    prodId: { company: 'Orrery', product: 'Orrery feeds', language: 'EN' },
    name: icalText(info.name),
    description: icalText(info.description) || null,
    scale: 'GREGORIAN',
    ttl: 3600,
  });
  const envelope = envelopeOf(calendar);
  const components = calendarComponents(calendar, activities, { language: info.language, publicBaseUrl: info.publicBaseUrl });
  return `${envelope}${components}END:VCALENDAR\r\n`;
}
