import { DateTime } from 'luxon';
import { WEEKDAYS, type Localized, type Weekday } from '../shared/types.ts';

/**
 * PURE: which calendar entries and opening hours block a span of time. Used by the booking check
 * (one occurrence at a time) and by the availability solver (whole windows at once).
 */
export const CALENDAR_KINDS = ['term', 'holiday', 'makeup_workday', 'exam_week', 'closure', 'maintenance'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];
/** Terms are informational; make-up working days open rather than block. */
export const BLOCKING_KINDS: readonly CalendarKind[] = ['holiday', 'exam_week', 'closure', 'maintenance'];

export interface CalendarEntry {
  id: number;
  kind: CalendarKind;
  unitId: number | null;
  resourceId: number | null;
  name: Localized;
  startsAt: DateTime;
  endsAt: DateTime;
  asWeekday: Weekday | null;
}

/** What the opening-hours check needs of a resource; hours are in the owning unit's zone. */
export interface ResourceHours {
  id: number;
  unitId: number;
  zone: string;
  openingHours: Partial<Record<Weekday, [string, string][]>> | null;
}

export interface Block {
  kind: CalendarKind | 'opening_hours';
  entryId: number | null;
  unitId: number | null;
  resourceId: number | null;
  reason: Localized;
  startsAt: string;
  endsAt: string;
}

export interface Span {
  start: number;
  end: number;
}

const everyone = (e: CalendarEntry) => e.unitId === null && e.resourceId === null;

export function appliesToUnit(entry: CalendarEntry, unitId: number): boolean {
  return everyone(entry) || entry.unitId === unitId;
}

export function appliesToResource(entry: CalendarEntry, resource: { id: number; unitId: number }): boolean {
  return everyone(entry) || entry.unitId === resource.unitId || entry.resourceId === resource.id;
}

function overlaps(entry: CalendarEntry, start: DateTime, end: DateTime): boolean {
  return entry.startsAt < end && entry.endsAt > start;
}

export function entryBlock(entry: CalendarEntry): Block {
  return {
    kind: entry.kind, entryId: entry.id, unitId: entry.unitId, resourceId: entry.resourceId, reason: entry.name,
    startsAt: entry.startsAt.toISO()!, endsAt: entry.endsAt.toISO()!,
  };
}

/** Blocking entries over [start, end) for the participating units and the claimed resources. */
export function calendarBlocks(start: DateTime, end: DateTime, entries: CalendarEntry[], unitIds: number[], resources: { id: number; unitId: number }[]): Block[] {
  return entries
    .filter((e) => BLOCKING_KINDS.includes(e.kind) && overlaps(e, start, end))
    .filter((e) => unitIds.some((u) => appliesToUnit(e, u)) || resources.some((r) => appliesToResource(e, r)))
    .map(entryBlock);
}

function at(date: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return hour === 24 ? date.plus({ days: 1 }) : date.set({ hour: hour!, minute: minute! });
}

/**
 * The resource's open windows (epoch-ms spans, merged) over the local days that touch [from, to).
 * A make-up working day that applies to the resource uses the hours of its `asWeekday`.
 */
export function openWindows(resource: ResourceHours, from: DateTime, to: DateTime, entries: CalendarEntry[]): Span[] | null {
  if (!resource.openingHours) return null;
  const makeups = entries.filter((e) => e.kind === 'makeup_workday' && appliesToResource(e, resource));
  const spans: Span[] = [];
  for (let day = from.setZone(resource.zone).startOf('day'); day < to; day = day.plus({ days: 1 })) {
    const next = day.plus({ days: 1 });
    const makeup = makeups.find((e) => overlaps(e, day, next));
    const weekday: Weekday = makeup?.asWeekday ?? WEEKDAYS[day.weekday - 1]!;
    for (const [open, close] of resource.openingHours[weekday] ?? []) {
      spans.push({ start: at(day, open).toMillis(), end: at(day, close).toMillis() });
    }
  }
  return mergeSpans(spans);
}

export function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

export function covered(windows: Span[], start: number, end: number): boolean {
  return windows.some((w) => w.start <= start && w.end >= end);
}

/** An opening-hours block when [start, end) is not inside one open window of the resource. */
export function openingHoursBlock(resource: ResourceHours, start: DateTime, end: DateTime, entries: CalendarEntry[]): Block | null {
  const windows = openWindows(resource, start, end, entries);
  if (windows === null || covered(windows, start.toMillis(), end.toMillis())) return null;
  return {
    kind: 'opening_hours', entryId: null, unitId: resource.unitId, resourceId: resource.id,
    reason: { 'zh-CN': '不在开放时间内', en: 'outside the opening hours' },
    startsAt: start.toISO()!, endsAt: end.toISO()!,
  };
}
