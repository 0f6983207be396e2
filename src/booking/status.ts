import type { DateTime } from 'luxon';
import type { ActivityStatus } from '../shared/types.ts';

/**
 * The activity status machine: PURE (no database, no clock of its own). Every service that changes an
 * activity's status or hold asks `transition` and writes what it answers.
 *
 *   draft ──edit(requested|confirmed)──▶ requested ──last pending claim approved──▶ confirmed
 *     ▲                                     │  │                                       │
 *     └──────── declined / hold lapsed ─────┘  └──── claim on another unit's resource ◀┘
 *   any ──edit(cancelled)──▶ cancelled;  only a draft may be deleted.
 *
 * `confirmed` is never reached while a claim waits for another unit's approval: asking for it gives
 * `requested`, which holds the claimed resources for HOLD_EXPIRY_HOURS from the moment it was entered.
 */
export type ClaimApproval = 'not_needed' | 'pending' | 'approved' | 'declined';

export interface StatusState {
  status: ActivityStatus;
  holdExpiresAt: string | null;
}

export type StatusEvent =
  /** Create or update; `wanted` is the status asked for (absent: keep it); pending counts are after the change. */
  | { type: 'edit'; wanted?: ActivityStatus | undefined; pendingBefore: number; pendingAfter: number }
  | { type: 'claim_added'; approval: ClaimApproval }
  | { type: 'claim_removed'; pendingBefore: number; pendingAfter: number }
  | { type: 'approved'; pendingAfter: number }
  | { type: 'declined' }
  | { type: 'hold_lapsed' }
  | { type: 'delete' };

export type Refusal = 'not_draft' | 'not_held';

export type Outcome = { ok: true; status: ActivityStatus; holdExpiresAt: string | null; changed: boolean } | { ok: false; refused: Refusal };

/** When the hold starts and how long it lasts (HOLD_EXPIRY_HOURS). */
export interface HoldTime {
  now: DateTime;
  hours: number;
}

/** Requested and confirmed activities hold their resources (the bookings table counts them). */
export const isActive = (status: string): boolean => status === 'requested' || status === 'confirmed';

/** Becoming active again asks the owners anew: declined claims return to pending first. */
export const reopensDeclinedClaims = (from: string, wanted: string): boolean => isActive(wanted) && !isActive(from);

/** Asking for `confirmed` while approvals are pending gives `requested`: the claims hold meanwhile. */
function effective(wanted: ActivityStatus, pending: number): ActivityStatus {
  return wanted === 'confirmed' && pending > 0 ? 'requested' : wanted;
}

/**
 * A requested activity whose last pending approval went away has nothing left to wait for: it is
 * confirmed. A request that never waited on another unit (a hold on the organizer's own resources) stays.
 */
function settled(status: ActivityStatus, pendingBefore: number, pendingAfter: number): ActivityStatus {
  return status === 'requested' && pendingBefore > 0 && pendingAfter === 0 ? 'confirmed' : status;
}

/** A hold lasts `hours` from the moment the activity became requested; other statuses hold nothing. */
function holdFor(status: ActivityStatus, from: StatusState, time: HoldTime): string | null {
  if (status !== 'requested') return null;
  if (from.status === 'requested' && from.holdExpiresAt) return from.holdExpiresAt;
  return time.now.toUTC().plus({ hours: time.hours }).toISO()!;
}

function nextStatus(from: StatusState, event: StatusEvent, time: HoldTime): ActivityStatus | Refusal {
  switch (event.type) {
    case 'edit':
      return effective(event.wanted ?? settled(from.status, event.pendingBefore, event.pendingAfter), event.pendingAfter);
    case 'claim_added':
      return event.approval === 'pending' && from.status === 'confirmed' ? 'requested' : from.status;
    case 'claim_removed':
      return settled(from.status, event.pendingBefore, event.pendingAfter);
    case 'approved':
      return from.status === 'requested' && event.pendingAfter === 0 ? 'confirmed' : from.status;
    case 'declined':
      return from.status === 'requested' ? 'draft' : from.status;
    case 'hold_lapsed': {
      const lapsed = from.status === 'requested' && from.holdExpiresAt !== null && Date.parse(from.holdExpiresAt) <= time.now.toMillis();
      return lapsed ? 'draft' : 'not_held';
    }
    case 'delete':
      return from.status === 'draft' ? 'draft' : 'not_draft';
  }
}

export function transition(from: StatusState, event: StatusEvent, time: HoldTime): Outcome {
  const status = nextStatus(from, event, time);
  if (status === 'not_draft' || status === 'not_held') return { ok: false, refused: status };
  return { ok: true, status, holdExpiresAt: holdFor(status, from, time), changed: status !== from.status };
}

/** The outcome of an event that cannot be refused (everything but `delete` and `hold_lapsed`). */
export function settle(from: StatusState, event: Exclude<StatusEvent, { type: 'delete' } | { type: 'hold_lapsed' }>, time: HoldTime): Extract<Outcome, { ok: true }> {
  const outcome = transition(from, event, time);
  if (!outcome.ok) throw new Error(`unexpected refusal ${outcome.refused} of ${event.type}`);
  return outcome;
}
