import { DateTime } from 'luxon';
import { ValidationError } from '../shared/errors.ts';
import type { ReportQuery } from './reports.schema.ts';

/**
 * PURE: a report's period as local days in one zone → the half-open instant range [from, to).
 * A school year runs from 1 September to 31 August; a term is a calendar entry of kind `term`,
 * whose bounds the caller loads and passes in.
 */
export interface ReportPeriod {
  from: DateTime;
  to: DateTime;
  zone: string;
  label: string;
}

export type TermBounds = { startsAt: Date; endsAt: Date; name: string } | null;

const issue = (path: string, message: string) => new ValidationError('Invalid report period', [{ path: `query.${path}`, message }]);

function localDay(value: string, zone: string, path: string): DateTime {
  const day = DateTime.fromISO(value, { zone }).startOf('day');
  if (!day.isValid) throw issue(path, 'not a day of the calendar');
  return day;
}

export function resolvePeriod(q: ReportQuery, zone: string, term: TermBounds, now: DateTime): ReportPeriod {
  if (q.period === 'month') {
    const month = q.month ?? now.setZone(zone).toFormat('yyyy-MM');
    const from = localDay(`${month}-01`, zone, 'month');
    return { from, to: from.plus({ months: 1 }), zone, label: month };
  }
  if (q.period === 'year') {
    const local = now.setZone(zone);
    const year = q.year ?? (local.month >= 9 ? local.year : local.year - 1);
    const from = localDay(`${year}-09-01`, zone, 'year');
    return { from, to: from.plus({ years: 1 }), zone, label: `${year}-${year + 1}` };
  }
  if (q.period === 'term') {
    if (q.term === undefined) throw issue('term', 'give the id of a calendar entry of kind term');
    if (!term) throw issue('term', 'no calendar entry of kind term with this id');
    return { from: DateTime.fromJSDate(term.startsAt, { zone }), to: DateTime.fromJSDate(term.endsAt, { zone }), zone, label: term.name };
  }
  if (!q.from || !q.to) throw issue(q.from ? 'to' : 'from', 'a custom period needs from and to');
  const from = localDay(q.from, zone, 'from');
  const to = localDay(q.to, zone, 'to').plus({ days: 1 });
  if (to <= from) throw issue('to', 'must not be before from');
  if (to.diff(from, 'days').days > 731) throw issue('to', 'a period is at most two years');
  return { from, to, zone, label: `${q.from}…${q.to}` };
}
