import { DateTime } from 'luxon';
import { appliesToResource, appliesToUnit, BLOCKING_KINDS, covered, openWindows, type CalendarEntry, type Span } from '../../calendars/blocking.ts';
import { peakUse } from '../../scheduling/solver/usage.ts';
import { WEEKDAYS, type Weekday } from '../../shared/types.ts';
import { minutesOf } from './time.ts';
import type { ClassEntry, Family, Occurrence, PlanInput, PlanResource, Slot, Use } from './types.ts';

/** Why one candidate slot breaks a hard rule, with what the diagnosis needs to suggest a relaxation. */
export interface Failure {
  family: Family;
  entryId?: number | undefined;
  resourceId?: number | undefined;
  classId?: number | undefined;
  /** resource: how many more than the pool holds would be needed. */
  shortfall?: number | undefined;
  label?: string | undefined;
}

export interface Candidate {
  slot: Slot;
  failures: Failure[];
}

export interface Context {
  input: PlanInput;
  resources: Map<number, PlanResource>;
  classUnits: Map<number, { unitId: number; grade: number | null }>;
  busyBy: Map<number, { start: number; end: number; quantity: number; activityId: number; label: string }[]>;
  termStart: DateTime;
  /** Blocking calendar entries as instants, for the per-slot checks. */
  blocking: { entry: CalendarEntry; start: number; end: number }[];
  /** Open windows of a resource on a local date (the booking engine's openWindows, computed once). */
  open: Map<string, Span[] | null>;
  /** Slot evaluations shared by every class of a commitment (calendars, hours, resources). */
  shared: Map<string, Failure[]>;
}

export function context(input: PlanInput): Context {
  const busyBy = new Map<number, { start: number; end: number; quantity: number; activityId: number; label: string }[]>();
  for (const b of input.busy) {
    const list = busyBy.get(b.resourceId) ?? [];
    list.push({ ...b, activityId: 0 });
    busyBy.set(b.resourceId, list);
  }
  return {
    input, busyBy,
    resources: new Map(input.resources.map((r) => [r.id, r])),
    classUnits: new Map(input.classes.map((c) => [c.id, { unitId: c.unitId, grade: c.grade }])),
    termStart: DateTime.fromISO(input.term.startsOn, { zone: input.zone }),
    blocking: input.calendarEntries.filter((e) => BLOCKING_KINDS.includes(e.kind)).map((entry) => ({ entry, start: entry.startsAt.toMillis(), end: entry.endsAt.toMillis() })),
    open: new Map(),
    shared: new Map(),
  };
}

/**
 * Ways to pick one resource per need (a venue or a specific resource has one option). The product can
 * be large (2 halls × 4 educators = 8 columns per start); at most MAX_CHOICES are tried per start,
 * rotating through the combinations by day so every option is used somewhere in the window. A limit of
 * the search, not a rule: diagnosis and re-checks see the same candidates.
 */
const MAX_CHOICES = 3;
function choices(o: Occurrence, day: number): number[][] {
  let all: number[][] = [[]];
  for (const need of o.commitment.needs) all = all.flatMap((picked) => need.options.map((id) => [...picked, id])).slice(0, 64);
  if (all.length <= MAX_CHOICES) return all;
  return Array.from({ length: MAX_CHOICES }, (_, i) => all[(day * MAX_CHOICES + i) % all.length]!);
}

function appliesToClass(e: ClassEntry, classId: number, cls: { unitId: number; grade: number | null } | undefined): boolean {
  if (!cls || e.unitId !== cls.unitId) return false;
  if (e.classId !== null) return e.classId === classId;
  return e.grade === null || e.grade === cls.grade;
}

function insideFreeAfternoon(ctx: Context, classId: number, from: number, to: number, weekday: Weekday): boolean {
  const cls = ctx.classUnits.get(classId);
  return ctx.input.classEntries.some((e) => e.kind === 'free_afternoon' && e.weekday === weekday && appliesToClass(e, classId, cls)
    && minutesOf(e.from!) <= from && minutesOf(e.to!) >= to);
}

function openSpans(ctx: Context, r: PlanResource, date: DateTime): Span[] | null {
  const key = `${r.id}|${date.toMillis()}`;
  if (!ctx.open.has(key)) ctx.open.set(key, openWindows(r.hours, date, date.plus({ days: 1 }), ctx.input.calendarEntries));
  return ctx.open.get(key)!;
}

/**
 * The booking engine's calendar rules for one slot (src/calendars/blocking.ts: blocking entries of the
 * units and resources, opening hours with make-up days) and the existing bookings' peak use. The same
 * for every class of a commitment, so computed once per commitment, time and choice of resources.
 */
