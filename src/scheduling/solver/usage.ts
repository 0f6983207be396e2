/**
 * PURE: how much of a resource is in use over time. Periods are half-open epoch-millisecond spans.
 */
export interface Busy {
  start: number;
  end: number;
  quantity: number;
  activityId: number;
}

/** The most in use at any moment of [from, to): a sweep (ends before starts at a tie), not a sum. */
export function peakUse(busy: readonly Busy[], from: number, to: number): number {
  const edges: [number, number][] = [];
  for (const b of busy) {
    if (b.start < to && b.end > from) edges.push([Math.max(b.start, from), b.quantity], [Math.min(b.end, to), -b.quantity]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    current += delta;
    if (current > peak) peak = current;
  }
  return peak;
}

export interface UsagePeriod {
  start: number;
  end: number;
  inUse: number;
}

/** The step function of use over [from, to), as the spans where something is in use. */
export function usageProfile(busy: readonly Busy[], from: number, to: number): UsagePeriod[] {
  const deltas = new Map<number, number>();
  for (const b of busy) {
    if (b.start >= to || b.end <= from) continue;
    const s = Math.max(b.start, from);
    const e = Math.min(b.end, to);
    deltas.set(s, (deltas.get(s) ?? 0) + b.quantity);
    deltas.set(e, (deltas.get(e) ?? 0) - b.quantity);
  }
  const times = [...deltas.keys()].sort((a, b) => a - b);
  const out: UsagePeriod[] = [];
  let current = 0;
  for (let i = 0; i < times.length - 1; i++) {
    current += deltas.get(times[i]!)!;
    const last = out[out.length - 1];
    if (current === 0) continue;
    if (last && last.end === times[i] && last.inUse === current) last.end = times[i + 1]!;
    else out.push({ start: times[i]!, end: times[i + 1]!, inUse: current });
  }
  return out;
}
