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
 * item           One named unit of an equipment pool ("Telescope 2", a specimen) with a condition, a home
 *                location and a status; only items in service count towards the pool quantity (src/loans/).
 * loan           Items of one pool checked out to a holder (name + email) until a due date, for a claim of a
 *                booked activity or standalone; checked in item by item, overdue ones swept (src/loans/).
 *                Using another unit's resource is a claim awaiting that unit's approval, not a loan.
 * activity       A scheduled event of a kind (exhibition, teacher_training, …) organised by a unit,
 *                planned in an IANA zone; its status is decided by booking/status.ts and written only by
 *                booking/status.save.ts. The activity with its occurrences and claims is one aggregate,
 *                written only by booking's commands (booking/commands.ts); other features read it from booking/.
 * occurrence     One instance of an activity; a one-off has one, a series one per recurrence.
 * series         An activity with an RRULE; its occurrences are expanded and stored.
 * split          "This and following": a series cut at an occurrence into two activities (POST
 *                /activities/{id}/split); claims, classes, occurrences and registrations follow the new part.
 * exception      An occurrence of a series moved or cancelled on its own (EXDATE / RECURRENCE-ID in iCal).
 * claim          An activity's use of a resource: a quantity plus set-up and tear-down buffers in
 *                minutes that widen each occurrence's busy period for that resource.
 * booking        One claim × one scheduled occurrence: the busy period it occupies (table `bookings`,
 *                derived by triggers; active while the activity is requested or confirmed).
 * hold           A requested activity keeps its bookings for HOLD_EXPIRY_HOURS while approvals are pending;
 *                when it lapses the activity falls back to draft.
 * approval       The owner unit's decision on a claim of its resource: not_needed, pending, approved, declined
 *                (a claim on another unit's resource is pending: booking/claims.rules.ts approvalFor;
 *                POST /activities/{id}/claims/{claimId}/approve; the queue is GET /approvals).
 * calendar entry A term, holiday, make-up workday, exam week, closure or maintenance of a unit or
 *                resource; the blocking kinds refuse bookings unless an admin overrides.
 * class          Who an activity is for and who cannot be in two places at once: a school class (grade ×
 *                number, with a size), a teacher group or a club, with its own calendar entries (exam weeks,
 *                free afternoons); table `classes`, activities name theirs (PUT /activities/{id}/classes) and
 *                `class_bookings` keeps a class in one place at a time (src/classes/). A registration's
 *                `class` (column `class_name`) is free text the registrant typed, not a reference to one.
 * commitment     What the agreement promises for a term: a kind of activity, for which classes or groups, how
 *                many times, how long, with which resources, in which windows, how far apart, plus weighted
 *                preferences (table `commitments`, /commitments; src/commitments/).
 * plan           The term planner's proposal for a term's commitments (POST /plans, computed in the
 *                background; pin, replan, accept); accepting books each item through the booking engine as
 *                an activity. Nothing is booked before that (src/planner/).
 * programme      The published occurrences in a window (GET /programme, the programme page and feeds).
 * registration   A participant's place at an activity; beyond capacity they join the waitlist.
 * waitlist       Registrations beyond capacity (per occurrence when registration is per occurrence),
 *                promoted first come first served when places free up.
 * attendance     Whether a registered participant came to an occurrence: present, late or absent, marked on the
 *                organizer's list or by scanning the participant's signed check-in code (src/attendance/).
 * consent        A guardian's permission for a minor's registration to an activity of a kind in CONSENT_KINDS:
 *                pending → given | declined, given → withdrawn; a decline or withdrawal cancels the
 *                registration (src/consent/).
 * certificate    A teacher's proof of attended training hours (sessions attended × the activity's credit hours),
 *                a bilingual PDF with a public verification page; never edited, superseded and reissued when
 *                attendance or hours change (src/certificates/).
 * feed           An iCalendar (RFC 5545) subscription reached by a secret token (/feeds; rotate to change
 *                it); "iCal" always means this format, "calendar" alone means calendar entries.
 * reminder       An email planned before an occurrence for one registration, by the activity kind's reminder
 *                rules (7d, 1d, 2h …) outside quiet hours; a delivery once planned (src/registrations/reminders.ts).
 * delivery       One email in the outbox (invitation, change notice, reminder, …); workers lease due
 *                deliveries and send them at least once, deduplicated by key. Its kind is registered by the
 *                feature that causes it (`<feature>/*.emails.ts`); the outbox is src/notifications/.
 * retention      How long personal data is kept for its purpose: a registration's name and addresses are
 *                anonymised PERSONAL_DATA_RETENTION_DAYS after its activity ended (src/privacy, docs/privacy.md).
 * erasure        Carrying out a person's removal: anonymisation of their rows, counts kept (the same
 *                statements as retention; a family's own request is not built yet).
 * readiness      The checklist of an activity that leaves the school (a kind in CONSENT_KINDS or a destination):
 *                trip details, accompanying adults against a ratio, consents, approvals, transport, guide and
 *                the final head count, each with who must act; computed from data, marked ready by the school's
 *                organizer only when complete (src/readiness/, docs/field-visits.md).
 * roster         The pupils and adults of one visit with their flags (consent missing, declined, withdrawn;
 *                excluded by the organizer): what the organizer checks on the day.
 * offer          A unit's places for a term that schools apply for: a kind, a title, grades, class size limits,
 *                the resources each slot claims, a set of slots (each for a number of classes), an application
 *                window and the allocation rules (src/allocation/, docs/allocation.md).
 * application    A school organizer's request for one class in one offer, with ranked preferred slots and the
 *                class size; one per class per offer, editable until the window closes.
 * allocation     Sharing an offer's slots among the applications by its rules (per-school cap, district quotas,
 *                schools with no place first, preference rank, a seeded lottery for ties); each decision is
 *                explained as a code with data; the unplaced wait on the offer's waitlist.
 * head count     The number of pupils going (registered, not excluded), confirmed by the school's organizer
 *                headCountDays (default 7) before the start; registrations close then except through the organizer.
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
