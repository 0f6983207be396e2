import { canSeeActivity, signedIn } from '../shared/policy.ts';
import type { Actor } from '../shared/actor.ts';
import { DateTime } from 'luxon';
import type { Pool } from '../db/pool.ts';
import { found } from '../shared/errors.ts';
import { ValidationError } from '../shared/errors.ts';
import { selectResource } from '../resources/resources.queries.ts';
import { appliesToResource, BLOCKING_KINDS, openWindows, type Span } from '../calendars/blocking.ts';
import { selectRelevantEntries, selectResourceHours } from '../calendars/calendars.queries.ts';
import { selectScheduleBookings } from './scheduling.queries.ts';
import type { AvailabilitySearch, ScheduleQuery } from './scheduling.schema.ts';
import { solverInput } from './availability.ts';
import { solve, type Reason } from './solver/solver.ts';
import { usageProfile } from './solver/usage.ts';

const iso = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!;

/** Reasons with instants in the search zone, for the response. */
function presentReason(r: Reason) {
  return { ...r };
}

const CLOSED = { 'zh-CN': '不在开放时间内', en: 'outside the opening hours' };

/** The parts of [from, to) outside the open windows (none when the resource is always open). */
function closedSpans(open: Span[] | null, from: number, to: number): Span[] {
  if (open === null) return [];
  const closed: Span[] = [];
  let at = from;
  for (const w of open) {
    if (w.start > at) closed.push({ start: at, end: Math.min(w.start, to) });
    at = Math.max(at, w.end);
  }
  if (at < to) closed.push({ start: at, end: to });
  return closed.filter((s) => s.end > s.start);
}

export function schedulingService(pool: Pool) {
  return {
    /** Busy periods of one resource with the quantity in use, for signed-in users; titles only where the caller may see the activity. */
    async schedule(actor: Actor, resourceId: number, query: ScheduleQuery) {
      signedIn(actor);
      const resource = found(await selectResource(pool, resourceId), 'resource', resourceId);
      const from = Date.parse(query.from);
      const to = Date.parse(query.to);
      if (to <= from || to - from > 400 * 86_400_000) {
        throw new ValidationError('Invalid period', [{ path: 'query.to', message: 'must be after from, and at most 400 days later' }]);
      }
      const bookings = await selectScheduleBookings(pool, resourceId, query.from, query.to);
      const busy = bookings.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end), quantity: b.quantity, activityId: b.activityId }));
      const entries = await selectRelevantEntries(pool, [], [resourceId], query.from, query.to);
      const [hours] = await selectResourceHours(pool, [resourceId]);
      return {
        resourceId, quantity: resource.quantity, from: query.from, to: query.to,
        periods: usageProfile(busy, from, to).map((p) => ({ startsAt: iso(p.start, 'utc'), endsAt: iso(p.end, 'utc'), inUse: p.inUse, free: Math.max(0, resource.quantity - p.inUse) })),
        bookings: bookings.map((b) => ({ activityId: b.activityId, occurrenceId: b.occurrenceId, title: canSeeActivity(actor, b) ? b.title : null, status: b.status, quantity: b.quantity, startsAt: b.start, endsAt: b.end })),
        blocks: [
          ...entries.filter((e) => BLOCKING_KINDS.includes(e.kind) && appliesToResource(e, { id: resourceId, unitId: resource.unitId }))
            .map((e) => ({ entryId: e.id, kind: e.kind, reason: e.name, startsAt: e.startsAt.toISO()!, endsAt: e.endsAt.toISO()! })),
          // Outside the opening hours is blocked too (the booking rules refuse it unless all-day).
          ...closedSpans(hours ? openWindows(hours, DateTime.fromMillis(from), DateTime.fromMillis(to), entries) : null, from, to)
            .map((s) => ({ entryId: null, kind: 'opening_hours', reason: CLOSED, startsAt: iso(s.start, 'utc'), endsAt: iso(s.end, 'utc') })),
        ],
      };
    },

    /** The earliest feasible slots, or why there are none. */
    async search(actor: Actor, input: AvailabilitySearch) {
      signedIn(actor);
      const result = solve(await solverInput(pool, input));
      const zone = input.timeZone;
      return {
        slots: result.slots.map((s) => ({ startsAt: iso(s.start, zone), endsAt: iso(s.end, zone), resources: s.resources })),
        explanation: result.slots.length > 0 ? null : {
          days: result.days.map((d) => ({ date: d.date, blockedBy: d.blockedBy.map(presentReason) })),
          nearest: result.nearest && { startsAt: iso(result.nearest.start, zone), endsAt: iso(result.nearest.end, zone), problems: result.nearest.problems.map(presentReason) },
        },
      };
    },
  };
}
export type SchedulingService = ReturnType<typeof schedulingService>;
