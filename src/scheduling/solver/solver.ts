import { DateTime } from 'luxon';
import type { Localized } from '../../shared/types.ts';
import { peakUse, type Busy } from './usage.ts';

/**
 * PURE availability solver: data in, slots out, time as an argument. It walks candidate starts
 * (every `stepMinutes` inside the allowed local hours of the allowed weekdays, earliest first) and
 * keeps those where every requirement can be met; when none is, it says per day what blocked it and
 * which candidate came nearest. Instants are epoch milliseconds; local days are in `zone`.
 */
export interface Span {
  start: number;
  end: number;
}

export interface CalendarBlock extends Span {
  kind: string;
  entryId: number;
  reason: Localized;
}

export interface SolverResource {
  id: number;
  quantity: number;
  /** Active bookings (periods already widened by their buffers), any order. */
  busy: Busy[];
  /** Open windows; null means always open. */
  open: Span[] | null;
  /** Blocking calendar entries that apply to this resource (its own, its unit's, everyone's). */
  blocks: CalendarBlock[];
}

/** Something the activity needs: `quantity` of one of `options` (one), or summed across them (spread). */
export interface Requirement {
  label: string;
  options: number[];
  quantity: number;
  mode: 'one' | 'spread';
  setupMinutes: number;
  teardownMinutes: number;
}

export interface SolverInput {
  zone: string;
  /** Whole local days from..to (exclusive end), as instants. */
  from: DateTime;
  to: DateTime;
  durationMinutes: number;
  stepMinutes: number;
  /** ISO weekdays, 1 = Monday. */
  weekdays: number[];
  /** Local minutes after midnight the occurrence must fit between. */
  dayStartMinute: number;
  dayEndMinute: number;
  requirements: Requirement[];
  resources: Map<number, SolverResource>;
  /** Blocking calendar entries of the participating units (and everyone's). */
  unitBlocks: CalendarBlock[];
  limit: number;
}

export interface Assignment {
  resourceId: number;
  quantity: number;
  setupMinutes: number;
  teardownMinutes: number;
}

export interface Slot {
  start: number;
  end: number;
  resources: Assignment[];
}

export type Reason =
  | { kind: 'calendar'; entryId: number; calendarKind: string; reason: Localized; resourceId: number | null }
  | { kind: 'opening_hours'; resourceId: number }
  | { kind: 'busy'; requirement: string; needed: number; free: number };

export interface NearMiss {
  start: number;
  end: number;
  problems: Reason[];
}

export interface SolverResult {
  slots: Slot[];
  days: { date: string; blockedBy: Reason[] }[];
  nearest: NearMiss | null;
}

interface Evaluation {
  ok: boolean;
  assignments: Assignment[];
  problems: Reason[];
  /** How far from fitting: calendar and hours weigh most, then missing units. */
  score: number;
}

const overlapping = (spans: readonly Span[], start: number, end: number) => spans.filter((s) => s.start < end && s.end > start);
const covered = (open: readonly Span[], start: number, end: number) => open.some((w) => w.start <= start && w.end >= end);
const MINUTE = 60_000;

function calendarReason(b: CalendarBlock, resourceId: number | null): Reason {
  return { kind: 'calendar', entryId: b.entryId, calendarKind: b.kind, reason: b.reason, resourceId };
}

/** What of one resource is free for [start, end) with buffers, after `taken` by earlier requirements. */
function freeOf(r: SolverResource, req: Requirement, start: number, end: number, taken: number): { free: number; reason?: Reason } {
  const block = overlapping(r.blocks, start, end)[0] as CalendarBlock | undefined;
  if (block) return { free: 0, reason: calendarReason(block, r.id) };
  if (r.open && !covered(r.open, start, end)) return { free: 0, reason: { kind: 'opening_hours', resourceId: r.id } };
  const used = peakUse(r.busy, start - req.setupMinutes * MINUTE, end + req.teardownMinutes * MINUTE);
  return { free: Math.max(0, r.quantity - used - taken) };
}

