import { DateTime } from 'luxon';
import { appliesToResource, appliesToUnit, BLOCKING_KINDS, covered, openWindows, type CalendarEntry, type Span } from '../../calendars/blocking.ts';
import { peakUse } from '../../scheduling/solver/usage.ts';
import { WEEKDAYS, type Weekday } from '../../shared/types.ts';
import { minutesOf } from './time.ts';
import type { ClassEntry, Family, Occurrence, PlanInput, PlanNeed, PlanResource, Slot, Use } from './types.ts';

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
  /** Slot evaluations shared by every class of a commitment (calendars) or every use of a resource. */
  shared: Map<string, Failure[]>;
  /** How many distinct option lists of the commitments' needs name each resource. */
  sharing: Map<number, number>;
  /** Per resource, what its open windows depend on (openSpans). */
  hoursKeys: Map<number, string>;
  /** Window starts per commitment and dates: the same for every class. */
  starts: Map<string, WindowStart[]>;
  /** Each need's options in the order they are tried (orderedOptions), by the need's options list. */
  ordered: Map<number[], number[]>;
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
    sharing: sharingOf(input),
    hoursKeys: new Map(input.resources.map((r) => [r.id, hoursKey(input, r)])),
    starts: new Map(),
    ordered: new Map(),
  };
}

