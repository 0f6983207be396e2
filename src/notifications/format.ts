import { DateTime } from 'luxon';
import type { Language } from '../shared/types.ts';
import { zoneDisplayName } from '../shared/zone-names.ts';

/**
 * PURE formatting helpers shared by the email templates of every feature (each feature keeps its
 * own templates, `<feature>/*.template.ts`; this is the toolkit they have in common).
 */

/** What a template renders: a subject and the two bodies. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const LOCALE: Record<Language, string> = { 'zh-CN': 'zh-CN', en: 'en-GB' };

function day(t: DateTime, language: Language): string {
  const local = t.setLocale(LOCALE[language]);
  return language === 'zh-CN' ? local.toFormat('yyyy年M月d日 cccc') : local.toFormat('cccc d LLLL yyyy');
}

/** The zone is always named, by the name a reader uses: "北京时间" / "Beijing time", never "Asia/Shanghai". */
export function zoneLabel(t: DateTime, language: Language): string {
  return zoneDisplayName(t, language);
}

/**
 * A period in the activity's own zone, e.g. "Tuesday 2 March 2027, 09:00–11:00 (Beijing time)".
 * All-day periods end at an exclusive local midnight, so the last day shown is the day before.
 */
export function formatPeriod(startsAt: DateTime, endsAt: DateTime, zone: string, allDay: boolean, language: Language): string {
  const key = `${startsAt.toMillis()}|${endsAt.toMillis()}|${zone}|${allDay}|${language}`;
  let text = periods.get(key);
  if (text === undefined) {
    if (periods.size >= PERIODS_KEPT) periods.clear();
    text = periodText(startsAt, endsAt, zone, allDay, language);
    periods.set(key, text);
  }
  return text;
}

// A reminder run formats the same few periods for thousands of participants, and luxon's zone
// offsets (Intl) were a tenth of the email worker's CPU (bench/reminders.bench.ts profile): the
// text of a period is a function of its arguments, so it is kept. 1,000 entries hold the periods of
// any one round; past that the map starts over rather than tracking use.
const PERIODS_KEPT = 1000;
const periods = new Map<string, string>();

function periodText(startsAt: DateTime, endsAt: DateTime, zone: string, allDay: boolean, language: Language): string {
  const start = startsAt.setZone(zone);
  const end = endsAt.setZone(zone);
  const [open, close] = language === 'zh-CN' ? ['（', '）'] : [' (', ')'];
  if (allDay) {
    const last = end.minus({ days: 1 });
    const span = last.hasSame(start, 'day') ? day(start, language) : `${day(start, language)} – ${day(last, language)}`;
    return `${span}${open}${language === 'zh-CN' ? '全天，' : 'all day, '}${zoneLabel(start, language)}${close}`;
  }
  const times = end.hasSame(start, 'day')
    ? `${day(start, language)} ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}`
    : `${day(start, language)} ${start.toFormat('HH:mm')} – ${day(end, language)} ${end.toFormat('HH:mm')}`;
  return `${times}${open}${zoneLabel(start, language)}${close}`;
}

/** The local day and start time of an occurrence, e.g. "Tuesday 9 March 2027 18:30" (all-day: the day only). */
export function formatStart(startsAt: DateTime, zone: string, allDay: boolean, language: Language): string {
  const start = startsAt.setZone(zone);
  return allDay ? day(start, language) : `${day(start, language)} ${start.toFormat('HH:mm')}`;
}

/** Text that goes into a header must stay on one line, whatever an organizer typed (src/shared/text.ts). */
export { oneLine } from '../shared/text.ts';

