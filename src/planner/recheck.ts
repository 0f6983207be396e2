import type { Pool } from '../db/pool.ts';
import { AppError } from '../shared/errors.ts';
import type { ActivityCreate } from '../booking/activity.schema.ts';
import type { BookingOptions } from '../booking/holds.ts';
import { trialCommands } from '../booking/trial.ts';
import type { Commitment } from '../commitments/commitments.schema.ts';
import type { PlanItem } from './model/types.ts';

/**
 * Re-checks a proposed plan through the booking engine itself: booking's trial write (booking/trial.ts)
 * creates every item as POST /activities would — claims, venue claim, approval rule, status, the
 * conflict and calendar checks — with its classes, checks the deferred exclusion constraints
 * (resources, classes) at once, and rolls everything back at the end. Items that pass stay written
 * meanwhile, so later items are checked against them. Returns the items the engine refused, with its reason.
 * An item claiming another unit's resource is written `requested` (its claim pending), as accepting the
 * plan will store it: `requested` and `confirmed` are both active in the bookings tables, so the
 * conflicts are the same as a forced `confirmed` would find.
 */
export interface EngineViolation {
  key: string;
  code: string;
  message: string;
}

/** The claims of an item in the booking engine's terms: the venue first, then each need. */
export function claimsOf(c: Commitment, item: Pick<PlanItem, 'resourceIds'>) {
  const needs = [...(c.venueId ? [{ quantity: 1, setupMinutes: 0, teardownMinutes: 0 }] : []), ...c.needs];
  return needs.map((n, i) => ({ resourceId: item.resourceIds[i]!, quantity: n.quantity, setupMinutes: n.setupMinutes, teardownMinutes: n.teardownMinutes }));
}

/**
 * The activity one plan item books: the commitment's venue is its venue claim (so it is left out of
 * the other claims), its other resources are claims, at the item's time. Accepting a plan and the
 * re-check write the same.
 */
export function itemActivity(c: Commitment, item: Pick<PlanItem, 'resourceIds' | 'start' | 'end'>, shown: Pick<ActivityCreate, 'title' | 'description' | 'status' | 'visibility' | 'audienceGrades'>): ActivityCreate {
  return {
    kind: c.kind, organizerUnitId: c.organizerUnitId, venueId: c.venueId ?? null, startsAt: item.start, endsAt: item.end, timeZone: c.timeZone,
    allDay: c.allDayDays !== undefined, capacity: null, languages: ['zh-CN'], ...shown,
    claims: claimsOf(c, item).filter((_claim, i) => !(c.venueId && i === 0)),
  };
}

const codeOf = (error: unknown) => {
  const e = error as { code?: string; constraint?: string };
  return error instanceof AppError ? error.code : (e.constraint ?? e.code ?? 'error');
};

export async function recheckThroughEngine(pool: Pool, booking: BookingOptions, commitments: Commitment[], items: PlanItem[]): Promise<EngineViolation[]> {
  const byId = new Map(commitments.map((c) => [c.id, c]));
  const refusals = await trialCommands(booking).trialRun(pool, items, (item) => {
    const c = byId.get(item.commitmentId);
    return c && { ...itemActivity(c, item, { title: c.title, status: 'confirmed', visibility: 'internal', audienceGrades: [] }), classIds: item.classIds };
  });
  return items.flatMap((item, i) => {
    const error = refusals[i];
    if (error === undefined) return [];
    const message = (error as { message?: string }).message ?? String(error);
    return [{ key: item.key, code: codeOf(error), message }];
  });
}
