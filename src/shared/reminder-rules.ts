import { DateTime } from 'luxon';
import { ACTIVITY_KINDS, type ActivityKind } from './types.ts';

/**
 * Reminder rules and quiet hours. PURE: text in, data out; times in, times out (luxon, explicit zones).
 *
 * A rule is an offset before an occurrence's start, written `7d`, `1d`, `2h` or `30m`; its text is
 * part of the planned reminder's unique key (occurrence × registration × rule).
 */
export interface ReminderRule {
  key: string;
  minutes: number;
}

/** Rules per activity kind; kinds not listed use `default`. */
export type ReminderRules = Readonly<Record<ActivityKind | 'default', readonly ReminderRule[]>>;

/** Local clock times between which no reminder is sent, e.g. 21:00–08:00; null = none. */
export interface QuietHours {
  startMinute: number;
  endMinute: number;
}

// 7 days and 1 day before everything; field visits also get a 2-hour nudge (departure times matter).
export const DEFAULT_REMINDER_OFFSETS = 'default=7d,1d;field_visit=7d,1d,2h';
export const DEFAULT_QUIET_HOURS = '21:00-08:00';

const UNIT_MINUTES: Record<string, number> = { d: 1440, h: 60, m: 1 };

export function parseRule(text: string): ReminderRule {
  const match = /^(\d{1,4})([dhm])$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not an offset like 7d, 2h or 30m`);
  const minutes = Number(match[1]) * UNIT_MINUTES[match[2]!]!;
  if (minutes < 1 || minutes > 60 * 24 * 366) throw new Error(`"${text}" is out of range`);
  return { key: `${match[1]}${match[2]}`, minutes };
}

/** Parses `default=7d,1d;field_visit=2h`; `kind=` (empty) means no reminders for that kind. */
export function parseReminderOffsets(text: string): ReminderRules {
  const byKind: Record<string, ReminderRule[]> = {};
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [kind, list = ''] = part.split('=', 2).map((s) => s.trim());
    if (kind !== 'default' && !(ACTIVITY_KINDS as readonly string[]).includes(kind!)) throw new Error(`unknown activity kind "${kind}"`);
    const rules = list.split(',').map((s) => s.trim()).filter(Boolean).map(parseRule);
    byKind[kind!] = [...new Map(rules.map((r) => [r.key, r])).values()];
  }
  const fallback = byKind.default ?? [];
  return Object.freeze(Object.fromEntries(['default', ...ACTIVITY_KINDS].map((k) => [k, byKind[k] ?? fallback]))) as unknown as ReminderRules;
}

export function parseQuietHours(text: string): QuietHours | null {
  if (text.trim() === 'off') return null;
  const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) throw new Error('must look like 21:00-08:00, or off');
  const startMinute = Number(match[1]) * 60 + Number(match[2]);
  const endMinute = Number(match[3]) * 60 + Number(match[4]);
  if (startMinute === endMinute) throw new Error('start and end must differ');
  return { startMinute, endMinute };
}

function minuteOfDay(t: DateTime): number {
  return t.hour * 60 + t.minute;
}

/**
 * Moves a moment that falls inside quiet hours (in `zone`) to just before they began, so a
 * reminder is sent earlier rather than in the night. Outside quiet hours the moment is kept.
 */
export function avoidQuietHours(at: DateTime, zone: string, quiet: QuietHours | null): DateTime {
  if (!quiet) return at;
  const local = at.setZone(zone);
  const m = minuteOfDay(local);
  const wraps = quiet.startMinute > quiet.endMinute;
  const inside = wraps ? m >= quiet.startMinute || m < quiet.endMinute : m >= quiet.startMinute && m < quiet.endMinute;
  if (!inside) return at;
  // The quiet period began today, or (after midnight in a wrapping window) yesterday.
  const day = wraps && m < quiet.endMinute ? local.minus({ days: 1 }) : local;
  const began = day.set({ hour: Math.floor(quiet.startMinute / 60), minute: quiet.startMinute % 60, second: 0, millisecond: 0 });
  return began.minus({ minutes: 1 }).toUTC();
}

/** When a rule's reminder for an occurrence starting at `startsAt` is due, for a participant in `zone`. */
export function reminderDueAt(startsAt: DateTime, rule: ReminderRule, zone: string, quiet: QuietHours | null): DateTime {
  return avoidQuietHours(startsAt.minus({ minutes: rule.minutes }), zone, quiet).toUTC();
}

export interface PlannedReminder {
  occurrenceId: number;
  registrationId: number;
  rule: string;
  dueAt: DateTime;
}

/**
 * The reminders that should exist for these registrations and occurrences at `now`: one per
 * pair and rule, due before the occurrence, and only when the due time is still ahead (a
 * reminder whose moment has passed at planning time would arrive late and say nothing new).
 */
export function planReminders(
  registrations: readonly { id: number; timeZone: string }[],
  occurrences: readonly { id: number; startsAt: DateTime }[],
  rules: readonly ReminderRule[],
  quiet: QuietHours | null,
  now: DateTime,
): PlannedReminder[] {
  const planned: PlannedReminder[] = [];
  for (const occurrence of occurrences) {
    if (occurrence.startsAt <= now) continue;
    for (const registration of registrations) {
      for (const rule of rules) {
        const dueAt = reminderDueAt(occurrence.startsAt, rule, registration.timeZone, quiet);
        if (dueAt > now) planned.push({ occurrenceId: occurrence.id, registrationId: registration.id, rule: rule.key, dueAt });
      }
    }
  }
  return planned;
}
