import { DateTime } from 'luxon';
import type { SendMailOptions } from 'nodemailer';
import type { PoolClient } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { ActivityListener } from '../shared/activity-events.ts';
import { emailFamily, messageIdOf, type ComposeContext } from '../notifications/kinds.ts';
import { oneLine } from '../notifications/format.ts';
import { renderStaffMessage } from './staff.template.ts';
import * as q from './staff.emails.queries.ts';
import { activityScope, publish } from '../webhooks/events.ts';

/**
 * Staff emails about approvals (STAFF_KINDS: approval_request, approval_decision, hold_expiring),
 * registered with the outbox from here. They name a user, not a registration; read by
 * ./staff.emails.queries.ts, rendered by ./staff.template.ts, turned off per user in
 * ./email-preferences.*.
 */
export const staffEmails = emailFamily<q.StaffDetails>({
  kinds: q.STAFF_KINDS,
  words: {
    approval_request: { 'zh-CN': '审批申请', en: 'Approval request' },
    approval_decision: { 'zh-CN': '审批结果', en: 'Approval decision' },
    hold_expiring: { 'zh-CN': '保留即将到期', en: 'Hold expiring' },
  },
  read: (db, ids) => q.selectStaffDetails(db, ids),
  skip: (d, now) => skipStaffReason(d, now),
  compose: (d, now, ctx) => composeStaffMessage(d, now, ctx),
});

/** Why a leased staff email is not sent, or null to send it. PURE. */
export function skipStaffReason(d: q.StaffDetails, now: DateTime): string | null {
  if (d.userDisabled) return 'the recipient account is disabled';
  if (d.optedOut) return 'the recipient turned these emails off';
  const sameHold = d.activityStatus === 'requested' && d.holdExpiresAt !== null && d.payload.holdExpiresAt !== undefined
    && DateTime.fromISO(d.holdExpiresAt).toMillis() === DateTime.fromISO(d.payload.holdExpiresAt).toMillis();
  switch (d.kind) {
    case 'approval_request':
      return sameHold && d.claims.length > 0 ? null : 'the request was decided or withdrawn';
    case 'hold_expiring':
      if (!sameHold) return 'the request was decided or withdrawn';
      return DateTime.fromISO(d.holdExpiresAt!) <= now ? 'the hold has already lapsed' : null;
    default:
      return null;
  }
}

const both = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** The nodemailer options for a staff email; the link opens the approval (or the requester's activities) in the desk. */
export function composeStaffMessage(d: q.StaffDetails, now: DateTime, ctx: ComposeContext): SendMailOptions {
  const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
  const link = d.kind === 'approval_request' && d.claimId !== null
    ? `${ctx.publicBaseUrl}/organizer#approvals/${d.claimId}`
    : `${ctx.publicBaseUrl}/organizer#book`;
  const rendered = renderStaffMessage({
    kind: d.kind, title: both(d.titleZh, d.titleEn), startsAt: utc(d.startsAt), endsAt: utc(d.endsAt), timeZone: d.timeZone,
    allDay: d.allDay, recurring: d.recurrenceRule !== null, venue: d.venueZh !== null ? both(d.venueZh, d.venueEn ?? d.venueZh) : null,
    requester: both(d.requesterZh, d.requesterEn), contacts: d.requesterContacts,
    claims: d.claims.map((c) => ({ resource: both(c.resourceZh, c.resourceEn), owner: both(c.ownerZh, c.ownerEn), quantity: c.quantity,
      poolQuantity: c.poolQuantity, setupMinutes: c.setupMinutes, teardownMinutes: c.teardownMinutes })),
    holdExpiresAt: d.holdExpiresAt ? utc(d.holdExpiresAt) : d.payload.holdExpiresAt ? utc(d.payload.holdExpiresAt) : null,
    decision: d.payload.decision ?? null, reason: d.payload.reason ?? null, link,
  });
  return {
    from: { name: oneLine(ctx.from.name), address: ctx.from.address },
    to: { name: oneLine(d.userName), address: d.recipient },
    subject: rendered.subject, text: rendered.text, html: rendered.html,
    messageId: messageIdOf(d, ctx.publicBaseUrl), date: now.toJSDate(),
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'zh-CN, en' },
  };
}

/**
 * Reconciles staff emails with a changed activity inside its transaction: while it is requested,
 * the owner units' organizers are asked and the requester is reminded before the hold lapses;
 * once it is not, what was queued for the request is dropped.
 */
export async function reconcileStaffNotices(db: PoolClient, activityId: number, now: DateTime): Promise<void> {
  const nowIso = now.toUTC().toISO()!;
  await q.dropMootStaffNotices(db, activityId, nowIso);
  await q.enqueueApprovalRequests(db, activityId, nowIso);
  await q.enqueueHoldExpiring(db, activityId, nowIso);
}

/** The listener the composition root registers on ActivityEvents. */
export function staffListener(clock: Clock): ActivityListener {
  return (db, change) => reconcileStaffNotices(db, change.activityId, clock.now());
}

/** Called by the approvals service inside a decision's transaction: the requesting unit hears of it. */
export function decisionNotifier(clock: Clock) {
  return async (db: PoolClient, decision: q.Decision): Promise<void> => {
    const now = clock.now().toUTC().toISO()!;
    await q.enqueueDecision(db, decision, now);
    await publish(db, now, { type: 'approval.decided', data: { activityId: decision.activityId, claimId: decision.claimId, decision: decision.decision, reason: decision.reason }, scope: await activityScope(db, decision.activityId) });
  };
}
