import type { AllocationApplication, AllocationSlot } from '../../src/allocation/allocation.model.ts';
import { mulberry32 } from '../../src/allocation/lottery.ts';

/**
 * A generated oversubscribed offer of a city (seeded, so every run sees the same data): `schools`
 * schools in 16 districts, `classes` classes in all (keen schools apply with more), `slots` slots of
 * `capacity` classes each. Preferences lean towards popular slots (weekday mornings early in the term),
 * as real demand does. Arrival order (submittedAt) follows each school's keenness plus noise: the
 * schools with three keen teachers press the button first, which is what first come rewards.
 */
export function generatedOffer(opts: { slots: number; schools: number; classes: number; capacity: number; seed: number }): {
  slots: AllocationSlot[]; applications: AllocationApplication[];
} {
  const random = mulberry32(opts.seed);
  const slots: AllocationSlot[] = Array.from({ length: opts.slots }, (_, i) => ({ id: `slot-${String(i).padStart(4, '0')}`, capacity: opts.capacity }));
  const keenness = Array.from({ length: opts.schools }, () => random() ** 3);
  const totalKeen = keenness.reduce((a, b) => a + b, 0);
  const applications: AllocationApplication[] = [];
  // Each school applies with at least one class; the rest follow keenness.
  const classesOf = keenness.map((k) => 1 + Math.floor((k / totalKeen) * (opts.classes - opts.schools)));
  let left = opts.classes - classesOf.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % opts.schools, left--) classesOf[i]! += 1;
  const popular = () => Math.floor(random() ** 2 * opts.slots);
  classesOf.forEach((n, school) => {
    for (let c = 0; c < n; c++) {
      const prefs = new Set<string>();
      const want = 1 + Math.floor(random() * 5);
      while (prefs.size < want) prefs.add(slots[popular()]!.id);
      const minute = Math.floor((1 - keenness[school]!) * 600 + random() * 120);
      applications.push({
        id: `app-${String(applications.length).padStart(5, '0')}`, schoolId: `school-${school}`, districtId: `district-${school % 16}`,
        classId: `class-${school}-${c}`, classSize: 30 + Math.floor(random() * 15), preferences: [...prefs],
        submittedAt: new Date(Date.UTC(2026, 8, 1, 1, 0, 0) + minute * 60_000 + c * 1000).toISOString(),
      });
    }
  });
  return { slots, applications };
}
