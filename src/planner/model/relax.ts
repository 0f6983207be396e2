import { DateTime } from 'luxon';
import type { PlanInput, Relaxation } from './types.ts';

/** PURE: the input with one relaxation applied — what "fits if …" means, so tests can check it does fit. */
export function applyRelaxation(input: PlanInput, r: Relaxation): PlanInput {
  const next: PlanInput = structuredClone({ ...input, calendarEntries: [] });
  next.calendarEntries = input.calendarEntries;
  const commitment = (id: number) => next.commitments.find((c) => c.id === id)!;
  switch (r.kind) {
    case 'calendar_entry':
      next.calendarEntries = input.calendarEntries.filter((e) => e.id !== r.entryId);
      break;
    case 'class_entry':
      next.classEntries = next.classEntries.filter((e) => e.id !== r.entryId);
      break;
    case 'opening_hours': {
      const hours = next.resources.find((x) => x.id === r.resourceId)!.hours;
      hours.openingHours = { ...(hours.openingHours ?? {}), [r.weekday]: [...(hours.openingHours?.[r.weekday] ?? []), [r.from, r.to]] };
      break;
    }
    case 'capacity':
      next.resources.find((x) => x.id === r.resourceId)!.quantity = r.quantity;
      break;
    case 'class_free':
      next.classBusy = next.classBusy.filter((b) => b.classId !== r.classId || DateTime.fromMillis(b.start, { zone: input.zone }).toISODate() !== r.date);
      break;
    case 'min_gap':
      commitment(r.commitmentId).spacing.minGapDays = r.days;
      break;
    case 'max_gap':
      commitment(r.commitmentId).spacing.maxGapDays = r.days;
      break;
    case 'same_day':
      commitment(r.commitmentId).spacing.notSameDayAsOtherActivity = false;
      break;
    case 'window':
      Object.assign(commitment(r.commitmentId).window, { startsOn: r.startsOn, endsOn: r.endsOn, weekdays: r.weekdays, freeAfternoonsOnly: false });
      break;
  }
  return next;
}
