import type { Occurrence, Slot, Use } from './types.ts';

/**
 * PURE: the time-indexed assignment MIP in CPLEX LP text. x<i> = 1 when slot i is used.
 * Hard: each occurrence at most once; per resource (and per class, capacity 1) the chosen slots fit
 * what is left at every moment; spacing within a group; not on the same day where asked.
 * Objective: PLACED (or PINNED) per placed occurrence plus the slot's preference score, minus the
 * weight of every extra weekday a class's visits use (sameWeekday).
 */
export interface MipSlot {
  slot: Slot;
  value: number;
}

export interface Capacity {
  key: string;
  capacity: number;
  uses: { index: number; use: Use }[];
  /** Existing bookings of the resource (or class), already widened by their buffers. */
  busy: { start: number; end: number; quantity: number }[];
}

export interface Mip {
  lp: string;
  variables: number;
  constraints: number;
  /** The sameWeekday columns' weights (objectiveOf needs them). */
  weights: Map<string, number>;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(6).replace(/0+$/, ''));

class Rows {
  readonly lines: string[] = [];
  add(name: string, terms: [number, string][], sense: '<=' | '>=' | '=', rhs: number): void {
    const body = terms.filter(([c]) => c !== 0).map(([c, v], i) => `${c < 0 ? '-' : i === 0 ? '' : '+'} ${fmt(Math.abs(c))} ${v}`);
    if (body.length === 0) return;
    const chunks: string[] = [];
    for (let i = 0; i < body.length; i += 8) chunks.push(body.slice(i, i + 8).join(' '));
    this.lines.push(` ${name}: ${chunks.join('\n   ')} ${sense} ${fmt(rhs)}`);
  }
}

/**
 * Rows for one resource (or set of interchangeable resources). The load is a step function of time,
 * so its maximum is reached at the start of some use or some existing booking: one row per such instant (a sweep keeps the covering uses), left
 * out when it cannot bind or repeats the previous row.
 */
function capacityRows(rows: Rows, cap: Capacity, slots: MipSlot[], multiplicity: Map<string, number>): void {
  const byStart = [...cap.uses].sort((a, b) => a.use.start - b.use.start || a.index - b.index);
  if (byStart.length === 0) return;
  const first = byStart[0]!.use.start;
  const lastEnd = byStart.reduce((max, u) => Math.max(max, u.use.end), first);
  const busy = cap.busy.filter((b) => b.end > first && b.start < lastEnd);
  const points = [...new Set([...byStart.map((u) => u.use.start), ...busy.map((b) => b.start).filter((t) => t >= first)])].sort((a, b) => a - b);
  let active: { index: number; use: Use }[] = [];
  let next = 0;
  let last = '';
  let n = 0;
  for (const t of points) {
    while (next < byStart.length && byStart[next]!.use.start <= t) active.push(byStart[next++]!);
    active = active.filter((u) => u.use.end > t);
    if (active.length === 0) continue;
    const rhs = cap.capacity - busy.reduce((sum, b) => (b.start <= t && b.end > t ? sum + b.quantity : sum), 0);
    // A slot's uses of one set add up (two needs served from one set); an occurrence's slots exclude each other.
    const perSlot = new Map<number, number>();
    for (const u of active) perSlot.set(u.index, (perSlot.get(u.index) ?? 0) + u.use.quantity);
    const perOccurrence = new Map<string, number>();
    for (const [index, quantity] of perSlot) {
      const key = slots[index]!.slot.occurrence.key;
      const m = multiplicity.get(key) ?? 1;
      perOccurrence.set(key, m > 1 ? (perOccurrence.get(key) ?? 0) + quantity : Math.max(perOccurrence.get(key) ?? 0, quantity));
    }
    if ([...perOccurrence.values()].reduce((a, b) => a + b, 0) <= rhs) continue;
    if (cap.key.startsWith('k') && rhs >= 1 && excludedByOtherRows([...perSlot.keys()], slots, multiplicity)) continue;
    const signature = `${[...perSlot.keys()].join(',')}|${rhs}`;
    if (signature === last) continue;
    last = signature;
    rows.add(`cap_${cap.key}_${n++}`, [...perSlot].map(([index, quantity]) => [quantity, `x${index}`]), '<=', rhs);
  }
}

/**
 * A class's row at one instant adds nothing when every two of its slots exclude each other already:
 * all on one date, where the same-day rows allow one flagged occurrence and nothing beside it, so at
 * most one occurrence is not flagged; one occurrence's slots are one by its own row, or by its
 * spacing rows when it stands for several (minGapDays ≥ 1). These rows were about half of the model.
 */
