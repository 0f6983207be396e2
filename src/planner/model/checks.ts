import { peakUse } from '../../scheduling/solver/usage.ts';
import type { Context, Failure } from './candidates.ts';
import type { Slot, Use } from './types.ts';

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

  private shortfall(resourceId: number, u: Use, ignore: Slot | null): { shortfall: number; label: string | undefined } {
    let busy = this.uses.get(resourceId) ?? this.ctx.busyBy.get(resourceId) ?? [];
    if (ignore) busy = busy.filter((b) => b.label !== `plan item ${ignore.occurrence.key}`);
    const shortfall = peakUse(busy, u.start, u.end) + u.quantity - this.ctx.resources.get(resourceId)!.quantity;
    return { shortfall, label: busy.find((b) => b.start < u.end && b.end > u.start)?.label };
  }

  /**
   * One resource per need, from the slot's alternatives (its named resources when it has none): the
   * first that still has room then, never one resource for two needs. Null entries: no room anywhere.
   */
  private pick(slot: Slot, ignore: Slot | null): (number | null)[] {
    const taken = new Set<number>();
    return slot.uses.map((u, i) => {
      const id = (slot.alternatives?.[i] ?? [u.resourceId]).find((r) => !taken.has(r) && this.shortfall(r, u, ignore).shortfall <= 0) ?? null;
      if (id !== null) taken.add(id);
      return id;
    });
  }

  /** The slot with its resources picked (no alternatives left), or null when a need has no room. */
  concrete(slot: Slot): Slot | null {
    const picked = this.pick(slot, null);
    if (picked.some((id) => id === null)) return null;
    const resourceIds = picked as number[];
    return { ...slot, resourceIds, uses: slot.uses.map((u, i) => ({ ...u, resourceId: resourceIds[i]! })), alternatives: undefined };
  }

  /** Failures of `slot` against the placed slots (never against itself). */
  failures(slot: Slot, ignore: Slot | null = null): Failure[] {
    const out: Failure[] = [];
    const picked = this.pick(slot, ignore);
    slot.uses.forEach((u, i) => {
      if (picked[i] !== null) return;
      const { shortfall, label } = this.shortfall(u.resourceId, u, ignore);
      out.push({ family: 'resource', resourceId: u.resourceId, shortfall: Math.max(1, shortfall), label });
    });
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
