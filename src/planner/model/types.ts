import type { CalendarEntry, ResourceHours } from '../../calendars/blocking.ts';
import type { ActivityKind, Localized, Weekday } from '../../shared/types.ts';

/**
 * PURE planner model. Glossary:
 * occurrence   one activity the plan must place: commitment × (class, when perClass) × k.
 * slot         a candidate for an occurrence: a start, an end and the resources chosen for it.
 * item         an occurrence placed at a slot in the proposed plan; pinned items stay where they are,
 *              accepted items are already booked and are not re-planned.
 * family       a kind of hard rule a slot can break: window, calendar, class_calendar, opening_hours,
 *              resource, class_busy, spacing. Unplaced occurrences are explained by family.
 * Instants are epoch milliseconds; local dates and weekdays are in the plan's zone.
 */
export interface PlanResource {
  id: number;
  unitId: number;
  kind: 'venue' | 'staff' | 'equipment';
  quantity: number;
  name: Localized;
  hours: ResourceHours;
}

export interface PlanClass {
  id: number;
  unitId: number;
  grade: number | null;
  name: Localized;
}

export interface ClassEntry {
  id: number;
  kind: 'exam_week' | 'blocked' | 'free_afternoon';
  unitId: number;
  classId: number | null;
  grade: number | null;
  name: Localized;
  start: number | null;
  end: number | null;
  weekday: Weekday | null;
  from: string | null;
  to: string | null;
}

/** A resource already in use (an existing booking, widened by its buffers). */
export interface Busy {
  resourceId: number;
  start: number;
  end: number;
  quantity: number;
  label: string;
}

export interface ClassBusy {
  classId: number;
  start: number;
  end: number;
  label: string;
}

export interface PlanNeed {
  /** One of these resources (a specific resource is a list of one). */
  options: number[];
  quantity: number;
  setupMinutes: number;
  teardownMinutes: number;
}

export interface PlanCommitment {
  id: number;
  organizerUnitId: number;
  kind: ActivityKind;
  title: Localized;
  classIds: number[];
  perClass: boolean;
  count: number | null;
  cadence: 'weekly' | 'monthly' | null;
  durationMinutes: number | null;
  allDayDays: number | null;
  needs: PlanNeed[];
  window: { startsOn: string; endsOn: string; weekdays: Weekday[]; from: string; to: string; freeAfternoonsOnly: boolean };
  spacing: { minGapDays?: number | undefined; maxGapDays?: number | undefined; notSameDayAsOtherActivity: boolean };
  preferences: { weekdays?: { days: Weekday[]; weight: number } | undefined; spreadEvenly?: number | undefined; sameWeekday?: number | undefined; avoidWeekBeforeExams?: number | undefined };
}

/** An item kept where it is: pinned (re-planned around, stays unless it no longer fits) or accepted (booked). */
export interface KeptItem {
  key: string;
  start: number;
  resourceIds: number[];
  accepted: boolean;
}

export interface PlanInput {
  zone: string;
  /** The term: whole local days startsOn..endsOn. */
  term: { startsOn: string; endsOn: string };
  /** Candidate starts every stepMinutes inside a commitment's daily window. */
  stepMinutes: number;
  /** The first plannable instant (epoch ms, the next local day): a start before it is past and never placed (issue 25 item 2); absent, nothing is. */
  notBefore?: number | undefined;
  commitments: PlanCommitment[];
  resources: PlanResource[];
  classes: PlanClass[];
  calendarEntries: CalendarEntry[];
  classEntries: ClassEntry[];
  busy: Busy[];
  classBusy: ClassBusy[];
  kept: KeptItem[];
}

export interface Occurrence {
  key: string;
  commitment: PlanCommitment;
  /** Occurrences of one group are interchangeable and spaced: commitment × class (or all classes). */
  group: string;
  index: number;
  classIds: number[];
  /** Local dates this occurrence may use (cadence narrows each to its week or month). */
  fromDate: string;
  toDate: string;
}

export interface Use {
  resourceId: number;
  quantity: number;
  start: number;
  end: number;
}

export interface Slot {
  occurrence: Occurrence;
  start: number;
  end: number;
  /** Days since the term's first day (1-based), for spacing. */
  day: number;
  date: string;
  weekday: Weekday;
  /** One resource per need (a candidate names the first of its alternatives). */
  resourceIds: number[];
  uses: Use[];
  score: number;
  /**
   * A candidate's resources that may serve each need at this time (in the order they are tried); the
   * resources are picked when the slot is placed (checks.ts Placed.concrete). Absent on a placed slot.
   */
  alternatives?: number[][] | undefined;
}

export type Family = 'window' | 'calendar' | 'class_calendar' | 'opening_hours' | 'resource' | 'class_busy' | 'spacing';

/** What relaxing would make an unplaced occurrence fit, as data (tests apply it) and as words. */
export type Relaxation =
  | { kind: 'calendar_entry'; entryId: number }
  | { kind: 'class_entry'; entryId: number }
  | { kind: 'opening_hours'; resourceId: number; weekday: Weekday; from: string; to: string }
  | { kind: 'capacity'; resourceId: number; quantity: number; date: string }
  | { kind: 'class_free'; classId: number; date: string }
  | { kind: 'min_gap'; commitmentId: number; days: number }
  | { kind: 'max_gap'; commitmentId: number; days: number }
  | { kind: 'same_day'; commitmentId: number }
  | { kind: 'window'; commitmentId: number; startsOn: string; endsOn: string; weekdays: Weekday[] };

/**
 * What a reason says, as a stable code and its data, so a page words it in its reader's language
 * (web/desk/src/planner/reasons.ts); `message` and `fits` are the same in English for API readers.
 */
export type ReasonCode =
  | 'closed' | 'calendar_entry' | 'class_window' | 'class_entry' | 'capacity' | 'resource_busy' | 'class_busy'
  | 'min_gap' | 'max_gap' | 'same_day' | 'window' | 'past' | 'no_window' | 'several';
export type ReasonData = Record<string, string | number | boolean | string[] | Localized | Array<{ code: ReasonCode; data: ReasonData }>>;

export interface Reason {
  family: Family;
  code: ReasonCode;
  data: ReasonData;
  message: string;
  relaxation: Relaxation | null;
  fits: string;
}

export interface PlanItem {
  key: string;
  commitmentId: number;
  index: number;
  classIds: number[];
  start: string;
  end: string;
  resourceIds: number[];
  pinned: boolean;
  accepted: boolean;
}

export interface Unplaced {
  key: string;
  commitmentId: number;
  index: number;
  classIds: number[];
  reasons: Reason[];
}

export interface Violation {
  key: string;
  family: Family;
  message: string;
}
