import { DateTime } from 'luxon';
import type { PoolClient } from '../db/pool.ts';
import { AppError, ValidationError } from '../shared/errors.ts';
import { DEFAULT_LIMITS, expandRule, parseRule, RecurrenceLimitError } from '../shared/recurrence.ts';
import * as oq from './occurrences.queries.ts';
import { reshapeSeries, type Planned, type Reshaped, type SeriesChange } from './series.plan.ts';

/** When an activity happens: its first occurrence and, for a series, the rule that repeats it. */
export interface SeriesTiming {
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
  recurrenceRule: string | null;
}

export type { Planned };

const ms = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const utc = (d: DateTime) => d.toUTC().toISO()!;

/** The occurrences a timing defines (UTC instants); a rule past the limits is a 422 `recurrence_limit_exceeded`. */
export function plannedOccurrences(t: SeriesTiming): Planned[] {
  const start = DateTime.fromISO(t.startsAt, { setZone: true }).setZone(t.timeZone);
  const end = DateTime.fromISO(t.endsAt, { setZone: true }).setZone(t.timeZone);
  if (!t.recurrenceRule) return [{ startsAt: utc(start), endsAt: utc(end) }];
  let instances;
  try {
    instances = expandRule(parseRule(t.recurrenceRule), start, end, t.allDay);
  } catch (error) {
    if (!(error instanceof RecurrenceLimitError)) throw error;
    throw new AppError(422, 'recurrence_limit_exceeded', `The recurrence is too long: ${error.message}`, { ...DEFAULT_LIMITS });
  }
  if (instances.length === 0 || !instances[0]!.startsAt.equals(start)) {
    throw new ValidationError('The series must start with its first occurrence', [
      { path: 'body.startsAt', message: `must be the first occurrence of the recurrence rule (${instances[0]?.startsAt.toISO() ?? 'none before UNTIL'})` },
    ]);
  }
  return instances.map((i) => ({ startsAt: utc(i.startsAt), endsAt: utc(i.endsAt) }));
}

export interface OccurrenceChanges {
  added: number[];
  changed: number[];
  removed: number[];
}

export const touched = (c: OccurrenceChanges) => [...c.added, ...c.changed, ...c.removed];

/** The occurrences a stored timing defined; none if it no longer expands (then nothing counts as moved). */
function plannedBefore(t: SeriesTiming): Planned[] {
  try {
    return plannedOccurrences(t);
  } catch {
    return [];
  }
}

/** How `stored` (occurrences of the series as it was) map onto the changed series (see series.plan.ts). */
export function seriesChange(before: SeriesTiming, after: SeriesTiming, planned: Planned[], anchorFrom: string, explicit?: string): SeriesChange {
  return {
    oldPlanned: plannedBefore(before), oldZone: before.timeZone, newPlanned: planned, newZone: after.timeZone,
    anchor: { from: anchorFrom, to: planned[0]!.startsAt }, explicit,
    keepExceptions: before.recurrenceRule !== null && after.recurrenceRule !== null,
  };
}

const same = (o: oq.OccurrenceRow, r: Reshaped) =>
  ms(o.originalStartsAt) === ms(r.originalStartsAt) && ms(o.startsAt) === ms(r.startsAt) && ms(o.endsAt) === ms(r.endsAt) && o.status === r.status;

/**
 * Brings an activity's stored occurrences in line with its changed series, in place: matched ones
 * keep their ids (bookings follow by trigger, reminders by the occurrences_changed listener), the rest
 * are removed or added. The caller holds the claimed resources' locks and checks bookings after.
 */
export async function reshapeStored(
  db: PoolClient, activityId: number, before: SeriesTiming, after: SeriesTiming, planned: Planned[],
  beforeRemove: (occurrenceIds: number[]) => Promise<void> = async () => {},
): Promise<OccurrenceChanges> {
  const rows = await oq.selectOccurrences(db, activityId);
  // A one-off's occurrence is known by the activity's start (its original start is not kept up to date).
  const stored = before.recurrenceRule ? rows : rows.map((o) => ({ ...o, originalStartsAt: before.startsAt }));
  const plan = reshapeSeries(stored, seriesChange(before, after, planned, DateTime.fromISO(before.startsAt, { setZone: true }).toUTC().toISO()!));
  const byId = new Map(rows.map((o) => [o.id, o]));
  const changed = plan.occurrences.filter((r): r is Reshaped & { id: number } => r.id !== null && !same(byId.get(r.id)!, r));
  // Whoever holds an occurrence about to go hears of it while it still exists (a per-session place).
  if (plan.removed.length > 0) await beforeRemove(plan.removed);
  await oq.deleteOccurrences(db, plan.removed);
  await oq.reshapeOccurrences(db, activityId, changed);
  const added = await oq.insertOccurrences(db, activityId, plan.occurrences.filter((r) => r.id === null));
  return { added, changed: changed.map((r) => r.id), removed: plan.removed };
}

/**
 * The live preview of a series in the booking form: the same expansion (and limits) as booking, so
 * the browser keeps no copy of the grammar. Instants come back with the offset of the series' zone.
 */
export function previewSeries(t: Omit<SeriesTiming, 'recurrenceRule'> & { recurrenceRule: string }) {
  const local = (iso: string) => DateTime.fromISO(iso, { setZone: true }).setZone(t.timeZone).toISO()!;
  const occurrences = plannedOccurrences(t).map((p) => ({ startsAt: local(p.startsAt), endsAt: local(p.endsAt) }));
  return { count: occurrences.length, occurrences, limits: { ...DEFAULT_LIMITS } };
}
