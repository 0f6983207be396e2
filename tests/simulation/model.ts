import { DateTime } from 'luxon';

/**
 * The INDEPENDENT model: plain data and rules written from README.md's "Booking rules" and
 * "Registrations and email", never calling the service's code. It predicts each answer and what
 * must be stored, sent and published after every step.
 */
export type Status = 'draft' | 'requested' | 'confirmed' | 'cancelled';
export interface MOcc { id: number; originalStart: number; start: number; end: number; status: 'scheduled' | 'cancelled' }
export interface MClaim { id: number; resourceId: number; quantity: number; setup: number; teardown: number; approval: 'not_needed' | 'pending' | 'approved' | 'declined' }
export interface MReg { id: number; email: string; zone: string; language: 'zh-CN' | 'en'; status: 'confirmed' | 'waitlisted' | 'cancelled'; reminders: boolean; order: number }
export interface MActivity {
  id: number; unitId: number; kind: string; title: string; status: Status; visibility: 'public' | 'internal';
  capacity: number; rule: string | null; occurrences: MOcc[]; claims: MClaim[]; holdExpiresAt: number | null;
  cancelledAt: number | null; regs: MReg[];
  /** Was confirmed at some point (published, if public): a cancelled one then stays in the programme for a while. */
  everConfirmed: boolean;
}
export interface MResource { id: number; unitId: number; quantity: number; exclusive: boolean }
export interface MEntry { kind: string; unitId: number | null; resourceId: number | null; start: number; end: number }

export const MINUTE = 60_000;
export const REMINDER_RULES: Record<string, { key: string; minutes: number }[]> = {
  default: [{ key: '7d', minutes: 7 * 1440 }, { key: '1d', minutes: 1440 }],
  field_visit: [{ key: '7d', minutes: 7 * 1440 }, { key: '1d', minutes: 1440 }, { key: '2h', minutes: 120 }],
};
export const BLOCKING = ['holiday', 'exam_week', 'closure', 'maintenance'];

/** README: never in 21:00–08:00 of the participant's zone; "they go out just before instead" (20:59). */
export function outOfQuietHours(at: number, zone: string): number {
  const local = DateTime.fromMillis(at, { zone });
  const minute = local.hour * 60 + local.minute;
  if (minute >= 8 * 60 && minute < 21 * 60) return at;
  const day = minute < 8 * 60 ? local.minus({ days: 1 }) : local;
  return day.set({ hour: 20, minute: 59, second: 0, millisecond: 0 }).toMillis();
}
export function inQuietHours(at: number, zone: string): boolean {
  const local = DateTime.fromMillis(at, { zone });
  const minute = local.hour * 60 + local.minute;
  return minute >= 21 * 60 || minute < 8 * 60;
}

/** A reminder's identity (its delivery's unique key, hence its Message-ID). */
export const reminderKey = (occ: number, reg: number, rule: string) => `reminder.${occ}.${reg}.${rule}`;
export interface PlannedReminder { key: string; activityId: number; occurrenceId: number; registrationId: number; email: string; due: number }

export class Model {
  activities = new Map<number, MActivity>();
  resources = new Map<number, MResource>();
  entries: MEntry[] = [];
  /** Reminders that should be pending now (key → plan) and keys already used (sent, never again). */
  planned = new Map<string, PlannedReminder>();
  usedReminders = new Set<string>();
  private order = 0;