function sharedFailures(ctx: Context, o: Occurrence, slot: Slot, date: DateTime): Failure[] {
  const key = `${o.commitment.id}|${slot.start}|${slot.resourceIds.join()}`;
  const cached = ctx.shared.get(key);
  if (cached) return cached;
  const c = o.commitment;
  const failures: Failure[] = [];
  const units = [...new Set([c.organizerUnitId, ...c.classIds.map((id) => ctx.classUnits.get(id)?.unitId).filter((u): u is number => u !== undefined)])];
  const chosen = slot.resourceIds.map((id) => ctx.resources.get(id)!);
  for (const b of ctx.blocking) {
    if (b.start >= slot.end || b.end <= slot.start) continue;
    if (units.some((u) => appliesToUnit(b.entry, u)) || chosen.some((r) => appliesToResource(b.entry, r))) failures.push({ family: 'calendar', entryId: b.entry.id });
  }
  if (c.allDayDays === null) {
    for (const r of chosen) {
      let spans: Span[] = [];
      let always = true;
      // Most slots lie inside their first day; only longer ones step to the next (luxon arithmetic is slow).
      for (let day = date, dayEnd = date.toMillis() + 86_400_000; day.toMillis() < slot.end; ) {
        const open = openSpans(ctx, r, day);
        if (open !== null) always = false;
        if (slot.end <= dayEnd && open !== null) {
          spans = spans.concat(open);
          break;
        }
        const next = day.plus({ days: 1 });
        spans = spans.concat(open ?? [{ start: day.toMillis(), end: next.toMillis() }]);
        day = next;
        dayEnd = next.toMillis() + 86_400_000;
      }
      if (!always && !covered(spans, slot.start, slot.end)) failures.push({ family: 'opening_hours', resourceId: r.id });
    }
  }
  for (const u of slot.uses) {
    const r = ctx.resources.get(u.resourceId)!;
    const busy = ctx.busyBy.get(u.resourceId) ?? [];
    const shortfall = peakUse(busy, u.start, u.end) + u.quantity - r.quantity;
    if (shortfall > 0) failures.push({ family: 'resource', resourceId: r.id, shortfall, label: busy.find((b) => b.start < u.end && b.end > u.start)?.label });
  }
  ctx.shared.set(key, failures);
  return failures;
}

/** The hard rules that need nothing but the inputs: calendars, opening hours, existing bookings. */
function evaluate(ctx: Context, o: Occurrence, slot: Slot, date: DateTime): Failure[] {
  const c = o.commitment;
  const failures: Failure[] = [...sharedFailures(ctx, o, slot, date)];
  const fromMinute = (slot.start - date.toMillis()) / 60_000;
  for (const classId of o.classIds) {
    const cls = ctx.classUnits.get(classId);
    for (const e of ctx.input.classEntries) {
      if (e.kind !== 'free_afternoon' && e.start! < slot.end && e.end! > slot.start && appliesToClass(e, classId, cls)) failures.push({ family: 'class_calendar', entryId: e.id, classId });
    }
    if (c.window.freeAfternoonsOnly && !insideFreeAfternoon(ctx, classId, fromMinute, fromMinute + (slot.end - slot.start) / 60_000, slot.weekday)) failures.push({ family: 'class_calendar', classId });
    for (const b of ctx.input.classBusy) {
      if (b.classId !== classId) continue;
      if (b.start < slot.end && b.end > slot.start) failures.push({ family: 'class_busy', classId, label: b.label });
      else if (c.spacing.notSameDayAsOtherActivity && b.start < date.toMillis() + 86_400_000 && b.end > date.toMillis()) {
        failures.push({ family: 'spacing', classId, label: b.label });
      }
    }
  }
  return failures;
}

interface WindowStart {
  date: DateTime;
  iso: string;
  weekday: Weekday;
  day: number;
  start: number;
  end: number;
}

/**
 * Local (date, start) pairs of the commitment's window in [from, to], before any hard rule. Times
 * inside a day are added as milliseconds when the zone's offset does not change that day (luxon's
 * zone arithmetic is the planner's hottest path otherwise); on a transition day luxon does it.
 */
function windowStarts(ctx: Context, o: Occurrence): WindowStart[] {
  const c = o.commitment;
  const out: WindowStart[] = [];
  const last = DateTime.fromISO(o.toDate, { zone: ctx.input.zone });
  for (let d = DateTime.fromISO(o.fromDate, { zone: ctx.input.zone }); d <= last; d = d.plus({ days: 1 })) {
    const weekday = WEEKDAYS[d.weekday - 1]!;
    if (!c.window.weekdays.includes(weekday)) continue;
    const base = { date: d, iso: d.toISODate()!, weekday, day: Math.round(d.diff(ctx.termStart, 'days').days) + 1 };
    if (c.allDayDays !== null) {
      const end = d.plus({ days: c.allDayDays });
      if (end.minus({ days: 1 }) <= last) out.push({ ...base, start: d.toMillis(), end: end.toMillis() });
      continue;
    }
    const steady = d.plus({ days: 1 }).offset === d.offset;
    const at = (minutes: number) => (steady ? d.toMillis() + minutes * 60_000 : d.plus({ minutes }).toMillis());
    const latest = minutesOf(c.window.to) - c.durationMinutes!;
    for (let m = minutesOf(c.window.from); m <= latest; m += ctx.input.stepMinutes) out.push({ ...base, start: at(m), end: at(m + c.durationMinutes!) });
  }
  return out;
}

/** Every candidate slot of an occurrence with the hard rules it breaks (an empty list: it may be used). */
export function candidatesOf(ctx: Context, o: Occurrence): Candidate[] {
  const out: Candidate[] = [];
  for (const w of windowStarts(ctx, o)) {
    for (const resourceIds of choices(o, w.day)) {
      const uses: Use[] = o.commitment.needs.map((n, i) => ({
        resourceId: resourceIds[i]!, quantity: n.quantity, start: w.start - n.setupMinutes * 60_000, end: w.end + n.teardownMinutes * 60_000,
      }));
      const slot: Slot = { occurrence: o, start: w.start, end: w.end, date: w.iso, weekday: w.weekday, day: w.day, resourceIds, uses, score: 0 };
      out.push({ slot, failures: evaluate(ctx, o, slot, w.date) });
    }
  }
  return out;
}
