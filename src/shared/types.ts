/**
 * Glossary — the one vocabulary used in SQL, TypeScript, the API and the docs.
 *
 * unit          An organisation: the academy, an academy unit (planetarium, museum, …) or a school.
 *               Each has an IANA time zone (default Asia/Shanghai).
 * resource      Anything bookable: a `venue` or `staff` member (exclusive, quantity 1) or an
 *               `equipment` pool (quantity ≥ 1, e.g. 5 telescopes). Owned by a unit.
 * pool quantity How many identical items an equipment pool holds.
 * activity      A scheduled event of a kind (exhibition, teacher_training, …) organised by a unit,
 *               planned in an IANA zone; status draft → requested → confirmed, or cancelled.
 * occurrence    One instance of an activity; a recurring activity has one per recurrence.
 * claim         An activity's use of a resource: a quantity plus set-up and tear-down buffers in
 *               minutes that widen each occurrence's busy period for that resource.
 * registration  A participant's place at an activity; beyond capacity they join the waitlist.
 * feed          An iCal subscription reached by a secret token.
 * reminder      An email planned before an occurrence for one registration.
 */

export const UNIT_KINDS = ['academy', 'academy_unit', 'school'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const RESOURCE_KINDS = ['venue', 'staff', 'equipment'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const ACTIVITY_KINDS = [
  'exhibition',
  'teacher_training',
  'summer_camp',
  'field_visit',
  'research_study',
  'club_session',
  'talent_training',
  'science_show',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_STATUSES = ['draft', 'requested', 'confirmed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Text in both programme languages. */
export interface Localized {
  'zh-CN': string;
  en: string;
}
