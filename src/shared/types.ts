/**
 * Glossary — the one vocabulary used in SQL, TypeScript, the API and the docs.
 *
 * unit           An organisation: the academy, an academy unit (planetarium, museum, …) or a school.
 *                Each has an IANA time zone (default Asia/Shanghai).
 * venue          A resource of kind `venue` (a hall, a classroom, the deer park): where an activity
 *                takes place. An activity's venue is one of its claims (`venueId` names it).
 * resource       Anything bookable: a `venue` or `staff` member (exclusive, quantity 1) or an
 *                `equipment` pool (quantity ≥ 1, e.g. 5 telescopes). Owned by a unit.
 * pool quantity  How many identical items an equipment pool holds; claims never exceed it at any moment.
 * item           One of the identical things in a pool (one telescope); items are counted, not named.
 * loan           A claim on another unit's resource (the school borrowing the planetarium's telescopes);
 *                it needs that unit's approval.
 * activity       A scheduled event of a kind (exhibition, teacher_training, …) organised by a unit,
 *                planned in an IANA zone; its status is decided by booking/status.ts.
 * occurrence     One instance of an activity; a one-off has one, a series one per recurrence.
 * series         An activity with an RRULE; its occurrences are expanded and stored.
 * exception      An occurrence of a series moved or cancelled on its own (EXDATE / RECURRENCE-ID in iCal).
 * claim          An activity's use of a resource: a quantity plus set-up and tear-down buffers in
 *                minutes that widen each occurrence's busy period for that resource.
 * booking        One claim × one scheduled occurrence: the busy period it occupies (table `bookings`,
 *                derived by triggers; active while the activity is requested or confirmed).
 * hold           A requested activity keeps its bookings for HOLD_EXPIRY_HOURS while approvals are pending;
 *                when it lapses the activity falls back to draft.
 * approval       The owner unit's decision on a claim of its resource: not_needed, pending, approved, declined.
 * calendar entry A term, holiday, make-up workday, exam week, closure or maintenance of a unit or
 *                resource; the blocking kinds refuse bookings unless an admin overrides.
 * class          A school class (grade + name); a registration may name it (`class_name`).
 * plan           A set of slots the scheduling solver proposes for activities that need resources and
 *                people at once (POST /schedule); nothing is booked until an activity is created from it.
 * programme      The published occurrences in a window (GET /programme, the programme page and feeds).
 * registration   A participant's place at an activity; beyond capacity they join the waitlist.
 * waitlist       Registrations beyond capacity, promoted first come first served when places free up.
 * feed           An iCalendar (RFC 5545) subscription reached by a secret token; "iCal" always means
 *                this format, "calendar" alone means calendar entries.
 * reminder       An email planned before an occurrence for one registration.
 * delivery       One email in the outbox (invitation, change notice, reminder, …); workers lease due
 *                deliveries and send them at least once, deduplicated by key.
 *
 * Words reserved for what the agreement describes and Orrery does not store yet:
 * commitment     What a unit promises the cooperation for a term (activities, places, loans).
 * attendance     Whether a registered participant came to an occurrence.
 * consent        A guardian's permission for a minor's registration (and for photos).
 * certificate    A participant's proof of attended hours (teacher training, talent training).
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