function excludedByOtherRows(indices: number[], slots: MipSlot[], multiplicity: Map<string, number>): boolean {
  const date = slots[indices[0]!]!.slot.date;
  const unflagged = new Set<string>();
  for (const i of indices) {
    const s = slots[i]!.slot;
    const c = s.occurrence.commitment;
    if (s.date !== date) return false;
    if ((multiplicity.get(s.occurrence.key) ?? 1) > 1 && (c.spacing.minGapDays ?? 0) < 1) return false;
    if (!c.spacing.notSameDayAsOtherActivity) unflagged.add(s.occurrence.key);
  }
  return unflagged.size <= 1;
}

export interface MipInput {
  slots: MipSlot[];
  occurrences: Occurrence[];
  capacities: Capacity[];
  /** Max day index + 1, the big-M of the spacing rows. */
  horizon: number;
  /**
   * Interchangeable occurrences of a group share one set of columns: the key of their representative →
   * how many of them it stands for (absent: 1). Their spacing is a clique row per window of minGapDays.
   */
  multiplicity: Map<string, number>;
}

function bySlotsOf(slots: MipSlot[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  slots.forEach((s, i) => {
    const list = out.get(s.slot.occurrence.key) ?? [];
    list.push(i);
    out.set(s.slot.occurrence.key, list);
  });
  return out;
}

function spacingRows(rows: Rows, input: MipInput, of: Map<string, number[]>): void {
  const M = input.horizon + 400;
  const groups = new Map<string, Occurrence[]>();
  for (const o of input.occurrences) groups.set(o.group, [...(groups.get(o.group) ?? []), o]);
  for (const [group, list] of groups) {
    if (list.some((o) => (input.multiplicity.get(o.key) ?? 1) > 1) || (list.length > 1 && list[0]!.commitment.cadence === null && list[0]!.commitment.spacing.maxGapDays === undefined)) {
      cliqueRows(rows, input, group, list.flatMap((o) => of.get(o.key) ?? []));
      continue;
    }
    for (let k = 0; k + 1 < list.length; k++) {
      const a = of.get(list[k]!.key) ?? [];
      const b = of.get(list[k + 1]!.key) ?? [];
      const s = list[k]!.commitment.spacing;
      const day = (i: number) => input.slots[i]!.slot.day;
      const name = `${group}_${k}`.replace(/-/g, '_');
      if (list[k]!.commitment.cadence === null) {
        // Interchangeable occurrences are placed in order: k+1 only after k, and g days after it.
        rows.add(`ord_${name}`, [...b.map((i): [number, string] => [1, `x${i}`]), ...a.map((i): [number, string] => [-1, `x${i}`])], '<=', 0);
        const g = s.minGapDays ?? 0;
        rows.add(`min_${name}`, [...b.map((i): [number, string] => [day(i) - g - M, `x${i}`]), ...a.map((i): [number, string] => [-day(i), `x${i}`])], '>=', -M);
        if (s.maxGapDays !== undefined) {
          rows.add(`max_${name}`, [...b.map((i): [number, string] => [day(i) + M, `x${i}`]), ...a.map((i): [number, string] => [-day(i), `x${i}`])], '<=', s.maxGapDays + M);
        }
      } else if (s.minGapDays) {
        rows.add(`min_${name}`, [...b.map((i): [number, string] => [day(i) - M, `x${i}`]), ...a.map((i): [number, string] => [-day(i) - M, `x${i}`])], '>=', s.minGapDays - 2 * M);
      }
    }
  }
}

/**
 * Any two chosen slots of a group lie minGapDays apart: at most one in every window of that many days.
 * A continuous y_<group>_<day> sums the day's columns, so each window row lists days, not slots.
 */
function cliqueRows(rows: Rows, input: MipInput, group: string, members: number[]): void {
  const gap = input.occurrences.find((o) => o.group === group)!.commitment.spacing.minGapDays ?? 0;
  if (gap < 1 || members.length < 2) return;
  const name = group.replace(/-/g, '_');
  const byDay = new Map<number, number[]>();
  for (const i of members) byDay.set(input.slots[i]!.slot.day, [...(byDay.get(input.slots[i]!.slot.day) ?? []), i]);
  const days = [...byDay.keys()].sort((a, b) => a - b);
  for (const d of days) rows.add(`sum_${name}_${d}`, [[1, `y_${name}_${d}`], ...byDay.get(d)!.map((i): [number, string] => [-1, `x${i}`])], '=', 0);
  let last = '';
  for (const d of days) {
    const inside = days.filter((e) => e >= d && e < d + gap);
    const signature = inside.join(',');
    if (inside.length < 2 || (last !== '' && `,${last}`.endsWith(`,${signature}`))) continue;
    last = signature;
    rows.add(`gap_${name}_${d}`, inside.map((e) => [1, `y_${name}_${e}`]), '<=', 1);
  }
}

/** A class's flagged occurrences share no day with any of its other occurrences. */
function sameDayRows(rows: Rows, input: MipInput): void {
  const cells = new Map<string, { flagged: Map<string, number[]>; other: Map<string, number[]> }>();
  input.slots.forEach((s, i) => {
    const o = s.slot.occurrence;
    for (const classId of o.classIds) {
      const key = `${classId}_${s.slot.date.replace(/-/g, '')}`;
      const cell = cells.get(key) ?? { flagged: new Map(), other: new Map() };
      const side = o.commitment.spacing.notSameDayAsOtherActivity ? cell.flagged : cell.other;
      side.set(o.key, [...(side.get(o.key) ?? []), i]);
      cells.set(key, cell);
    }
  });
  for (const [key, cell] of cells) {
    if (cell.flagged.size === 0 || cell.flagged.size + cell.other.size < 2) continue;
    const flagged = [...cell.flagged.values()].flat().map((i): [number, string] => [1, `x${i}`]);
    if (cell.flagged.size > 1) rows.add(`day_${key}`, flagged, '<=', 1);
    let n = 0;
    for (const others of cell.other.values()) rows.add(`day_${key}_${n++}`, [...flagged, ...others.map((i): [number, string] => [1, `x${i}`])], '<=', 1);
  }
}

/** sameWeekday: the weight of each w_<class>_<weekday> column, the most any slot using it asks for. */
function weekdayWeights(slots: MipSlot[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of slots) {
    const weight = s.slot.occurrence.commitment.preferences.sameWeekday;
    if (!weight) continue;
    for (const classId of s.slot.occurrence.classIds) {
      const w = `w_${classId}_${s.slot.weekday}`;
      out.set(w, Math.max(out.get(w) ?? 0, weight));
    }
  }
  return out;
}

/** sameWeekday: w_<class>_<weekday> is 1 when any of the class's preferring occurrences uses that weekday. */
function weekdayRows(rows: Rows, input: MipInput, weights: Map<string, number>, objective: [number, string][], binaries: string[]): void {
  const used = new Map<string, Map<string, number[]>>();
  input.slots.forEach((s, i) => {
    const o = s.slot.occurrence;
    if (!o.commitment.preferences.sameWeekday) return;
    for (const classId of o.classIds) {
      const w = `w_${classId}_${s.slot.weekday}`;
      const byOccurrence = used.get(w) ?? new Map<string, number[]>();
      byOccurrence.set(o.key, [...(byOccurrence.get(o.key) ?? []), i]);
      used.set(w, byOccurrence);
    }
  });
  for (const [w, byOccurrence] of [...used].sort(([a], [b]) => a.localeCompare(b))) {
    objective.push([-weights.get(w)!, w]);
    binaries.push(w);
    let n = 0;
    for (const [key, list] of byOccurrence) {
      rows.add(`${w}_${n++}`, [...list.map((i): [number, string] => [1, `x${i}`]), [-(input.multiplicity.get(key) ?? 1), w]], '<=', 0);
    }
  }
}

/** The objective of a set of placed slots (their values less the weekdays they use), as the MIP counts it. */
export function objectiveOf(placed: MipSlot[], weights: Map<string, number>): number {
  const used = new Set(placed.flatMap((s) => (s.slot.occurrence.commitment.preferences.sameWeekday ? s.slot.occurrence.classIds.map((id) => `w_${id}_${s.slot.weekday}`) : [])));
  return placed.reduce((sum, s) => sum + s.value, 0) - [...used].reduce((sum, w) => sum + (weights.get(w) ?? 0), 0);
}

export function buildMip(input: MipInput): Mip {
  const rows = new Rows();
  const of = bySlotsOf(input.slots);
  for (const [key, list] of of) rows.add(`occ_${key.replace(/-/g, '_')}`, list.map((i) => [1, `x${i}`]), '<=', input.multiplicity.get(key) ?? 1);
  for (const cap of input.capacities) capacityRows(rows, cap, input.slots, input.multiplicity);
  spacingRows(rows, input, of);
  sameDayRows(rows, input);
  const objective: [number, string][] = input.slots.map((s, i) => [s.value, `x${i}`]);
  const binaries = input.slots.map((_s, i) => `x${i}`);
  const weights = weekdayWeights(input.slots);
  weekdayRows(rows, input, weights, objective, binaries);
  const obj = new Rows();
  obj.add('obj', objective, '<=', 0);
  const objectiveText = obj.lines[0]?.replace(/ <= 0$/, '') ?? ' obj: 0 x0';
  const chunks: string[] = [];
  for (let i = 0; i < binaries.length; i += 20) chunks.push(` ${binaries.slice(i, i + 20).join(' ')}`);
  const lp = ['Maximize', objectiveText, 'Subject To', ...(rows.lines.length ? rows.lines : [' none: 0 x0 <= 0']), 'Binaries', ...chunks, 'End', ''].join('\n');
  return { lp, variables: binaries.length, constraints: rows.lines.length, weights };
}
