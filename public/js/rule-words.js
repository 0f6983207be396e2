// A series' rule in words, shared by the organizer's panels and the public activity page.
import { lang, t } from './i18n.js';
import './organizer-strings.js';

/** RRULE weekday codes in ISO order (1 = Monday). */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The weekday code of a local calendar date "2026-09-03" (no zone: the date is already local). */
function weekdayOf(localDate) {
  const day = new Date(`${localDate}T12:00:00Z`);
  return Number.isNaN(day.getTime()) ? '' : WEEKDAYS[(day.getUTCDay() + 6) % 7];
}

/**
 * A rule in words, for people: "每周四，共 6 次" / "Weekly on Thursday, 6 times"; with `at` (the
 * times of day) "每周四 14:00–15:30，共 6 次". The API checks the grammar (one place); this only
 * reads the parts the Book panel writes, and falls back to the rule.
 */
export function describeRule(rule, firstDate, at) {
  const parts = Object.fromEntries(String(rule).split(';').map((p) => p.split('=')));
  // Without BYDAY a weekly rule repeats on the first occurrence's weekday.
  const byDay = parts.BYDAY ?? (firstDate ? weekdayOf(firstDate) : '');
  const days = (byDay ? byDay.split(',') : []).map((d) => t(`weekdayLong.${d.replace(/^[+-]?\d+/, '')}`)).join(t('rule.join'));
  const interval = Number(parts.INTERVAL ?? 1);
  let head;
  if (parts.FREQ === 'WEEKLY') head = interval > 1 ? t('rule.everyWeeks', { n: interval, days }) : t('rule.weekly', { days });
  else if (parts.FREQ === 'DAILY') head = t('rule.daily');
  else if (parts.FREQ === 'MONTHLY') head = t('rule.monthly');
  else return String(rule);
  if (at) head = `${head.trim()} ${at}`;
  const until = parts.UNTIL ? `${parts.UNTIL.slice(0, 4)}-${parts.UNTIL.slice(4, 6)}-${parts.UNTIL.slice(6, 8)}` : null;
  const tail = parts.COUNT ? t('rule.count', { count: parts.COUNT }) : until ? t('rule.until', { until }) : null;
  const comma = lang() === 'en' ? ', ' : '，';
  return tail ? `${head.trim()}${comma}${tail}` : head.trim();
}
