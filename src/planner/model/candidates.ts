import { DateTime } from 'luxon';
import { calendarBlocks, openingHoursBlock } from '../../calendars/blocking.ts';
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
  };
}

/** Every way to pick one resource per need (venue and specific resources have one option). */
function choices(o: Occurrence): number[][] {
  let out: number[][] = [[]];
  for (const need of o.commitment.needs) out = out.flatMap((picked) => need.options.map((id) => [...picked, id])).slice(0, 12);
  return out;
}

function appliesToClass(e: ClassEntry, classId: number, cls: { unitId: number; grade: number | null } | undefined): boolean {
  if (!cls || e.unitId !== cls.unitId) return false;
  if (e.classId !== null) return e.classId === classId;
  return e.grade === null || e.grade === cls.grade;
}

function insideFreeAfternoon(ctx: Context, classId: number, start: DateTime, end: DateTime, weekday: Weekday): boolean {
  const cls = ctx.classUnits.get(classId);
  const from = start.hour * 60 + start.minute;
  const to = end.hasSame(start, 'day') ? end.hour * 60 + end.minute : 24 * 60 + 1;
  return ctx.input.classEntries.some((e) => e.kind === 'free_afternoon' && e.weekday === weekday && appliesToClass(e, classId, cls)
    && minutesOf(e.from!) <= from && minutesOf(e.to!) >= to);
}

/** The hard rules that need nothing but the inputs: calendars, opening hours, existing bookings. */
function evaluate(ctx: Context, o: Occurrence, slot: Slot, startDt: DateTime, endDt: DateTime): Failure[] {
  const c = o.commitment;
  const failures: Failure[] = [];
  const units = [c.organizerUnitId, ...o.classIds.map((id) => ctx.classUnits.get(id)?.unitId).filter((u): u is number => u !== undefined)];
  const chosen = slot.resourceIds.map((id) => ctx.resources.get(id)!);
  for (const b of calendarBlocks(startDt, endDt, ctx.input.calendarEntries, [...new Set(units)], chosen)) failures.push({ family: 'calendar', entryId: b.entryId ?? undefined });
  if (c.allDayDays === null) {
    for (const r of chosen) if (openingHoursBlock(r.hours, startDt, endDt, ctx.input.calendarEntries)) failures.push({ family: 'opening_hours', resourceId: r.id });
  }
  for (const classId of o.classIds) {
    const cls = ctx.classUnits.get(classId);
    for (const e of ctx.input.classEntries) {
      if (e.kind !== 'free_afternoon' && e.start! < slot.end && e.end! > slot.start && appliesToClass(e, classId, cls)) failures.push({ family: 'class_calendar', entryId: e.id, classId });
    }
    if (c.window.freeAfternoonsOnly && !insideFreeAfternoon(ctx, classId, startDt, endDt, slot.weekday)) failures.push({ family: 'class_calendar', classId });
    for (const b of ctx.input.classBusy) {
      if (b.classId !== classId) continue;
      if (b.start < slot.end && b.end > slot.start) failures.push({ family: 'class_busy', classId, label: b.label });
      else if (c.spacing.notSameDayAsOtherActivity && DateTime.fromMillis(b.start, { zone: ctx.input.zone }).toISODate() === slot.date) {
        failures.push({ family: 'spacing', classId, label: b.label });
      }
    }
  }
  for (const u of slot.uses) {
    const r = ctx.resources.get(u.resourceId)!;
    const busy = ctx.busyBy.get(u.resourceId) ?? [];
    const shortfall = peakUse(busy, u.start, u.end) + u.quantity - r.quantity;
    if (shortfall > 0) failures.push({ family: 'resource', resourceId: r.id, shortfall, label: busy.find((b) => b.start < u.end && b.end > u.start)?.label });
  }
  return failures;
}

/** Local (date, start) pairs of the commitment's window in [from, to], before any hard rule. */
function windowStarts(ctx: Context, o: Occurrence): { date: DateTime; start: DateTime; end: DateTime }[] {
  const c = o.commitment;
  const out: { date: DateTime; start: DateTime; end: DateTime }[] = [];
  const last = DateTime.fromISO(o.toDate, { zone: ctx.input.zone });
  for (let d = DateTime.fromISO(o.fromDate, { zone: ctx.input.zone }); d <= last; d = d.plus({ days: 1 })) {
    if (!c.window.weekdays.includes(WEEKDAYS[d.weekday - 1]!)) continue;
    if (c.allDayDays !== null) {
      const end = d.plus({ days: c.allDayDays });
      if (end.minus({ days: 1 }) <= last) out.push({ date: d, start: d, end });
      continue;
    }
    const latest = minutesOf(c.window.to) - c.durationMinutes!;
    for (let m = minutesOf(c.window.from); m <= latest; m += ctx.input.stepMinutes) {
      const start = d.plus({ minutes: m });
      out.push({ date: d, start, end: start.plus({ minutes: c.durationMinutes! }) });
    }
  }
  return out;
}

/** Every candidate slot of an occurrence with the hard rules it breaks (an empty list: it may be used). */
export function candidatesOf(ctx: Context, o: Occurrence): Candidate[] {
  const out: Candidate[] = [];
  for (const w of windowStarts(ctx, o)) {
    for (const resourceIds of choices(o)) {
      const start = w.start.toMillis();
      const end = w.end.toMillis();
      const uses: Use[] = o.commitment.needs.map((n, i) => ({
        resourceId: resourceIds[i]!, quantity: n.quantity, start: start - n.setupMinutes * 60_000, end: end + n.teardownMinutes * 60_000,
      }));
      const slot: Slot = {
        occurrence: o, start, end, date: w.date.toISODate()!, weekday: WEEKDAYS[w.date.weekday - 1]!,
        day: Math.round(w.date.diff(ctx.termStart, 'days').days) + 1, resourceIds, uses, score: 0,
      };
      out.push({ slot, failures: evaluate(ctx, o, slot, w.start, w.end) });
    }
  }
  return out;
}