function sharingOf(input: PlanInput): Map<number, number> {
  const lists = new Set(input.commitments.flatMap((c) => c.needs.map((n) => [...n.options].sort((a, b) => a - b).join())));
  const out = new Map<number, number>();
  for (const list of lists) for (const id of list.split(',').map(Number)) out.set(id, (out.get(id) ?? 0) + 1);
  return out;
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

/**
 * Resources with the same opening hours, zone and unit, and no calendar entry of their own, share
 * their open windows (seven halls of one museum are computed once a day, not seven times).
 */
function hoursKey(input: PlanInput, r: PlanResource): string {
  const own = input.calendarEntries.some((e) => e.resourceId === r.hours.id);
  return `${r.hours.zone}|${r.hours.unitId}|${JSON.stringify(r.hours.openingHours)}${own ? `|${r.id}` : ''}`;
}

function openSpans(ctx: Context, r: PlanResource, date: DateTime): Span[] | null {
  const key = `${ctx.hoursKeys.get(r.id)}|${date.toMillis()}`;
  if (!ctx.open.has(key)) ctx.open.set(key, openWindows(r.hours, date, date.plus({ days: 1 }), ctx.input.calendarEntries));
  return ctx.open.get(key)!;
}

/**
 * The booking engine's calendar rules that do not depend on the resources: blocking entries of the
 * organizer's and the classes' units. The same for every class of a commitment, so computed once per
 * commitment and time.
 */
function unitFailures(ctx: Context, o: Occurrence, start: number, end: number): Failure[] {
  const key = `u|${o.commitment.id}|${start}|${end}`;
  const cached = ctx.shared.get(key);
  if (cached) return cached;
  const c = o.commitment;
  const units = [...new Set([c.organizerUnitId, ...c.classIds.map((id) => ctx.classUnits.get(id)?.unitId).filter((u): u is number => u !== undefined)])];
  const failures: Failure[] = [];
  for (const b of ctx.blocking) {
    if (b.start < end && b.end > start && units.some((u) => appliesToUnit(b.entry, u))) failures.push({ family: 'calendar', entryId: b.entry.id });
  }
  ctx.shared.set(key, failures);
  return failures;
}

/**
 * The rules of one resource serving one need at one time (src/calendars/blocking.ts: entries of the
 * resource, opening hours with make-up days; the existing bookings' peak use). Shared by every
 * commitment and class that could use the resource then.
 */
function resourceFailures(ctx: Context, r: PlanResource, slot: { start: number; end: number; allDay: boolean }, use: Use, date: DateTime): Failure[] {
  const key = `r|${r.id}|${slot.start}|${slot.end}|${use.start}|${use.end}|${use.quantity}|${slot.allDay}`;
  const cached = ctx.shared.get(key);
  if (cached) return cached;
  const failures: Failure[] = [];
  for (const b of ctx.blocking) {
    if (b.start < slot.end && b.end > slot.start && appliesToResource(b.entry, r)) failures.push({ family: 'calendar', entryId: b.entry.id });
  }
  if (!slot.allDay) {
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
  const busy = ctx.busyBy.get(r.id) ?? [];
  const shortfall = peakUse(busy, use.start, use.end) + use.quantity - r.quantity;
  if (shortfall > 0) failures.push({ family: 'resource', resourceId: r.id, shortfall, label: busy.find((b) => b.start < use.end && b.end > use.start)?.label });
  ctx.shared.set(key, failures);
  return failures;
}

/** The class rules of one slot: class calendars, free afternoons, the classes' other activities. */
function classFailures(ctx: Context, o: Occurrence, slot: Slot, date: DateTime): Failure[] {
  const c = o.commitment;
  const failures: Failure[] = [];
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

export interface WindowStart {
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
export function windowStarts(ctx: Context, o: Occurrence): WindowStart[] {
  const key = `${o.commitment.id}|${o.fromDate}|${o.toDate}`;
  const cached = ctx.starts.get(key);
  if (cached) return cached;
  const c = o.commitment;
  const out: WindowStart[] = [];
  ctx.starts.set(key, out);
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

const useOf = (n: PlanNeed, w: { start: number; end: number }, resourceId: number): Use => ({
  resourceId, quantity: n.quantity, start: w.start - n.setupMinutes * 60_000, end: w.end + n.teardownMinutes * 60_000,
});
const usesOf = (o: Occurrence, w: { start: number; end: number }, resourceIds: number[]): Use[] => o.commitment.needs.map((n, i) => useOf(n, w, resourceIds[i]!));

/**
 * Every candidate slot of an occurrence with the hard rules it breaks (an empty list: it may be used):
 * one per start of its window. A need that several resources could serve (one of the museum's halls,
 * any of its educators) keeps every one free then as an alternative — the MIP counts them as one set
 * (mip.ts) and the resource is picked when the slot is placed. When no resource of a need is free,
 * the failures are those of the resource with the fewest.
 */
export function candidatesOf(ctx: Context, o: Occurrence): Candidate[] {
  const out: Candidate[] = [];
  const allDay = o.commitment.allDayDays !== null;
  for (const w of windowStarts(ctx, o)) {
    const base = { occurrence: o, start: w.start, end: w.end, date: w.iso, weekday: w.weekday, day: w.day, score: 0 };
    if (ctx.input.notBefore !== undefined && w.start < ctx.input.notBefore) {
      // Already past: no other rule matters, and the diagnosis says so.
      const firsts = o.commitment.needs.map((n) => n.options[0]!);
      out.push({ slot: { ...base, resourceIds: firsts, uses: usesOf(o, w, firsts), alternatives: o.commitment.needs.map(() => []) }, failures: [{ family: 'window', label: 'past' }] });
      continue;
    }
    const failures = [...unitFailures(ctx, o, w.start, w.end)];
    const alternatives: number[][] = [];
    const firsts: number[] = [];
    for (const need of o.commitment.needs) {
      let fewest: Failure[] | null = null;
      let fewestId = need.options[0]!;
      const free: number[] = [];
      for (const id of orderedOptions(ctx, need.options)) {
        const f = resourceFailures(ctx, ctx.resources.get(id)!, { start: w.start, end: w.end, allDay }, useOf(need, w, id), w.date);
        if (f.length === 0) free.push(id);
        else if (fewest === null || f.length < fewest.length) [fewest, fewestId] = [f, id];
      }
      alternatives.push(free);
      firsts.push(free[0] ?? fewestId);
      if (free.length === 0) failures.push(...(fewest ?? []));
    }
    const slot: Slot = { ...base, resourceIds: firsts, uses: usesOf(o, w, firsts), alternatives };
    failures.push(...classFailures(ctx, o, slot, w.date));
    out.push({ slot, failures });
  }
  return out;
}

/** A need's resources, those fewest other needs could use first (they are picked in this order); sorted once per need. */
function orderedOptions(ctx: Context, options: number[]): number[] {
  if (options.length < 2) return options;
  let sorted = ctx.ordered.get(options);
  if (!sorted) {
    sorted = [...options].sort((a, b) => (ctx.sharing.get(a) ?? 0) - (ctx.sharing.get(b) ?? 0) || options.indexOf(a) - options.indexOf(b));
    ctx.ordered.set(options, sorted);
  }
  return sorted;
}

/**
 * The rules one placed slot breaks on its own, evaluated afresh with its chosen resources (verify.ts):
 * null when the slot is not a start of its occurrence's window or a resource cannot serve its need.
 */
export function slotFailures(ctx: Context, o: Occurrence, slot: Slot): Failure[] | null {
  const w = windowStarts(ctx, o).find((x) => x.start === slot.start && x.end === slot.end);
  if (!w || slot.resourceIds.length !== o.commitment.needs.length || o.commitment.needs.some((n, i) => !n.options.includes(slot.resourceIds[i]!))) return null;
  const allDay = o.commitment.allDayDays !== null;
  const uses = usesOf(o, w, slot.resourceIds);
  return [
    ...unitFailures(ctx, o, w.start, w.end),
    ...uses.flatMap((u) => resourceFailures(ctx, ctx.resources.get(u.resourceId)!, { start: w.start, end: w.end, allDay }, u, w.date)),
    ...classFailures(ctx, o, slot, w.date),
  ];
}
