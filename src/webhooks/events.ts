import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/pool.ts';
import { insertFanout } from './deliveries.queries.ts';
import { selectActivityFacts } from './activity.queries.ts';

/**
 * Glossary. An *event* is something that happened in Orrery that integrators and group robots may
 * hear of (`activity.changed`); an *endpoint* is a URL that chose event types; a *delivery* is one
 * event on its way to one endpoint (the webhook outbox, `webhook_deliveries`), tried until the
 * endpoint acknowledges it with a 2xx; an *attempt* is one POST, kept in the delivery log.
 */
export const WEBHOOK_EVENT_TYPES = [
  'activity.created', 'activity.changed', 'activity.cancelled',
  'registration.confirmed', 'registration.cancelled', 'registration.promoted',
  'approval.requested', 'approval.decided',
  'loan.overdue',
  'consent.given', 'consent.declined',
  'plan.accepted',
  'allocation.published',
  // Posted to group robots by the daily sweep (src/channels/); integrators may take it too.
  'visits.today',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Who an event concerns: group robots of these units and classes hear it (admin endpoints hear every event of their types). */
export interface EventScope {
  unitIds: number[];
  classIds: number[];
}

export interface WebhookEvent {
  type: WebhookEventType;
  /** The facts, as JSON: ids first, and what a group message shows (title, start, venue). */
  data: Record<string, unknown>;
  scope: EventScope;
}

/** A fresh webhook-id: `msg_` and 24 random base62-ish characters, the same for every endpoint and attempt of this event. */
export function newEventId(): string {
  return `msg_${randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 24).padEnd(24, '0')}`;
}

/**
 * Records an event inside the caller's transaction: one delivery per enabled endpoint that chose its
 * type and may hear it. Committed with the change or not at all, so an event is never lost nor told
 * of a change that rolled back. Returns how many deliveries were queued.
 */
export async function publish(db: Queryable, now: string, event: WebhookEvent): Promise<number> {
  const payload = { type: event.type, timestamp: now, data: event.data };
  return insertFanout(db, { eventId: newEventId(), type: event.type, payload, scope: event.scope, now });
}

/** The units (organizing, and owning its claimed resources) and classes an activity concerns. */
export async function activityScope(db: Queryable, activityId: number): Promise<EventScope> {
  const a = await selectActivityFacts(db, activityId);
  return a ? { unitIds: a.unitIds, classIds: a.classIds } : { unitIds: [], classIds: [] };
}
