/**
 * PURE: the shapes the allocation core takes and returns (no database, no HTTP, no clock).
 * Ids are strings so the core serves the database's integer ids and a generator's names alike.
 */

/** A place to be allocated: one slot of an offer holds `capacity` classes. */
export interface AllocationSlot {
  id: string;
  capacity: number;
  /** ISO start, for display and the first-come comparison only; the rules do not read it. */
  startsAt?: string;
}

/** One class of one school asking for a place, its preferred slots best first. */
export interface AllocationApplication {
  id: string;
  schoolId: string;
  districtId: string;
  classId: string;
  classSize: number;
  preferences: string[];
  /** Order of arrival, read only by the first-come-first-served comparison. */
  submittedAt?: string;
}

export interface AllocationRules {
  /** Most places one school may get in this offer (null: no cap). */
  perSchoolCap: number | null;
  /** Most places the schools of a district may get together, by district id (a district not listed: no quota). */
  districtQuotas: Record<string, number>;
  /** Schools with no place in the term so far come before schools with places, among those with none in this offer. */
  termPriority: boolean;
  /** Places each school already holds in the term (read when termPriority). */
  termPlaces: Record<string, number>;
  /** The lottery's seed: the same inputs and seed give the same result. */
  seed: number;
}

/**
 * How a school stood in a contest for a slot: nothing in this offer and (with termPriority) nothing in the
 * term so far; nothing in this offer but places earlier in the term; already a place in this offer.
 */
export const TIERS = ['no_place_yet', 'no_place_in_offer', 'has_place'] as const;
export type Tier = (typeof TIERS)[number];

/** What happened to one preference of an application; `among` counts the schools that drew lots together. */
export type PreferenceResult =
  | { code: 'got'; slotId: string; rank: number; round: number }
  | { code: 'lost_lottery'; slotId: string; rank: number; among: number; places: number; reason: Tier }
  | { code: 'lost_priority'; slotId: string; rank: number; reason: Tier; winners: Tier }
  | { code: 'slot_full'; slotId: string; rank: number }
  | { code: 'not_needed'; slotId: string; rank: number }
  | { code: 'not_reached'; slotId: string; rank: number };

/** The application's result as a code and data; pages word it (allocation.words.ts). */
export type Outcome =
  | { code: 'got'; slotId: string; rank: number; round: number }
  | { code: 'school_cap_reached'; cap: number }
  | { code: 'district_quota_reached'; districtId: string; quota: number }
  | { code: 'not_placed' }
  /** Set after the core, when the booking engine refused the slot (the engine's code in `reason`). */
  | { code: 'booking_refused'; slotId: string; reason: string };

export interface Explanation {
  applicationId: string;
  outcome: Outcome;
  preferences: PreferenceResult[];
  /** Position on the offer's waitlist (1 = next), null when placed. */
  waitlistPosition: number | null;
}

export interface Assignment {
  applicationId: string;
  slotId: string;
  rank: number;
  round: number;
}

export interface Fairness {
  applyingSchools: number;
  schoolsWithPlace: number;
  /** schoolsWithPlace / applyingSchools (0 when nobody applied). */
  shareWithPlace: number;
  /** Jain's index over each school's places per applying class: 1 = even, 1/n = one school has all (0 when no place). */
  jain: number;
  /** How many applications got their 1st, 2nd, … preference (index 0 = 1st). */
  metByRank: number[];
  unplaced: number;
}

export interface AllocationResult {
  assignments: Assignment[];
  explanations: Explanation[];
  /** Unplaced applications in the order they would be offered a freed place. */
  waitlist: string[];
  fairness: Fairness;
}
