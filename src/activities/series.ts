import { DateTime } from 'luxon';
import type { PoolClient } from '../db/pool.ts';
import { AppError, ValidationError } from '../shared/errors.ts';
import { DEFAULT_LIMITS, expandRule, parseRule, RecurrenceLimitError } from './recurrence.ts';
import * as oq from './occurrences.queries.ts';

/** When an activity happens: its first occurrence and, for a series, the rule that repeats it. */
export interface SeriesTiming {
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
  recurrenceRule: string | null;
}

export interface Planned {
  startsAt: string;
  endsAt: string;
}

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

/**
 * Makes the stored occurrences match the planned ones, keyed by their original start (RECURRENCE-ID):
 * occurrences no longer planned are removed, new ones added, and exceptions (moved or cancelled
 * occurrences) whose original start is still planned are kept as they are.
 */
export async function syncOccurrences(db: PoolClient, activityId: number, planned: Planned[]): Promise<OccurrenceChanges> {
  const existing = new Map((await oq.selectOccurrences(db, activityId)).map((o) => [ms(o.originalStartsAt), o]));
  const changes: OccurrenceChanges = { added: [], changed: [], removed: [] };
  const toAdd: Planned[] = [];
  for (const p of planned) {
    const o = existing.get(ms(p.startsAt));
    existing.delete(ms(p.startsAt));
    if (!o) toAdd.push(p);
    else if (ms(o.startsAt) === ms(o.originalStartsAt) && ms(o.endsAt) !== ms(p.endsAt)) {
      await oq.updateOccurrence(db, o.id, { startsAt: o.startsAt, endsAt: p.endsAt, status: o.status });
      changes.changed.push(o.id);
    }
  }
  changes.removed = [...existing.values()].map((o) => o.id);
  await oq.deleteOccurrences(db, changes.removed);
  changes.added = await oq.insertOccurrences(db, activityId, toAdd.map((p) => p.startsAt), toAdd.map((p) => p.endsAt));
  return changes;
}
