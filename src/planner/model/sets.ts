import type { Candidate, Context } from './candidates.ts';
import { Placed } from './checks.ts';
import type { Capacity, MipSlot } from './mip.ts';
import type { Slot } from './types.ts';

// PURE: needs that several resources could serve (one of the museum's halls, any of its educators).

/**
 * Capacity per set of resources, not per resource: each need's alternatives (its one alternative when
 * only one is free; a specific resource is a set of one) are a set, and a set's rows count the uses of
 * every need whose set lies inside it against the set's total quantity less its members' existing
 * bookings — Hall's condition over the sets, at every moment. Which member serves a use is picked after
 * the solve (assign); the rows are necessary, so the MIP's bound holds for the plan.
 */
export function capacities(ctx: Context, slots: MipSlot[]): Capacity[] {
  const setOf = (s: MipSlot, i: number) => {
    const alt = s.slot.alternatives?.[i];
    return [...(alt && alt.length === 1 ? alt : s.slot.occurrence.commitment.needs[i]!.options)].sort((a, b) => a - b);
  };
  // Per slot and use, the key of its set; then each set once.
  const keys = slots.map((s) => s.slot.uses.map((_u, i) => setOf(s, i)));
  const sets = new Map(keys.flat().map((ids) => [ids.join('_'), ids]));
  const byResource = new Map<string, Capacity>();
  const cap = (key: string, capacity: number, busy: Capacity['busy']) => {
    const existing = byResource.get(key) ?? { key, capacity, uses: [], busy };
    byResource.set(key, existing);
    return existing;
  };
  const inside = new Map([...sets].map(([key, ids]) => [key, [...sets].filter(([, other]) => ids.every((id) => other.includes(id)))
    .map(([outer, members]) => cap(`r${outer}`, members.reduce((n, id) => n + ctx.resources.get(id)!.quantity, 0), members.flatMap((id) => ctx.busyBy.get(id) ?? [])))]));
  slots.forEach((s, index) => {
    s.slot.uses.forEach((use, i) => {
      for (const c of inside.get(keys[index]![i]!.join('_'))!) c.uses.push({ index, use });
    });
    for (const classId of s.slot.occurrence.classIds) {
      const busy = ctx.input.classBusy.filter((b) => b.classId === classId).map((b) => ({ ...b, quantity: 1 }));
      cap(`k${classId}`, 1, busy).uses.push({ index, use: { resourceId: -classId, quantity: 1, start: s.slot.start, end: s.slot.end } });
    }
  });
  return [...byResource.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * The MIP counts interchangeable resources, not which one serves: each chosen slot gets its resources
 * here, the first alternative with room (checks.ts), slots with the fewest alternatives first. Where
 * the counts allowed what no single resource can hold (two halls each free half of the time, say),
 * the occurrence goes to its best candidate that still fits, or stays unplaced.
 */
export function assign(ctx: Context, picked: MipSlot[], candidates: Map<string, Candidate[]>, valueOf: (slot: Slot) => number): { chosen: MipSlot[]; placed: Placed } {
  const placed = new Placed(ctx);
  const chosen: MipSlot[] = [];
  const missed: MipSlot[] = [];
  const place = (s: MipSlot) => {
    const slot = placed.concrete(s.slot);
    if (!slot || placed.failures(slot).length > 0) return false;
    placed.add(slot);
    chosen.push({ ...s, slot });
    return true;
  };
  // Fewest alternatives first (a slot only one hall can serve gets it), then in start order.
  const choice = (s: MipSlot) => Math.min(Infinity, ...(s.slot.alternatives ?? []).map((a) => a.length));
  const order = [...picked].sort((a, b) => choice(a) - choice(b) || a.slot.start - b.slot.start || a.slot.occurrence.key.localeCompare(b.slot.occurrence.key));
  for (const s of order) if (!place(s)) missed.push(s);
  for (const s of missed) {
    const options = candidates.get(s.slot.occurrence.key)!.filter((c) => c.failures.length === 0).map((c) => ({ slot: c.slot, value: valueOf(c.slot) }));
    options.sort((a, b) => b.value - a.value || a.slot.start - b.slot.start).some(place);
  }
  return { chosen, placed };
}
