import { slotFailures, type Context } from './candidates.ts';
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
  for (const s of slots) {
    const o = s.occurrence;
    const failures = slotFailures(ctx, o, s);
    if (!failures) out.push({ key: o.key, family: 'window', message: 'not a slot of its window, or a resource that cannot serve its need' });
    for (const f of failures ?? []) out.push({ key: o.key, family: f.family, message: `breaks ${f.family}${f.resourceId ? ` on resource ${f.resourceId}` : ''}` });
    for (const f of placed.failures(s, s)) out.push({ key: o.key, family: f.family, message: `${f.family} with ${f.label ?? 'another item'}` });
  }
  return out;
}
