import { peakUse } from '../../scheduling/solver/usage.ts';
import type { Context, Failure } from './candidates.ts';
import type { Slot } from './types.ts';

/**
 * PURE: the hard rules between slots — what a candidate breaks given the slots already placed (other
 * plan items): pool quantities and exclusive resources (with buffers, over existing bookings too), a
 * class in one place at a time, spacing within its group and the same-day rule.
 */
export class Placed {
  readonly slots: Slot[] = [];
  private readonly uses = new Map<number, { start: number; end: number; quantity: number; activityId: number; label: string }[]>();

  private readonly ctx: Context;
  constructor(ctx: Context) {
    this.ctx = ctx;
  }

  add(slot: Slot): void {
    this.slots.push(slot);
    for (const u of slot.uses) {
      const list = this.uses.get(u.resourceId) ?? [...(this.ctx.busyBy.get(u.resourceId) ?? [])];
      list.push({ start: u.start, end: u.end, quantity: u.quantity, activityId: 0, label: `plan item ${slot.occurrence.key}` });
      this.uses.set(u.resourceId, list);
    }
  }

  /** Failures of `slot` against the placed slots (never against itself). */
  failures(slot: Slot, ignore: Slot | null = null): Failure[] {
    const out: Failure[] = [];
    for (const u of slot.uses) {
      const r = this.ctx.resources.get(u.resourceId)!;
      let busy = this.uses.get(u.resourceId) ?? this.ctx.busyBy.get(u.resourceId) ?? [];
      if (ignore) busy = busy.filter((b) => b.label !== `plan item ${ignore.occurrence.key}`);
      const shortfall = peakUse(busy, u.start, u.end) + u.quantity - r.quantity;
      if (shortfall > 0) out.push({ family: 'resource', resourceId: r.id, shortfall, label: busy.find((b) => b.start < u.end && b.end > u.start)?.label });
    }
    const o = slot.occurrence;
    for (const other of this.slots) {
      if (other === slot || other === ignore) continue;
      const p = other.occurrence;
      const shared = o.classIds.filter((id) => p.classIds.includes(id));
      if (shared.length > 0 && other.start < slot.end && other.end > slot.start) out.push({ family: 'class_busy', classId: shared[0], label: `plan item ${p.key}` });
      else if (shared.length > 0 && other.date === slot.date && (o.commitment.spacing.notSameDayAsOtherActivity || p.commitment.spacing.notSameDayAsOtherActivity)) {
        out.push({ family: 'spacing', classId: shared[0], label: `same day as plan item ${p.key}` });
      }
      if (p.group === o.group && p.key !== o.key) {
        const gap = Math.abs(other.day - slot.day);
        const min = o.commitment.spacing.minGapDays;
        if (min !== undefined && gap < min) out.push({ family: 'spacing', label: `min_gap:${gap}` });
      }
    }
    const max = o.commitment.spacing.maxGapDays;
    const siblings = this.slots.filter((s) => s !== slot && s !== ignore && s.occurrence.group === o.group && s.occurrence.key !== o.key);
    if (max !== undefined && o.commitment.cadence === null && siblings.length > 0 && !siblings.some((s) => Math.abs(s.day - slot.day) <= max)) {
      out.push({ family: 'spacing', label: `max_gap:${siblings.reduce((min, s) => Math.min(min, Math.abs(s.day - slot.day)), Infinity)}` });
    }
    return out;
  }
}