  /** Busy span of a claim for one occurrence, widened by its buffers. */
  static span(c: MClaim, o: MOcc): [number, number] {
    return [o.start - c.setup * MINUTE, o.end + c.teardown * MINUTE];
  }
  static holds(a: MActivity): boolean {
    return a.status === 'requested' || a.status === 'confirmed';
  }
  /** Every busy period on a resource, optionally leaving out one activity (its own old bookings). */
  busy(resourceId: number, except?: number): { start: number; end: number; quantity: number; activityId: number }[] {
    const out = [];
    for (const a of this.activities.values()) {
      if (!Model.holds(a) || a.id === except) continue;
      for (const c of a.claims) {
        if (c.resourceId !== resourceId || c.approval === 'declined') continue;
        for (const o of a.occurrences) if (o.status === 'scheduled') {
          const [start, end] = Model.span(c, o);
          out.push({ start, end, quantity: c.quantity, activityId: a.id });
        }
      }
    }
    return out;
  }
  /** The PEAK use in [start, end) of a set of periods (back-to-back periods do not overlap). */
  static peak(periods: { start: number; end: number; quantity: number }[], start: number, end: number): number {
    const inside = periods.filter((p) => p.start < end && p.end > start);
    let max = 0;
    for (const t of [start, ...inside.map((p) => p.start).filter((s) => s > start)]) {
      const use = inside.filter((p) => p.start <= t && p.end > t).reduce((s, p) => s + p.quantity, 0);
      max = Math.max(max, use);
    }
    return max;
  }
  /** Whether an activity with these claims and occurrences fits next to everything else booked. */
  fits(activityId: number | undefined, claims: MClaim[], occurrences: MOcc[]): boolean {
    for (const c of claims) {
      const r = this.resources.get(c.resourceId)!;
      const others = this.busy(c.resourceId, activityId);
      const own = occurrences.filter((o) => o.status === 'scheduled').map((o) => { const [start, end] = Model.span(c, o); return { start, end, quantity: c.quantity }; });
      for (const p of own) {
        const all = [...others, ...own.filter((q) => q !== p)];
        const cap = r.exclusive ? 1 : r.quantity;
        if (Model.peak(all, p.start, p.end) + c.quantity > cap) return false;
      }
    }
    return true;
  }
  /** Blocking calendar entries over an occurrence, for the organizer unit, the owners of the claimed resources and the resources. */
  blocked(unitId: number, claims: MClaim[], occurrences: MOcc[]): boolean {
    const resources = claims.map((c) => this.resources.get(c.resourceId)!);
    return occurrences.filter((o) => o.status === 'scheduled').some((o) => this.entries.some((e) => {
      if (!BLOCKING.includes(e.kind) || !(e.start < o.end && e.end > o.start)) return false;
      if (e.unitId === null && e.resourceId === null) return true;
      return e.unitId === unitId || resources.some((r) => e.unitId === r.unitId || e.resourceId === r.id);
    }));
  }
  /** A registration is accepted exactly while the activity is confirmed and has an occurrence that has not ended. */
  static open(a: MActivity, now: number): boolean {
    return a.status === 'confirmed' && a.occurrences.some((o) => o.status === 'scheduled' && o.end > now);
  }
  nextOrder(): number {
    return ++this.order;
  }
  static confirmed(a: MActivity): MReg[] {
    return a.regs.filter((r) => r.status === 'confirmed');
  }
  static waitlist(a: MActivity): MReg[] {
    return a.regs.filter((r) => r.status === 'waitlisted').sort((x, y) => x.order - y.order);
  }
  /** Fills free places from the head of the waitlist, in order; returns who was promoted. */
  static promote(a: MActivity): MReg[] {
    const promoted: MReg[] = [];
    if (a.status === 'cancelled') return promoted;
    for (const r of Model.waitlist(a)) {
      if (Model.confirmed(a).length >= a.capacity) break;
      r.status = 'confirmed';
      promoted.push(r);
    }
    return promoted;
  }

  /**
   * Brings the planned reminders of one activity in line with its state at `now`: one per scheduled
   * occurrence still ahead × confirmed registration wanting reminders × rule of its kind, whose due time
   * (moved out of quiet hours) is still ahead; a key once sent is never planned again.
   */
  replan(a: MActivity, now: number): void {
    for (const [key, p] of this.planned) if (p.activityId === a.id) this.planned.delete(key);
    if (a.status !== 'confirmed') return;
    const rules = REMINDER_RULES[a.kind] ?? REMINDER_RULES.default!;
    for (const o of a.occurrences) {
      if (o.status !== 'scheduled' || o.start <= now) continue;
      for (const r of Model.confirmed(a)) {
        if (!r.reminders) continue;
        for (const rule of rules) {
          const due = outOfQuietHours(o.start - rule.minutes * MINUTE, r.zone);
          const key = reminderKey(o.id, r.id, rule.key);
          if (due > now && !this.usedReminders.has(key)) this.planned.set(key, { key, activityId: a.id, occurrenceId: o.id, registrationId: r.id, email: r.email, due });
        }
      }
    }
  }
  /** The earliest planned reminder due in (after, until], if any. */
  nextDue(after: number, until: number): number | null {
    let next: number | null = null;
    for (const p of this.planned.values()) if (p.due > after && p.due <= until && (next === null || p.due < next)) next = p.due;
    return next;
  }
  /** Expands FREQ=WEEKLY;BYDAY=XX;COUNT=n (the rule subset the simulation books) in the activity's zone. */
  static expandWeekly(start: DateTime, minutes: number, count: number): { start: number; end: number }[] {
    return Array.from({ length: count }, (_, i) => {
      const s = start.plus({ weeks: i });
      return { start: s.toMillis(), end: s.plus({ minutes }).toMillis() };
    });
  }
}
