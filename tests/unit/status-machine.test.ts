import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isActive, reopensDeclinedClaims, transition, type StatusEvent, type StatusState } from '../../src/booking/status.ts';
import { ACTIVITY_STATUSES, type ActivityStatus } from '../../src/shared/types.ts';

const now = DateTime.fromISO('2026-03-02T08:00:00Z', { zone: 'utc' });
const time = { now, hours: 72 };
const NEW_HOLD = '2026-03-05T08:00:00.000Z';
const RUNNING = '2026-03-04T00:00:00.000Z';
const LAPSED = '2026-03-01T00:00:00.000Z';

const state = (status: ActivityStatus, holdExpiresAt: string | null = status === 'requested' ? RUNNING : null): StatusState => ({ status, holdExpiresAt });
const edit = (wanted: ActivityStatus | undefined, pendingBefore: number, pendingAfter: number): StatusEvent => ({ type: 'edit', wanted, pendingBefore, pendingAfter });

/** [from, event, expected status or refusal, expected hold]; every status meets every event at least once. */
const table: [StatusState, StatusEvent, string, string | null][] = [
  // edit: ask for a status; `confirmed` waits as `requested` while another unit must approve
  [state('draft'), edit('draft', 0, 0), 'draft', null],
  [state('draft'), edit('requested', 0, 0), 'requested', NEW_HOLD],
  [state('draft'), edit('confirmed', 0, 0), 'confirmed', null],
  [state('draft'), edit('confirmed', 0, 1), 'requested', NEW_HOLD],
  [state('draft'), edit('cancelled', 0, 0), 'cancelled', null],
  [state('draft'), edit(undefined, 0, 0), 'draft', null],
  [state('requested'), edit(undefined, 1, 1), 'requested', RUNNING],
  [state('requested'), edit(undefined, 1, 0), 'confirmed', null],
  [state('requested'), edit(undefined, 0, 0), 'requested', RUNNING],
  [state('requested'), edit('confirmed', 1, 1), 'requested', RUNNING],
  [state('requested'), edit('draft', 1, 1), 'draft', null],
  [state('requested', null), edit('requested', 0, 0), 'requested', NEW_HOLD],
  [state('confirmed'), edit(undefined, 0, 1), 'requested', NEW_HOLD],
  [state('confirmed'), edit(undefined, 0, 0), 'confirmed', null],
  [state('confirmed'), edit('cancelled', 0, 0), 'cancelled', null],
  [state('confirmed'), edit('draft', 0, 0), 'draft', null],
  [state('cancelled'), edit(undefined, 0, 0), 'cancelled', null],
  [state('cancelled'), edit('confirmed', 0, 0), 'confirmed', null],
  [state('cancelled'), edit('confirmed', 0, 2), 'requested', NEW_HOLD],
  // a claim on another unit's resource puts a confirmed activity on hold
  [state('draft'), { type: 'claim_added', approval: 'pending' }, 'draft', null],
  [state('requested'), { type: 'claim_added', approval: 'pending' }, 'requested', RUNNING],
  [state('confirmed'), { type: 'claim_added', approval: 'pending' }, 'requested', NEW_HOLD],
  [state('confirmed'), { type: 'claim_added', approval: 'not_needed' }, 'confirmed', null],
  [state('cancelled'), { type: 'claim_added', approval: 'pending' }, 'cancelled', null],
  // removing the last pending claim confirms a request
  [state('draft'), { type: 'claim_removed', pendingBefore: 1, pendingAfter: 0 }, 'draft', null],
  [state('requested'), { type: 'claim_removed', pendingBefore: 1, pendingAfter: 0 }, 'confirmed', null],
  [state('requested'), { type: 'claim_removed', pendingBefore: 2, pendingAfter: 1 }, 'requested', RUNNING],
  [state('requested'), { type: 'claim_removed', pendingBefore: 0, pendingAfter: 0 }, 'requested', RUNNING],
  [state('confirmed'), { type: 'claim_removed', pendingBefore: 0, pendingAfter: 0 }, 'confirmed', null],
  [state('cancelled'), { type: 'claim_removed', pendingBefore: 1, pendingAfter: 0 }, 'cancelled', null],
  // approvals decide only on requests
  [state('draft'), { type: 'approved', pendingAfter: 0 }, 'draft', null],
  [state('requested'), { type: 'approved', pendingAfter: 0 }, 'confirmed', null],
  [state('requested'), { type: 'approved', pendingAfter: 1 }, 'requested', RUNNING],
  [state('confirmed'), { type: 'approved', pendingAfter: 0 }, 'confirmed', null],
  [state('cancelled'), { type: 'approved', pendingAfter: 0 }, 'cancelled', null],
  [state('draft'), { type: 'declined' }, 'draft', null],
  [state('requested'), { type: 'declined' }, 'draft', null],
  [state('confirmed'), { type: 'declined' }, 'confirmed', null],
  [state('cancelled'), { type: 'declined' }, 'cancelled', null],
  // a hold lapses only when it has run out
  [state('draft'), { type: 'hold_lapsed' }, 'refused:not_held', null],
  [state('requested', LAPSED), { type: 'hold_lapsed' }, 'draft', null],
  [state('requested', now.toISO()!), { type: 'hold_lapsed' }, 'draft', null],
  [state('requested', RUNNING), { type: 'hold_lapsed' }, 'refused:not_held', null],
  [state('requested', null), { type: 'hold_lapsed' }, 'refused:not_held', null],
  [state('confirmed'), { type: 'hold_lapsed' }, 'refused:not_held', null],
  [state('cancelled'), { type: 'hold_lapsed' }, 'refused:not_held', null],
  // only drafts may be deleted
  [state('draft'), { type: 'delete' }, 'draft', null],
  [state('requested'), { type: 'delete' }, 'refused:not_draft', null],
  [state('confirmed'), { type: 'delete' }, 'refused:not_draft', null],
  [state('cancelled'), { type: 'delete' }, 'refused:not_draft', null],
];

describe('activity status machine', () => {
  it.each(table)('%o + %o -> %s (hold %s)', (from, event, expected, hold) => {
    const outcome = transition(from, event, time);
    if (expected.startsWith('refused:')) {
      expect(outcome).toEqual({ ok: false, refused: expected.slice('refused:'.length) });
    } else {
      expect(outcome).toEqual({ ok: true, status: expected, holdExpiresAt: hold, changed: expected !== from.status });
    }
  });

  it('covers every (status, event type) pair', () => {
    const seen = new Set(table.map(([from, event]) => `${from.status}/${event.type}`));
    for (const status of ACTIVITY_STATUSES) {
      for (const type of ['edit', 'claim_added', 'claim_removed', 'approved', 'declined', 'hold_lapsed', 'delete']) expect(seen, `${status}/${type}`).toContain(`${status}/${type}`);
    }
  });

  it('holds resources while requested or confirmed; becoming active reopens declined claims', () => {
    expect(ACTIVITY_STATUSES.filter(isActive)).toEqual(['requested', 'confirmed']);
    expect(reopensDeclinedClaims('draft', 'requested')).toBe(true);
    expect(reopensDeclinedClaims('cancelled', 'confirmed')).toBe(true);
    expect(reopensDeclinedClaims('requested', 'confirmed')).toBe(false);
    expect(reopensDeclinedClaims('confirmed', 'cancelled')).toBe(false);
  });
});
