import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError, found, ValidationError } from '../shared/errors.ts';
import { requireUnitRead, requireUnitWrite } from '../shared/policy.ts';
import { CALENDAR_FILE_MAX_BYTES, withinLimit } from '../shared/uploads.ts';
import { audited } from '../audit/audited.ts';
import { selectResource } from '../resources/resources.queries.ts';
import { selectClass } from '../classes/classes.queries.ts';
import { busyPeriods } from './busy.ts';
import { checkedAddress, fetchCalendar, RefusedUrlError, type FetchPolicy } from './subscriptions.fetch.ts';
import * as q from './subscriptions.queries.ts';
import type { Subscription, SubscriptionCreate, SubscriptionListQuery } from './subscriptions.schema.ts';

/** Busy time is kept from a day ago to this far ahead: a school year and a term's planning. */
const HORIZON_DAYS = 400;
/** A timetable is small; anything larger is not one (and would hold the connection). The same limit as an uploaded file. */
const MAX_BYTES = CALENDAR_FILE_MAX_BYTES;
/** A calendar server that does not answer in this long is tried again at the next refresh. */
const FETCH_TIMEOUT_MS = 10_000;

const present = (s: q.SubscriptionRow): Subscription => ({
  id: s.id, resourceId: s.resourceId, classId: s.classId, name: s.name, url: s.url, fetchedAt: s.fetchedAt, lastError: s.lastError, busyCount: s.busyCount, createdAt: s.createdAt,
});

/** The owner's unit, after checking it exists and may have busy time (venues, staff and classes). */
async function ownerUnit(pool: Pool, owner: { resourceId?: number | undefined; classId?: number | undefined }): Promise<number> {
  if (owner.classId !== undefined) {
    const cls = await selectClass(pool, owner.classId);
    if (!cls) throw new ValidationError('Unknown class', [{ path: 'body.classId', message: `class ${owner.classId} does not exist` }]);
    return cls.unitId;
  }
  const resource = await selectResource(pool, owner.resourceId!);
  if (!resource) throw new ValidationError('Unknown resource', [{ path: 'body.resourceId', message: `resource ${owner.resourceId} does not exist` }]);
  if (resource.kind === 'equipment') throw new ValidationError('Not a venue or staff member', [{ path: 'body.resourceId', message: 'busy time is for venues and staff, not pools' }]);
  return resource.unitId;
}

/**
 * External calendars as busy time of a venue, staff member or class (docs/imports.md#external-calendars):
 * a URL is fetched now and then by `refreshCalendarSubscriptions`, conditionally (ETag /
 * Last-Modified, so an unchanged calendar costs a 304); an uploaded file is read once. URLs are
 * fetched through the SSRF guard of `subscriptions.fetch.ts` (`policy.allowPrivate` relaxes it).
 */
