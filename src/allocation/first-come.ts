import type { AllocationApplication, AllocationResult, AllocationSlot, Assignment, Explanation, PreferenceResult } from './allocation.model.ts';
import { measureFairness } from './fairness.ts';

/**
 * PURE: first come, first served on the same input, for comparison: what booking systems do today. In
 * order of arrival (submittedAt, then the order given) each class takes its best preferred slot that still
 * has room; no cap, no quota, no priority. Used by the dry run and the benchmark to print its fairness
 * figures beside the fair allocation's.
 */
export function allocateFirstCome(slots: AllocationSlot[], applications: AllocationApplication[]): AllocationResult {
  const remaining = new Map(slots.map((s) => [s.id, Math.max(0, s.capacity)]));
  const order = applications
    .map((a, i) => ({ a, i }))
    .sort((x, y) => (x.a.submittedAt ?? '').localeCompare(y.a.submittedAt ?? '') || x.i - y.i)
    .map((x) => x.a);
  const assignments: Assignment[] = [];
  const explanations: Explanation[] = [];
  for (const app of order) {
    const preferences: PreferenceResult[] = [];
    let got: Assignment | null = null;
    app.preferences.forEach((slotId, i) => {
      const rank = i + 1;
      if (got) preferences.push({ code: 'not_needed', slotId, rank });
      else if ((remaining.get(slotId) ?? 0) > 0) {
        remaining.set(slotId, remaining.get(slotId)! - 1);
        got = { applicationId: app.id, slotId, rank, round: 1 };
        preferences.push({ code: 'got', slotId, rank, round: 1 });
      } else preferences.push({ code: 'slot_full', slotId, rank });
    });
    if (got) assignments.push(got);
    const placed = got as Assignment | null;
    explanations.push({
      applicationId: app.id,
      outcome: placed ? { code: 'got', slotId: placed.slotId, rank: placed.rank, round: 1 } : { code: 'not_placed' },
      preferences,
      waitlistPosition: null,
    });
  }
  return { assignments, explanations, waitlist: [], fairness: measureFairness(applications, assignments) };
}
