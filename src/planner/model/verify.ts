import { candidatesOf, type Context } from './candidates.ts';
import { Placed } from './checks.ts';
import type { Slot, Violation } from './types.ts';

/**
 * PURE: re-checks a plan from scratch, independently of the MIP: every item against the calendars,
 * opening hours and existing bookings (the booking engine's rules, src/calendars/blocking.ts and the
 * same peak-use sweep), then every pair of items (pools, exclusive resources, classes, spacing).
 */
export function verify(ctx: Context, slots: Slot[]): Violation[] {
  const out: Violation[] = [];
  const placed = new Placed(ctx);
  for (const s of slots) placed.add(s);
  const cache = new Map<string, ReturnType<typeof candidatesOf>>();
  for (const s of slots) {
    const o = s.occurrence;
    const key = `${o.group}|${o.fromDate}|${o.toDate}`;
    const candidates = cache.get(key) ?? candidatesOf(ctx, o);
    cache.set(key, candidates);
    const same = candidates.find((c) => c.slot.start === s.start && c.slot.resourceIds.join() === s.resourceIds.join());
    if (!same) out.push({ key: o.key, family: 'window', message: 'not a slot of its window' });
    for (const f of same?.failures ?? []) out.push({ key: o.key, family: f.family, message: `breaks ${f.family}${f.resourceId ? ` on resource ${f.resourceId}` : ''}` });
    for (const f of placed.failures(s, s)) out.push({ key: o.key, family: f.family, message: `${f.family} with ${f.label ?? 'another item'}` });
  }
  return out;
}
