import type { Pool, Queryable } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError, ConflictError, found } from '../shared/errors.ts';
import { page } from '../shared/paging.ts';
import { requireAdmin, requireUnitRead, requireUnitWrite } from '../shared/policy.ts';
import { checkedAddress, RefusedUrlError, type FetchPolicy } from '../shared/ssrf.ts';
import { audited } from '../audit/audited.ts';
import * as q from './endpoints.queries.ts';
import { newSecret } from './signing.ts';
import type { WebhookCreate, WebhookDeliveryQuery, WebhookPatch } from './webhooks.schema.ts';

/** How long the previous secret still signs after a rotation: a day for the receiver to switch. */
const ROTATION_OVERLAP_HOURS = 24;
/** Standard Webhooks receivers are servers: 100 a second, the most the column allows, is a guard, not a throttle. */
const STANDARD_PER_MINUTE = 6000;

/** Checks an endpoint URL with the SSRF guard of calendar subscriptions (src/shared/ssrf.ts): 422 url_not_allowed. */
export async function allowedUrl(url: string, policy: FetchPolicy): Promise<void> {
  try {
    await checkedAddress(new URL(url), policy);
  } catch (error) {
    if (error instanceof RefusedUrlError || error instanceof TypeError) {
      throw new AppError(422, 'url_not_allowed', 'The server does not send to this URL', { errors: [{ path: 'body.url', message: error.message }] });
    }
    throw error;
  }
}

export const presentEndpoint = (e: q.EndpointRow) => ({
  id: e.id, url: e.url, description: e.description, eventTypes: e.eventTypes, enabled: e.enabled, disabledReason: e.disabledReason, failing: e.failing,
  createdAt: e.createdAt, updatedAt: e.updatedAt,
});

/** The unit that owns an endpoint (a robot's unit or its class's unit); null for an admin's standard endpoint. */
async function ownerUnit(db: Queryable, e: q.EndpointRow): Promise<number | null> {
  if (e.unitId !== null) return e.unitId;
  return e.classId === null ? null : ((await q.selectClassUnit(db, e.classId)) ?? null);
}

/** Who may read or change an endpoint and its delivery log: admins for standard endpoints, the owning unit for robots. */
export async function requireEndpoint(db: Queryable, actor: Actor, id: number, write: boolean): Promise<q.EndpointRow> {
  const e = found(await q.selectEndpoint(db, id), 'webhook endpoint', id);
  const unit = await ownerUnit(db, e);
  if (unit === null) requireAdmin(actor);
  else if (write) requireUnitWrite(actor, unit);
  else requireUnitRead(actor, unit);
  return e;
}

/**
 * Signed webhooks for integrators (docs/webhooks.md): an admin registers endpoints and the event
 * types each receives; the secret is shown once (at creation and rotation); the delivery log shows
 * every attempt's response code; a sent or failed delivery can be replayed with the same webhook-id.
 */
export function webhooksService(pool: Pool, clock: Clock, policy: FetchPolicy) {
  const now = () => clock.now().toUTC().toISO()!;
  const standard = (e: q.EndpointRow) => {
    if (e.kind !== 'standard') throw found(undefined, 'webhook endpoint', e.id);
    return e;
  };
  return {
    async list(actor: Actor) {
      requireAdmin(actor);
      return (await q.selectEndpoints(pool, { kinds: ['standard'] })).map(presentEndpoint);
    },
    async create(actor: Actor, body: WebhookCreate) {
      requireAdmin(actor);
      await allowedUrl(body.url, policy);
      const secret = newSecret();
      const e = await audited(pool, actor, { entity: 'webhook_endpoint', action: 'create' }, async (db) => {
        const row = await q.insertEndpoint(db, { kind: 'standard', url: body.url, description: body.description ?? '', eventTypes: [...new Set(body.eventTypes)], secret, unitId: null, classId: null, perMinute: STANDARD_PER_MINUTE, now: now() });
        return { entityId: row.id, after: presentEndpoint(row) };
      });
      return { ...e!, secret };
    },
    async update(actor: Actor, id: number, body: WebhookPatch) {
      requireAdmin(actor);
      if (body.url !== undefined) await allowedUrl(body.url, policy);
      return (await audited(pool, actor, { entity: 'webhook_endpoint', action: 'update' }, async (db) => {
        const before = presentEndpoint(standard(await requireEndpoint(db, actor, id, true)));
        await q.updateEndpoint(db, id, { ...body, eventTypes: body.eventTypes && [...new Set(body.eventTypes)], now: now() });
        return { entityId: id, before, after: presentEndpoint((await q.selectEndpoint(db, id))!) };
      }))!;
    },
    async rotate(actor: Actor, id: number) {
      requireAdmin(actor);
      const secret = newSecret();
      const e = await audited(pool, actor, { entity: 'webhook_endpoint', action: 'rotate_secret' }, async (db) => {
        standard(await requireEndpoint(db, actor, id, true));
        await q.rotateSecret(db, id, secret, clock.now().plus({ hours: ROTATION_OVERLAP_HOURS }).toUTC().toISO()!, now());
        return { entityId: id, after: presentEndpoint((await q.selectEndpoint(db, id))!) };
      });
      return { ...e!, secret };
    },
    async remove(actor: Actor, id: number): Promise<void> {
      requireAdmin(actor);
      await audited(pool, actor, { entity: 'webhook_endpoint', action: 'delete' }, async (db) => {
        const before = presentEndpoint(standard(await requireEndpoint(db, actor, id, true)));
        await q.deleteEndpoint(db, id);
        return { entityId: id, before };
      });
    },
    /** An endpoint's deliveries, newest first (standard endpoints and robots alike). */
    async deliveries(actor: Actor, endpointId: number, query: WebhookDeliveryQuery) {
      await requireEndpoint(pool, actor, endpointId, false);
      return page(await q.selectDeliveryLog(pool, { endpointId, ...query }), query.limit);
    },
    async delivery(actor: Actor, id: number) {
      const d = found(await q.selectDelivery(pool, id), 'webhook delivery', id);
      await requireEndpoint(pool, actor, d.endpointId, false);
      return { ...d, attemptLog: await q.selectAttempts(pool, id) };
    },
    /** Sends a sent or failed delivery again, with the same webhook-id (the receiver may dedupe it). */
    async replay(actor: Actor, id: number): Promise<void> {
      await audited(pool, actor, { entity: 'webhook_delivery', action: 'replay' }, async (db) => {
        const d = found(await q.selectDelivery(db, id), 'webhook delivery', id);
        await requireEndpoint(db, actor, d.endpointId, true);
        if (!(await q.requeue(db, id, now()))) throw new ConflictError('not_replayable', 'Only a sent or failed delivery can be replayed');
        return { entityId: id };
      });
    },
  };
}
export type WebhooksService = ReturnType<typeof webhooksService>;
