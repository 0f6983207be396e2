import { DateTime } from 'luxon';
import type { Occurrence, PlanCommitment, PlanInput } from './types.ts';

/** PURE: the occurrences a term's commitments ask for, in a stable order (commitment id, class id, k). */
export function expandOccurrences(input: PlanInput): Occurrence[] {
  const out: Occurrence[] = [];
  for (const c of [...input.commitments].sort((a, b) => a.id - b.id)) {
    const from = maxDate(c.window.startsOn, input.term.startsOn);
    const to = minDate(c.window.endsOn, input.term.endsOn);
    const groups = c.perClass && c.classIds.length > 0 ? [...c.classIds].sort((a, b) => a - b).map((id) => [id]) : [[...c.classIds].sort((a, b) => a - b)];
    for (const classIds of groups) {
      const group = `c${c.id}${c.perClass && classIds.length === 1 ? `-k${classIds[0]}` : ''}`;
      for (const [index, period] of periods(c, from, to, input.zone).entries()) {
        out.push({ key: `${group}-${index + 1}`, commitment: c, group, index, classIds, fromDate: period.from, toDate: period.to });
      }
    }
  }
  return out;
}

/** count: each occurrence may use the whole window; cadence: one per week (Mon–Sun) or month of it. */
function periods(c: PlanCommitment, from: string, to: string, zone: string): { from: string; to: string }[] {
  if (c.cadence === null) return Array.from({ length: c.count ?? 1 }, () => ({ from, to }));
  const out: { from: string; to: string }[] = [];
  const unit = c.cadence === 'weekly' ? 'week' : 'month';
  const last = DateTime.fromISO(to, { zone });
  for (let p = DateTime.fromISO(from, { zone }).startOf(unit); p <= last && out.length < 100; p = p.plus(unit === 'week' ? { weeks: 1 } : { months: 1 })) {
    const end = p.endOf(unit).startOf('day');
    out.push({ from: maxDate(p.toISODate()!, from), to: minDate(end.toISODate()!, to) });
  }
  return out;
}

export const maxDate = (a: string, b: string) => (a > b ? a : b);
export const minDate = (a: string, b: string) => (a < b ? a : b);
