import { DateTime } from 'luxon';
import type { Candidate, Context, Failure } from './candidates.ts';
import type { Placed } from './checks.ts';
import type { Family, Occurrence, Reason, Relaxation, Slot } from './types.ts';

/**
 * PURE: why an occurrence was left unplaced. Every candidate slot is re-checked against each family
 * of hard rules separately; a family is binding when some candidate breaks that family alone (and one
 * rule of it), and relaxing that one rule — the relaxation returned — makes the candidate fit.
 */
const ORDER: Family[] = ['opening_hours', 'calendar', 'class_calendar', 'resource', 'class_busy', 'spacing', 'window'];
const DAY_NAMES = { mon: 'Mondays', tue: 'Tuesdays', wed: 'Wednesdays', thu: 'Thursdays', fri: 'Fridays', sat: 'Saturdays', sun: 'Sundays' } as const;

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${s}`;
}

const same = (a: Failure, b: Failure) => a.family === b.family && a.entryId === b.entryId && a.resourceId === b.resourceId && a.classId === b.classId
  && (a.family !== 'spacing' || (a.label ?? '').split(':')[0] === (b.label ?? '').split(':')[0]);

function localTime(ctx: Context, ms: number): string {
  return DateTime.fromMillis(ms, { zone: ctx.input.zone }).toFormat('HH:mm');
}

const UNNAMED = { 'zh-CN': '', en: '' };

/** Words and data for relaxing one failure of one slot: a code and its data for pages, English words for the API. */
export function reasonFor(ctx: Context, slot: Slot, f: Failure): Reason {
  const o = slot.occurrence;
  const name = (id: number | undefined) => ctx.resources.get(id ?? -1)?.name.en ?? `resource ${id}`;
  const className = (id: number | undefined) => ctx.input.classes.find((c) => c.id === id)?.name.en ?? `class ${id}`;
  const at = { date: slot.date, from: localTime(ctx, slot.start), to: localTime(ctx, slot.end) };
  switch (f.family) {
    case 'opening_hours': {
      const relaxation: Relaxation = { kind: 'opening_hours', resourceId: f.resourceId!, weekday: slot.weekday, from: at.from, to: at.to };
      return { family: f.family, code: 'closed', data: { resourceId: f.resourceId!, weekday: slot.weekday, from: at.from, to: at.to }, message: `${name(f.resourceId)} is closed then`, relaxation, fits: `fits if ${name(f.resourceId)} opens ${DAY_NAMES[slot.weekday]} ${relaxation.from}–${relaxation.to}` };
    }
    case 'calendar': {
      const entry = ctx.input.calendarEntries.find((e) => e.id === f.entryId);
      return { family: f.family, code: 'calendar_entry', data: { entryId: f.entryId!, name: entry?.name ?? UNNAMED, date: slot.date }, message: `blocked by ${entry?.name.en ?? 'a calendar entry'}`, relaxation: { kind: 'calendar_entry', entryId: f.entryId! }, fits: `fits on ${slot.date} if ${entry?.name.en ?? 'that calendar entry'} did not block it` };
    }
    case 'class_calendar': {
      const entry = ctx.input.classEntries.find((e) => e.id === f.entryId);
      if (!entry) {
        return { family: f.family, code: 'class_window', data: { classId: f.classId! }, message: `outside the free afternoons of ${className(f.classId)}`, relaxation: { kind: 'window', commitmentId: o.commitment.id, startsOn: o.commitment.window.startsOn, endsOn: o.commitment.window.endsOn, weekdays: o.commitment.window.weekdays }, fits: 'fits if it need not be in a free afternoon' };
      }
      return { family: f.family, code: 'class_entry', data: { classId: f.classId!, entryId: entry.id, name: entry.name, date: slot.date }, message: `${className(f.classId)}: ${entry.name.en}`, relaxation: { kind: 'class_entry', entryId: entry.id }, fits: `fits on ${slot.date} if ${entry.name.en} did not block ${className(f.classId)}` };
    }
    case 'resource': {
      const r = ctx.resources.get(f.resourceId!)!;
      const quantity = r.quantity + f.shortfall!;
      const relaxation: Relaxation = { kind: 'capacity', resourceId: r.id, quantity, date: slot.date };
      const equipment = r.kind === 'equipment';
      const words = equipment ? `needs a ${ordinal(quantity)} ${r.name.en} on ${slot.date}` : `needs ${r.name.en} free on ${slot.date} ${at.from}–${at.to}`;
      return { family: f.family, code: equipment ? 'capacity' : 'resource_busy', data: { resourceId: r.id, quantity, ...at }, message: `${r.name.en} is fully booked${f.label ? ` (${f.label})` : ''}`, relaxation, fits: words };
    }
    case 'class_busy':
      return { family: f.family, code: 'class_busy', data: { classId: f.classId!, date: slot.date }, message: `${className(f.classId)} is elsewhere${f.label ? ` (${f.label})` : ''}`, relaxation: { kind: 'class_free', classId: f.classId!, date: slot.date }, fits: `fits if ${className(f.classId)} were free on ${slot.date}` };
    case 'spacing': {
      const [rule, value] = (f.label ?? '').split(':');
      if (rule === 'min_gap') return { family: f.family, code: 'min_gap', data: { days: Number(value), atLeast: o.commitment.spacing.minGapDays ?? 0 }, message: `less than ${o.commitment.spacing.minGapDays} days from another of its visits`, relaxation: { kind: 'min_gap', commitmentId: o.commitment.id, days: Number(value) }, fits: `fits if visits may be ${value} days apart` };
      if (rule === 'max_gap') return { family: f.family, code: 'max_gap', data: { days: Number(value), atMost: o.commitment.spacing.maxGapDays ?? 0 }, message: `more than ${o.commitment.spacing.maxGapDays} days from its other visits`, relaxation: { kind: 'max_gap', commitmentId: o.commitment.id, days: Number(value) }, fits: `fits if visits may be ${value} days apart` };
      return { family: f.family, code: 'same_day', data: { classId: f.classId ?? 0 }, message: `${className(f.classId)} has another activity that day${f.label ? ` (${f.label})` : ''}`, relaxation: { kind: 'same_day', commitmentId: o.commitment.id }, fits: 'fits if it may share a day with another activity of the class' };
    }
    default:
      if (f.label === 'past') {
        const earliest = DateTime.fromMillis(ctx.input.notBefore ?? slot.start, { zone: ctx.input.zone }).toISODate()!;
        return { family: 'window', code: 'past', data: { earliest }, message: 'its allowed time is already past', relaxation: { kind: 'window', commitmentId: o.commitment.id, startsOn: earliest, endsOn: ctx.input.term.endsOn, weekdays: o.commitment.window.weekdays }, fits: `fits with a window from ${earliest} on` };
      }
      return { family: 'window', code: 'window', data: {}, message: 'no time in its window', relaxation: null, fits: 'fits with a wider window' };
  }
}

/** Up to three binding reasons, the first the one to relax; never an empty list. */
export function diagnose(ctx: Context, o: Occurrence, candidates: Candidate[], placed: Placed): Reason[] {
  if (candidates.length === 0) {
    const c = o.commitment;
    return [{ family: 'window', code: 'no_window', data: { weekdays: c.window.weekdays, from: c.window.from, to: c.window.to, fromDate: o.fromDate, toDate: o.toDate, startsOn: ctx.input.term.startsOn, endsOn: ctx.input.term.endsOn }, message: `no ${c.window.weekdays.join('/')} ${c.window.from}–${c.window.to} between ${o.fromDate} and ${o.toDate} in the term`, relaxation: { kind: 'window', commitmentId: c.id, startsOn: ctx.input.term.startsOn, endsOn: ctx.input.term.endsOn, weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }, fits: 'fits with a window inside the term' }];
  }
  // Slots that only the other plan items rule out come first: there the plan itself is what binds.
  const all = candidates.map((c) => ({ slot: c.slot, failures: c.failures.length > 0 ? c.failures : placed.failures(c.slot), free: c.failures.length === 0 }));
  const single = all.filter((c) => c.failures.length > 0 && c.failures.every((f) => same(f, c.failures[0]!)));
  const reasons: Reason[] = [];
  for (const free of [true, false]) {
    for (const family of ORDER) {
      const hit = single.find((c) => c.free === free && c.failures[0]!.family === family);
      if (hit && reasons.length < 3 && !reasons.some((r) => r.family === family)) reasons.push(reasonFor(ctx, hit.slot, hit.failures[0]!));
    }
  }
  if (reasons.length > 0) return reasons;
  const fewest = [...all].sort((a, b) => a.failures.length - b.failures.length)[0]!;
  const parts = fewest.failures.slice(0, 3).map((f) => reasonFor(ctx, fewest.slot, f));
  return [{ family: parts[0]?.family ?? 'window', code: 'several', data: { parts: parts.map((p) => ({ code: p.code, data: p.data })) }, message: `several rules at once: ${parts.map((p) => p.message).join('; ')}`, relaxation: null, fits: parts.map((p) => p.fits).join(' and ') }];
}