function evaluate(input: SolverInput, start: number, end: number): Evaluation {
  const problems: Reason[] = overlapping(input.unitBlocks, start, end).map((b) => calendarReason(b as CalendarBlock, null));
  let score = problems.length * 1000;
  const taken = new Map<number, number>();
  const assignments: Assignment[] = [];
  for (const req of input.requirements) {
    const frees = req.options.map((id) => ({ id, ...freeOf(input.resources.get(id)!, req, start, end, taken.get(id) ?? 0) }));
    const buffers = { setupMinutes: req.setupMinutes, teardownMinutes: req.teardownMinutes };
    const picked: Assignment[] = [];
    if (req.mode === 'one') {
      const fit = frees.find((f) => f.free >= req.quantity);
      if (fit) picked.push({ resourceId: fit.id, quantity: req.quantity, ...buffers });
    } else {
      let missing = req.quantity;
      for (const f of [...frees].sort((a, b) => b.free - a.free || a.id - b.id)) {
        if (missing <= 0 || f.free <= 0) continue;
        const quantity = Math.min(missing, f.free);
        picked.push({ resourceId: f.id, quantity, ...buffers });
        missing -= quantity;
      }
      if (missing > 0) picked.length = 0;
    }
    if (picked.length > 0) {
      for (const p of picked) taken.set(p.resourceId, (taken.get(p.resourceId) ?? 0) + p.quantity);
      assignments.push(...picked);
      continue;
    }
    const hard = frees.map((f) => f.reason).filter((r): r is Reason => r !== undefined);
    const best = req.mode === 'one' ? Math.max(0, ...frees.map((f) => f.free)) : frees.reduce((sum, f) => sum + f.free, 0);
    if (hard.length === frees.length) {
      problems.push(...hard);
      score += 1000;
    } else {
      problems.push({ kind: 'busy', requirement: req.label, needed: req.quantity, free: best });
      score += req.quantity - best;
    }
  }
  return { ok: problems.length === 0, assignments, problems, score };
}

function reasonKey(r: Reason): string {
  return r.kind === 'busy' ? `busy:${r.requirement}` : r.kind === 'calendar' ? `cal:${r.entryId}:${r.resourceId}` : `hours:${r.resourceId}`;
}

/** Remembers, per day, each distinct reason; for busy ones the most that was ever free that day. */
function note(reasons: Map<string, Reason>, problems: Reason[]): void {
  for (const p of problems) {
    const key = reasonKey(p);
    const seen = reasons.get(key);
    if (!seen) reasons.set(key, { ...p });
    else if (seen.kind === 'busy' && p.kind === 'busy' && p.free > seen.free) seen.free = p.free;
  }
}

export function solve(input: SolverInput): SolverResult {
  const slots: Slot[] = [];
  const days: SolverResult['days'] = [];
  let nearest: (NearMiss & { score: number }) | null = null;
  const windowStart = input.from.toMillis();
  const windowEnd = input.to.toMillis();
  for (let day = input.from.setZone(input.zone).startOf('day'); day < input.to; day = day.plus({ days: 1 })) {
    if (!input.weekdays.includes(day.weekday)) continue;
    const reasons = new Map<string, Reason>();
    let fitted = false;
    for (let minute = input.dayStartMinute; minute + input.durationMinutes <= input.dayEndMinute; minute += input.stepMinutes) {
      // Local wall-clock arithmetic: 16:00 is 16:00 on a daylight-saving day too.
      const startAt = day.set({ hour: Math.floor(minute / 60), minute: minute % 60 });
      const start = startAt.toMillis();
      const end = startAt.plus({ minutes: input.durationMinutes }).toMillis();
      if (start < windowStart || end > windowEnd) continue;
      const e = evaluate(input, start, end);
      if (e.ok) {
        fitted = true;
        slots.push({ start, end, resources: e.assignments });
        if (slots.length >= input.limit) return { slots, days, nearest: null };
        continue;
      }
      note(reasons, e.problems);
      if (!nearest || e.score < nearest.score) nearest = { start, end, problems: e.problems, score: e.score };
    }
    if (!fitted) days.push({ date: day.toISODate()!, blockedBy: [...reasons.values()] });
  }
  if (slots.length > 0) return { slots, days: [], nearest: null };
  return { slots, days, nearest: nearest && { start: nearest.start, end: nearest.end, problems: nearest.problems } };
}
