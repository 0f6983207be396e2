import type { ActivityKind } from '../shared/types.ts';
import type { ConsentStatus } from './consent.queries.ts';

/**
 * Guardian consent, the rules alone (PURE): who needs it, and what an answer does. Tested by a
 * table of every transition (tests/unit/consent-rules.test.ts).
 */
export function needsConsent(kinds: readonly ActivityKind[], kind: ActivityKind, role: string): boolean {
  return role === 'student' && kinds.includes(kind);
}

export type ConsentAnswer = 'give' | 'decline';

export type AnswerOutcome =
  | { ok: true; next: ConsentStatus; changed: boolean; freesPlace: boolean }
  | { ok: false; code: 'consent_closed' | 'consent_too_late'; message: string };

/**
 * pending → given | declined; given → withdrawn (a decline after consenting). Declined and
 * withdrawn are final for this registration (it is cancelled; registering again asks anew).
 * Repeating an answer changes nothing, so a place is freed exactly once. Nothing changes once
 * the registration's day has begun.
 */
export function answer(status: ConsentStatus, wanted: ConsentAnswer, begun: boolean): AnswerOutcome {
  const same = (status === 'given' && wanted === 'give') || ((status === 'declined' || status === 'withdrawn') && wanted === 'decline');
  if (same) return { ok: true, next: status, changed: false, freesPlace: false };
  if (status === 'declined' || status === 'withdrawn') {
    return { ok: false, code: 'consent_closed', message: 'Consent was declined or withdrawn and the place released; the pupil may register again' };
  }
  if (begun) return { ok: false, code: 'consent_too_late', message: 'The activity has begun: consent can no longer be changed here; call the contact' };
  if (wanted === 'give') return { ok: true, next: 'given', changed: true, freesPlace: false };
  return { ok: true, next: status === 'given' ? 'withdrawn' : 'declined', changed: true, freesPlace: true };
}
