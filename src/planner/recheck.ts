import { withTransaction, type Pool } from '../db/pool.ts';
import { AppError } from '../shared/errors.ts';
import { enforceBooking } from '../booking/booking.rules.ts';
import type { Commitment } from '../commitments/commitments.schema.ts';
import type { PlanItem } from './model/types.ts';
import { writeTrialItem } from './recheck.queries.ts';

/**
 * Re-checks a proposed plan through the booking engine itself: inside one transaction that is always
 * rolled back, every item is written as a confirmed activity (occurrence, claims, classes) and put
 * through `enforceBooking` — the conflict and calendar check the API runs — and the deferred exclusion
 * constraints (resources, classes) are checked at once. Items that pass stay written, so later items
 * are checked against them. Returns the items the engine refused, with its reason.
 */
export interface EngineViolation {
  key: string;
  code: string;
  message: string;
}

class DryRun extends Error {}

/** The claims of an item in the booking engine's terms: the venue first, then each need. */
export function claimsOf(c: Commitment, item: PlanItem) {
  const needs = [...(c.venueId ? [{ quantity: 1, setupMinutes: 0, teardownMinutes: 0 }] : []), ...c.needs];
  return needs.map((n, i) => ({ resourceId: item.resourceIds[i]!, quantity: n.quantity, setupMinutes: n.setupMinutes, teardownMinutes: n.teardownMinutes }));
}

export async function recheckThroughEngine(pool: Pool, commitments: Commitment[], items: PlanItem[]): Promise<EngineViolation[]> {
  const byId = new Map(commitments.map((c) => [c.id, c]));
  const violations: EngineViolation[] = [];
  await withTransaction(pool, async (db) => {
    for (const item of items) {
      const c = byId.get(item.commitmentId);
      if (!c) continue;
      await db.query('SAVEPOINT plan_item');
      try {
        const { activityId, resourceIds } = await writeTrialItem(db, c, item, claimsOf(c, item));
        await enforceBooking(db, { activityId, resourceIds, visibility: () => true });
        await db.query('SET CONSTRAINTS bookings_exclusive_overlap, class_bookings_overlap IMMEDIATE');
        await db.query('SET CONSTRAINTS bookings_exclusive_overlap, class_bookings_overlap DEFERRED');
        await db.query('RELEASE SAVEPOINT plan_item');
      } catch (error) {
        await db.query('ROLLBACK TO SAVEPOINT plan_item');
        const e = error as { code?: string; constraint?: string; message?: string };
        violations.push({ key: item.key, code: error instanceof AppError ? error.code : (e.constraint ?? e.code ?? 'error'), message: e.message ?? String(error) });
      }
    }
    throw new DryRun();
  }).catch((error: unknown) => {
    if (!(error instanceof DryRun)) throw error;
  });
  return violations;
}
