import { lang, t } from '../i18n.ts';

const format = (zone: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: zone, ...options });
const DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: lang() === 'en' ? 'short' : 'long', day: 'numeric', weekday: 'short' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** "2026年12月3日周四 09:00–15:00", an all-day one "2026年12月3日周四 全天", in the activity's zone. */
export function range(start: string, end: string, zone: string, allDay: boolean): string {
  const day = format(zone, DAY).format(new Date(start));
  if (allDay) {
    // An all-day activity ends at midnight after its last day.
    const last = format(zone, DAY).format(new Date(Date.parse(end) - 1));
    return last === day ? `${day} ${t('allDay')}` : `${day} – ${last}`;
  }
  const endDay = format(zone, DAY).format(new Date(end));
  const endText = format(zone, TIME).format(new Date(end));
  return endDay === day ? `${day} ${format(zone, TIME).format(new Date(start))}–${endText}` : `${day} ${format(zone, TIME).format(new Date(start))} – ${endDay} ${endText}`;
}

/** An instant as its date and time in the zone: "2026年11月20日周五 10:05". */
export function instant(iso: string, zone: string): string {
  return format(zone, { ...DAY, ...TIME }).format(new Date(iso));
}
