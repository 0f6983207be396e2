import type { DateTime } from 'luxon';
import type { ActivityKind } from '../shared/types.ts';

/**
 * Readiness of an activity that leaves the school (docs/field-visits.md), the rules alone (PURE):
 * facts in, a checklist out. Each item says whether it is met, who must act, and the figures the
 * page words in the reader's language (the server composes no sentence). Tested by a table in
 * tests/unit/readiness-rules.test.ts.
 */
export const READINESS_ITEMS = ['trip', 'adults', 'consents', 'approvals', 'transport', 'guide', 'head_count'] as const;
export type ReadinessItemKey = (typeof READINESS_ITEMS)[number];

/** Who must act: the school's organizer, the receiving unit, or guardians. */
export type ReadinessActor = 'school' | 'unit' | 'guardians';

export type ConsentState = 'pending' | 'given' | 'declined' | 'withdrawn';

export interface ReadinessPupil {
  registrationId: number;
  name: string;
  class: string | null;
  grade: number | null;
  /** Registration status: a declined or withdrawn consent cancels the registration. */
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  /** null: no consent asked (the kind needs none). */
  consent: ConsentState | null;
  excluded: boolean;
}

export interface ReadinessClaim {
  claimId: number;
  resourceKind: 'venue' | 'staff' | 'equipment';
  category: string | null;
  ownerUnitId: number;
  approval: 'not_needed' | 'pending' | 'approved' | 'declined';
}

export interface ReadinessFacts {
  kind: ActivityKind;
  activityStatus: 'draft' | 'requested' | 'confirmed' | 'cancelled';
  organizerUnitId: number;
  startsAt: DateTime;
  timeZone: string;
  /** Kinds whose pupils need a guardian's consent (CONSENT_KINDS). */
  consentRequired: boolean;
  pupils: ReadinessPupil[];
  /** Confirmed adults (teachers, staff, guardians registered to accompany). */
  adults: number;
  /** The activity's own ratio, or null for the units' rule. */
  pupilsPerAdult: number | null;
  /** The strictest rule of the units involved, for primary and for secondary pupils. */
  unitRule: { primary: number; secondary: number };
  /** The activity's audience grades (used when no pupil names a grade). */
  audienceGrades: number[];
  claims: ReadinessClaim[];
  trip: { destination: string; hasVenue: boolean; meetingPoint: string; meetingAt: string | null; contact: string; contactPhone: string; transport: string };
  headCountDays: number;
  headCount: number | null;
}

export interface ReadinessItem {
  key: ReadinessItemKey;
  ok: boolean;
  actor: ReadinessActor;
  /** Figures for the words: counts, what is missing, dates. */
  data: Record<string, number | string | string[] | null>;
}

export interface Readiness {
  ready: boolean;
  items: ReadinessItem[];
  missing: ReadinessItemKey[];
  going: number;
  adultsNeeded: number;
  pupilsPerAdult: number;
  stage: 'primary' | 'secondary';
  headCountDueAt: string;
  /** Pupils to look at: consent not given (or declined / withdrawn), with why. */
  flagged: { registrationId: number; name: string; class: string | null; reason: 'consent_pending' | 'consent_withdrawn' | 'consent_declined' }[];
}

/** What each kind asks for besides consents and adults: transport, a guide (staff claim). */
const KIND_NEEDS: Partial<Record<ActivityKind, { transport: boolean; guide: boolean }>> = {
  field_visit: { transport: true, guide: true },
  summer_camp: { transport: true, guide: false },
  research_study: { transport: false, guide: true },
};
export const needsOf = (kind: ActivityKind) => KIND_NEEDS[kind] ?? { transport: false, guide: false };

/** Primary when any pupil (or, lacking those, the audience) is in grades 1–6: the stricter ratio. */
export function stageOf(pupils: ReadinessPupil[], audienceGrades: number[]): 'primary' | 'secondary' {
  const grades = pupils.map((p) => p.grade).filter((g): g is number => g !== null);
  return (grades.length > 0 ? grades : audienceGrades).some((g) => g <= 6) ? 'primary' : 'secondary';
}

