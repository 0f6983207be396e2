import type { Context } from './candidates.ts';
import type { Occurrence, Slot } from './types.ts';

const WEEK = 7 * 86_400_000;

/**
 * PURE: the soft preferences of one slot, as a linear score (higher is better). Placing an occurrence
 * is worth PLACED; every preference together stays far below it, so no preference ever costs a placement.
 */
export const PLACED = 1000;
/** Pinned items are worth this much more than any other placement: re-planning moves them only when they no longer fit. */
export const PINNED = 100 * PLACED;
/** A whisper towards earlier slots so ties break the same way every time. */
const EARLIER = 1e-3;

export function scoreSlot(ctx: Context, slot: Slot, groupSize: number): number {
  const o: Occurrence = slot.occurrence;
  const p = o.commitment.preferences;
  let score = -EARLIER * (slot.day / 366);
  if (p.weekdays && p.weekdays.days.includes(slot.weekday)) score += p.weekdays.weight;
  if (p.spreadEvenly && o.commitment.cadence === null && groupSize > 1) {
    // Interchangeable occurrences: the distance to the nearest of the n evenly spaced target days.
    const from = Date.parse(`${o.fromDate}T00:00:00Z`);
    const span = Math.max(1, (Date.parse(`${o.toDate}T00:00:00Z`) - from) / 86_400_000 + 1);
    const share = span / groupSize;
    const offset = (Date.parse(`${slot.date}T00:00:00Z`) - from) / 86_400_000;
    const k = Math.min(groupSize - 1, Math.max(0, Math.floor(offset / share)));
    const deviation = Math.abs(offset - (k + 0.5) * share) / share;
    score -= p.spreadEvenly * Math.min(deviation, 2);
  }
  if (p.avoidWeekBeforeExams && weekBeforeExams(ctx, o.classIds, slot.start)) score -= p.avoidWeekBeforeExams;
  return score;
}

/** The slot starts in the 7 days before an exam week of one of its classes (or their grade). */
export function weekBeforeExams(ctx: Context, classIds: number[], start: number): boolean {
  return ctx.input.classEntries.some((e) => e.kind === 'exam_week' && e.start !== null && e.start > start && e.start - start <= WEEK
    && classIds.some((id) => {
      const cls = ctx.classUnits.get(id);
      return cls !== undefined && e.unitId === cls.unitId && (e.classId === null ? e.grade === null || e.grade === cls.grade : e.classId === id);
    }));
}