export function subscriptionsService(pool: Pool, clock: Clock, policy: FetchPolicy = { allowPrivate: false }) {
  const store = (s: q.SubscriptionRow, text: string, headers: { etag?: string | null; lastModified?: string | null }) => {
    const now = clock.now();
    const periods = busyPeriods(text, now.minus({ days: 1 }), now.plus({ days: HORIZON_DAYS }), s.timeZone);
    return withTransaction(pool, async (db) => {
      await q.replaceBusy(db, s, periods);
      await q.recordFetch(db, s.id, { fetchedAt: now.toUTC().toISO()!, error: null, busyCount: periods.length, ...headers });
    });
  };

  async function refreshOne(s: q.SubscriptionRow): Promise<'changed' | 'unchanged' | 'failed'> {
    const fetchedAt = clock.now().toUTC().toISO()!;
    try {
      const headers: Record<string, string> = { accept: 'text/calendar' };
      if (s.etag) headers['if-none-match'] = s.etag;
      if (s.lastModified) headers['if-modified-since'] = s.lastModified;
      const res = await fetchCalendar(s.url!, headers, { ...policy, timeoutMs: FETCH_TIMEOUT_MS, maxBytes: MAX_BYTES });
      if (res.status === 304) {
        await q.recordFetch(pool, s.id, { fetchedAt, error: null });
        return 'unchanged';
      }
      if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status}`);
      await store(s, res.text, { etag: res.etag, lastModified: res.lastModified });
      return 'changed';
    } catch (error) {
      await q.recordFetch(pool, s.id, { fetchedAt, error: (error as Error).message.slice(0, 500) });
      return 'failed';
    }
  }

  async function writable(actor: Actor, id: number): Promise<q.SubscriptionRow> {
    const s = found(await q.selectSubscription(pool, id), 'calendar subscription', id);
    requireUnitWrite(actor, s.unitId);
    return s;
  }

  return {
    refreshOne,

    async create(actor: Actor, input: SubscriptionCreate): Promise<Subscription> {
      requireUnitWrite(actor, await ownerUnit(pool, input));
      // Only the size: busy time keeps no text of the file (not even its titles), so no encoding check.
      if (input.ics !== undefined) withinLimit(input.ics, CALENDAR_FILE_MAX_BYTES);
      if (input.url !== undefined) {
        try {
          await checkedAddress(new URL(input.url), policy);
        } catch (error) {
          if (!(error instanceof RefusedUrlError)) throw error;
          throw new AppError(422, 'url_not_allowed', 'The server does not fetch this URL', { errors: [{ path: 'body.url', message: error.message }] });
        }
      }
      const id = (await audited(pool, actor, { entity: 'calendar_subscription', action: 'create' }, async (db) => {
        const created = await q.insertSubscription(db, { resourceId: input.resourceId ?? null, classId: input.classId ?? null, name: input.name, url: input.url ?? null });
        return { entityId: created, after: created };
      }))!;
      const s = (await q.selectSubscription(pool, id))!;
      if (input.ics !== undefined) {
        try {
          await store(s, input.ics, {});
        } catch (error) {
          await q.deleteSubscription(pool, id);
          throw new ValidationError('Not an iCalendar file', [{ path: 'body.ics', message: (error as Error).message.slice(0, 200) }]);
        }
      } else await refreshOne(s);
      return present((await q.selectSubscription(pool, id))!);
    },

    async list(actor: Actor, query: SubscriptionListQuery): Promise<Subscription[]> {
      const unitId = query.classId !== undefined
        ? found(await selectClass(pool, query.classId), 'class', query.classId).unitId
        : found(await selectResource(pool, query.resourceId!), 'resource', query.resourceId!).unitId;
      requireUnitRead(actor, unitId);
      return (await q.selectSubscriptionsOf(pool, { resourceId: query.resourceId ?? null, classId: query.classId ?? null })).map(present);
    },

    async refresh(actor: Actor, id: number): Promise<Subscription> {
      const s = await writable(actor, id);
      if (s.url !== null) await refreshOne(s);
      return present((await q.selectSubscription(pool, id))!);
    },

    async remove(actor: Actor, id: number): Promise<void> {
      await writable(actor, id);
      await audited(pool, actor, { entity: 'calendar_subscription', action: 'delete' }, async (db) => {
        await q.deleteSubscription(db, id);
        return { entityId: id };
      });
    },
  };
}

export type SubscriptionsService = ReturnType<typeof subscriptionsService>;

/**
 * One refresh round: every URL subscription not fetched for `maxAgeMinutes`, one after another (a
 * few dozen timetables; each costs a 304 when unchanged). Wired like the hold sweeper (main.ts).
 */
export async function refreshCalendarSubscriptions(pool: Pool, clock: Clock, policy: FetchPolicy, maxAgeMinutes = 60, limit = 100): Promise<{ changed: number; unchanged: number; failed: number }> {
  const service = subscriptionsService(pool, clock, policy);
  const due = await q.selectDueSubscriptions(pool, clock.now().minus({ minutes: maxAgeMinutes }).toUTC().toISO()!, limit);
  const counts = { changed: 0, unchanged: 0, failed: 0 };
  for (const s of due) counts[await service.refreshOne(s)]++;
  return counts;
}