/** The moment the head count is due: N local days before the start, at the same local time. */
export const headCountDue = (startsAt: DateTime, zone: string, days: number) => startsAt.setZone(zone).minus({ days });

export function readiness(f: ReadinessFacts): Readiness {
  const going = f.pupils.filter((p) => p.status === 'confirmed' && !p.excluded);
  const stage = stageOf(going, f.audienceGrades);
  const ratio = f.pupilsPerAdult ?? f.unitRule[stage];
  const adultsNeeded = going.length === 0 ? 0 : Math.ceil(going.length / ratio);
  const needs = needsOf(f.kind);
  const lacking = going.filter((p) => f.consentRequired && p.consent !== 'given');
  const others = f.claims.filter((c) => c.approval !== 'not_needed');
  const unapproved = others.filter((c) => c.approval !== 'approved');
  const tripMissing = [
    ...(f.trip.destination || f.trip.hasVenue ? [] : ['destination']),
    ...(f.trip.meetingPoint ? [] : ['meetingPoint']),
    ...(f.trip.meetingAt ? [] : ['meetingAt']),
    ...(f.trip.contact ? [] : ['contact']),
    ...(f.trip.contactPhone ? [] : ['contactPhone']),
  ];
  const transportClaim = f.claims.some((c) => c.category === 'transport' || c.category === 'vehicle');
  const guideClaim = f.claims.some((c) => c.resourceKind === 'staff' && c.approval !== 'declined');
  const due = headCountDue(f.startsAt, f.timeZone, f.headCountDays);
  const items: ReadinessItem[] = [
    { key: 'trip', ok: tripMissing.length === 0, actor: 'school', data: { missing: tripMissing } },
    { key: 'adults', ok: f.adults >= adultsNeeded, actor: 'school', data: { adults: f.adults, needed: adultsNeeded, more: Math.max(0, adultsNeeded - f.adults), pupils: going.length, ratio, stage } },
    ...(f.consentRequired ? [{ key: 'consents' as const, ok: lacking.length === 0, actor: 'guardians' as const, data: { given: going.length - lacking.length, missing: lacking.length, pupils: going.length } }] : []),
    { key: 'approvals', ok: unapproved.length === 0 && f.activityStatus === 'confirmed', actor: 'unit', data: { pending: unapproved.length, claims: others.length, status: f.activityStatus } },
    ...(needs.transport ? [{ key: 'transport' as const, ok: f.trip.transport.trim() !== '' || transportClaim, actor: 'school' as const, data: {} }] : []),
    ...(needs.guide ? [{ key: 'guide' as const, ok: guideClaim, actor: 'school' as const, data: {} }] : []),
    {
      key: 'head_count', ok: f.headCount !== null && f.headCount === going.length, actor: 'school',
      data: { confirmed: f.headCount, current: going.length, dueAt: due.toUTC().toISO()! },
    },
  ];
  const flagged = [
    ...lacking.map((p) => ({ registrationId: p.registrationId, name: p.name, class: p.class, reason: 'consent_pending' as const })),
    ...f.pupils.filter((p) => p.consent === 'withdrawn' || p.consent === 'declined')
      .map((p) => ({ registrationId: p.registrationId, name: p.name, class: p.class, reason: p.consent === 'withdrawn' ? 'consent_withdrawn' as const : 'consent_declined' as const })),
  ];
  const missing = items.filter((i) => !i.ok).map((i) => i.key);
  return { ready: missing.length === 0, items, missing, going: going.length, adultsNeeded, pupilsPerAdult: ratio, stage, headCountDueAt: due.toUTC().toISO()!, flagged };
}

/** Whether an activity leaves the school: its kind asks for consent, or it names a destination. */
export const leavesSchool = (kind: ActivityKind, destination: string, consentKinds: readonly ActivityKind[]) =>
  consentKinds.includes(kind) || destination.trim() !== '';
