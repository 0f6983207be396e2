import { DateTime } from 'luxon';

/**
 * PURE: what happens to a series' stored occurrences when the series itself changes (its time, zone,
 * length or rule, or the "following" half of a split). Instants are UTC ISO strings.
 *
 * Occurrences are matched by their original start (the RECURRENCE-ID), shifted by the series' move
 * in whole local days: every occurrence of a rule has the same local clock time, so a local date names
 * it. Moving Thursday 16:00 to Thursday 17:00 keeps each date; moving it to Friday adds one day.
 * - a regular occurrence that still exists takes its new planned time (and keeps its id);
 * - a cancelled one stays cancelled at its new original time;
 * - a moved one keeps its own moved time — it was a deliberate one-off decision (a holiday, a guest
 *   speaker) the series change did not speak about — unless the organizer set this occurrence's time
 *   explicitly (`explicit`: the occurrence a split starts at, with a new time), or the kept time would
 *   overlap another scheduled occurrence of the series: then it takes its new planned time;
 * - occurrences whose date is not in the new expansion are removed; new dates are added.
 */
export interface StoredOccurrence {
  id: number;
  originalStartsAt: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'cancelled';
}

export interface Planned {
  startsAt: string;
  endsAt: string;
}

/** An occurrence after the change; `id` null for a new one. */
export interface Reshaped {
  id: number | null;
  originalStartsAt: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'cancelled';
}

export interface SeriesChange {
  /** The instances of the series as it was (to tell a moved occurrence from a regular one). */
  oldPlanned: Planned[];
  oldZone: string;
  newPlanned: Planned[];
  newZone: string;
  /** One occurrence's original start before and its planned start after (the series' first, or the split one). */
  anchor: { from: string; to: string };
  /** Original start of an occurrence whose time the organizer set in this very change. */
  explicit?: string | undefined;
  /** False when the series was a one-off: its single occurrence mirrors the activity, nothing to keep. */
  keepExceptions: boolean;
}

export interface SeriesPlan {
  occurrences: Reshaped[];
  removed: number[];
}

const ms = (iso: string) => Date.parse(iso);
const localDate = (iso: string, zone: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toISODate()!;
const dayNumber = (isoDate: string) => Math.round(ms(`${isoDate}T00:00:00Z`) / 86_400_000);
const plusDays = (isoDate: string, days: number) => new Date((dayNumber(isoDate) + days) * 86_400_000).toISOString().slice(0, 10);

function isMoved(o: StoredOccurrence, oldEnds: Map<number, number>): boolean {
  const plannedEnd = oldEnds.get(ms(o.originalStartsAt));
  return ms(o.startsAt) !== ms(o.originalStartsAt) || (plannedEnd !== undefined && ms(o.endsAt) !== plannedEnd);
}

function overlapsAnother(all: Reshaped[], index: number): boolean {
  const me = all[index]!;
  return all.some((o, i) => i !== index && o.status === 'scheduled' && ms(o.startsAt) < ms(me.endsAt) && ms(me.startsAt) < ms(o.endsAt));
}

/**
 * The other scheduled occurrences of a series that [startsAt, endsAt) overlaps (periods are
 * half-open, so back to back is no overlap). One series never holds two sessions at one moment.
 */
export function overlapping<O extends StoredOccurrence>(all: readonly O[], id: number, startsAt: string, endsAt: string): O[] {
  return all.filter((o) => o.id !== id && o.status === 'scheduled' && ms(o.startsAt) < ms(endsAt) && ms(startsAt) < ms(o.endsAt));
}

export function reshapeSeries(existing: StoredOccurrence[], change: SeriesChange): SeriesPlan {
  const shift = dayNumber(localDate(change.anchor.to, change.newZone)) - dayNumber(localDate(change.anchor.from, change.oldZone));
  const byDate = new Map(existing.map((o) => [plusDays(localDate(o.originalStartsAt, change.oldZone), shift), o]));
  const oldEnds = new Map(change.oldPlanned.map((p) => [ms(p.startsAt), ms(p.endsAt)]));
  const kept = new Set<number>();
  const matched = new Set<number>();
  const occurrences = change.newPlanned.map((p): Reshaped => {
    const o = byDate.get(localDate(p.startsAt, change.newZone));
    if (!o) return { id: null, originalStartsAt: p.startsAt, startsAt: p.startsAt, endsAt: p.endsAt, status: 'scheduled' };
    matched.add(o.id);
    if (!change.keepExceptions) return { id: o.id, originalStartsAt: p.startsAt, startsAt: p.startsAt, endsAt: p.endsAt, status: 'scheduled' };
    const keepTime = isMoved(o, oldEnds) && o.originalStartsAt !== change.explicit;
    if (keepTime) kept.add(o.id);
    return { id: o.id, originalStartsAt: p.startsAt, startsAt: keepTime ? o.startsAt : p.startsAt, endsAt: keepTime ? o.endsAt : p.endsAt, status: o.status };
  });
  // A kept moved time that now collides with the series itself gives way to the organizer's change.
  occurrences.forEach((o, index) => {
    if (o.id === null || !kept.has(o.id) || o.status !== 'scheduled' || !overlapsAnother(occurrences, index)) return;
    const planned = change.newPlanned[index]!;
    occurrences[index] = { ...o, startsAt: planned.startsAt, endsAt: planned.endsAt };
  });
  return { occurrences, removed: existing.filter((o) => !matched.has(o.id)).map((o) => o.id) };
}
