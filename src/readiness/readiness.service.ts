import { DateTime } from 'luxon';
import { withTransaction, type Pool, type PoolClient, type Queryable } from '../db/pool.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { requireUnitWrite, signedIn } from '../shared/policy.ts';
import type { ActivityKind } from '../shared/types.ts';
import { insertPreparedStaffDelivery } from '../notifications/outbox.queries.ts';
import type { RegistrationHooks } from '../registrations/registrations.service.ts';
import * as q from './readiness.queries.ts';
import { leavesSchool, readiness, type Readiness } from './readiness.rules.ts';
import { renderReadinessEmail } from './readiness.template.ts';

export interface ReadinessDeps {
  pool: Pool;
  clock: Clock;
  consentKinds: readonly ActivityKind[];
  publicBaseUrl: string;
}

export interface ReadinessView extends Readiness {
  activityId: number;
  title: { 'zh-CN': string; en: string };
  startsAt: string;
  timeZone: string;
  organizerUnitId: number;
  readyAt: string | null;
  brokenAt: string | null;
  headCountConfirmedAt: string | null;
}

/**
 * Readiness of activities that leave the school (docs/field-visits.md): computed from stored data
 * by readiness.rules.ts on every read; the organizer's marks (ready, head count, exclusions) are the
 * only state it keeps. The sweep (readiness.sweep.ts) emails the day before and when a mark breaks.
 */
export function readinessService(deps: ReadinessDeps) {
  const { pool, clock } = deps;

  async function compute(db: Queryable, row: q.ReadinessActivityRow): Promise<ReadinessView> {
    // One after another: `db` may be a transaction's client, which runs one query at a time.
    const pupils = await q.selectReadinessPupils(db, row.id);
    const adults = await q.countAdults(db, row.id);
    const claims = await q.selectReadinessClaims(db, row.id);
    const result = readiness({
      kind: row.kind, activityStatus: row.status, organizerUnitId: row.organizerUnitId,
      startsAt: DateTime.fromISO(row.startsAt, { zone: 'utc' }), timeZone: row.timeZone,
      consentRequired: deps.consentKinds.includes(row.kind), pupils, adults, pupilsPerAdult: row.pupilsPerAdult,
      unitRule: { primary: row.rulePrimary, secondary: row.ruleSecondary }, audienceGrades: row.audienceGrades, claims,
      trip: { destination: row.destination, hasVenue: row.hasVenue, meetingPoint: row.meetingPoint, meetingAt: row.meetingAt, contact: row.contact, contactPhone: row.contactPhone, transport: row.transport },
      headCountDays: row.headCountDays, headCount: row.headCount,
    });
    return {
      activityId: row.id, title: { 'zh-CN': row.titleZh, en: row.titleEn }, startsAt: row.startsAt, timeZone: row.timeZone, organizerUnitId: row.organizerUnitId,
      readyAt: row.readyAt, brokenAt: row.readinessBrokenAt, headCountConfirmedAt: row.headCountConfirmedAt, ...result,
    };
  }

  /** The activity, if it leaves the school; 403 unless the caller is of the organizer unit or a receiving unit. */
  async function load(db: Queryable, actor: Actor, id: number, forUpdate = false): Promise<q.ReadinessActivityRow> {
    const row = await q.selectReadinessActivity(db, id, forUpdate);
    if (!row) throw new NotFoundError('activity', id);
    const p = signedIn(actor);
    if (p.role !== 'admin' && p.unitId !== row.organizerUnitId && !(p.unitId !== null && (await q.selectHostUnits(db, id)).includes(p.unitId))) {
      throw new ForbiddenError('This belongs to another unit');
    }
    if (!leavesSchool(row.kind, row.destination, deps.consentKinds)) {
      throw new ConflictError('not_leaving_school', 'This activity does not leave the school: it has no readiness checklist');
    }
    return row;
  }

  /** One transaction per command, under the activity's row lock (the order registrations use). */
  async function command(actor: Actor, id: number, work: (db: PoolClient, row: q.ReadinessActivityRow, now: string) => Promise<void>): Promise<ReadinessView> {
    return withTransaction(pool, async (db) => {
      const row = await load(db, actor, id, true);
      requireUnitWrite(actor, row.organizerUnitId);
      await work(db, row, clock.now().toUTC().toISO()!);
      return compute(db, (await q.selectReadinessActivity(db, id))!);
    });
  }

  /** After the head count is confirmed, only the organizer registers or adds people (docs/field-visits.md). */
  const hooks: RegistrationHooks = {
    async registered(db, { activity, actor }) {
      const row = await q.selectReadinessActivity(db, activity.id);
      if (!row?.headCountConfirmedAt) return;
      const p = actor?.principal;
      const organizer = actor?.system || (p && (p.role === 'admin' || (p.role === 'organizer' && p.unitId === row.organizerUnitId)));
      if (!organizer) throw new ConflictError('head_count_confirmed', 'The final head count is confirmed: registrations are closed; ask the organizer');
    },
  };

  return {
    hooks,
    compute,

    async get(actor: Actor, id: number): Promise<ReadinessView> {
      return compute(pool, await load(pool, actor, id));
    },

    /** Refused with the missing items while the checklist is incomplete. */
    async markReady(actor: Actor, id: number): Promise<ReadinessView> {
      return command(actor, id, async (db, row, now) => {
        const view = await compute(db, row);
        if (!view.ready) throw new ConflictError('not_ready', `Not ready: ${view.missing.join(', ')}`, { missing: view.missing, items: view.items.filter((i) => !i.ok) });
        await q.markReady(db, id, actor.label, now);
        await insertAudit(db, actor, { action: 'update', entity: 'activity', entityId: id, before: { readyAt: row.readyAt }, after: { readyAt: now } });
      });
    },

    /** Takes the ready mark off; a visit not marked ready answers 409 `not_marked_ready` and nothing changes. */
    async unmarkReady(actor: Actor, id: number): Promise<ReadinessView> {
      return command(actor, id, async (db, row) => {
        if (!(await q.unmarkReady(db, id))) throw new ConflictError('not_marked_ready', 'This visit is not marked ready');
        await insertAudit(db, actor, { action: 'update', entity: 'activity', entityId: id, before: { readyAt: row.readyAt }, after: { readyAt: null } });
      });
    },

    /** The school's organizer confirms the final head count: it must be the number going now. */
    async confirmHeadCount(actor: Actor, id: number, headCount: number): Promise<ReadinessView> {
      return command(actor, id, async (db, row, now) => {
        const view = await compute(db, row);
        if (headCount !== view.going) {
          throw new ConflictError('head_count_mismatch', `${view.going} pupils are going, not ${headCount}`, { going: view.going });
        }
        await q.confirmHeadCount(db, id, headCount, actor.label, now);
        await insertAudit(db, actor, { action: 'update', entity: 'activity', entityId: id, before: { headCount: row.headCount }, after: { headCount } });
      });
    },

    /** Takes a pupil off the visit (no consent needed, not counted), or back on. */
    async exclude(actor: Actor, id: number, registrationId: number, excluded: boolean): Promise<ReadinessView> {
      return command(actor, id, async (db, _row, now) => {
        if (!(await q.setExcluded(db, id, registrationId, excluded, actor.label, now))) {
          throw new ConflictError('not_a_pupil', 'Only a pupil registered for this activity can be excluded or included', { registrationId });
        }
        await insertAudit(db, actor, { action: 'update', entity: 'registration', entityId: registrationId, after: { excluded } });
      });
    },

    /** Visits the caller's unit organizes or receives, starting in the next `days` days, not ready first. */
    async list(actor: Actor, query: { unitId?: number | undefined; days: number; notReady?: boolean | undefined }): Promise<{ items: ReadinessView[] }> {
      const p = signedIn(actor);
      const unitId = p.role === 'admin' ? query.unitId ?? null : p.unitId;
      if (unitId === null && p.role !== 'admin') return { items: [] };
      const now = clock.now().toUTC();
      const ids = await q.selectVisitIds(pool, deps.consentKinds, now.toISO()!, now.plus({ days: query.days }).toISO()!, unitId);
      const items: ReadinessView[] = [];
      for (const id of ids) {
        const view = await compute(pool, (await q.selectReadinessActivity(pool, id))!);
        if (!query.notReady || !view.ready) items.push(view);
      }
      return { items: items.sort((a, b) => Number(a.ready) - Number(b.ready) || a.startsAt.localeCompare(b.startsAt)) };
    },

    /**
     * One round of the sweep: the day-before email for visits leaving within 24 hours that are not
     * ready, and the notice for visits marked ready that no longer are. Idempotent (dedupe keys).
     */
    async sweep(): Promise<{ missing: number[]; broken: number[] }> {
      const now = clock.now().toUTC();
      const result = { missing: [] as number[], broken: [] as number[] };
      for (const id of await q.selectVisitIds(pool, deps.consentKinds, now.toISO()!, now.plus({ hours: 24 }).toISO()!, null)) {
        const row = (await q.selectReadinessActivity(pool, id))!;
        const view = await compute(pool, row);
        if (!view.ready && await notify(pool, row, view, 'readiness_missing', `readiness_missing:${id}:${row.startsAt}`, now)) result.missing.push(id);
      }
      for (const id of await q.selectReadyVisitIds(pool, now.toISO()!)) {
        await withTransaction(pool, async (db) => {
          const row = (await q.selectReadinessActivity(db, id, true))!;
          const view = await compute(db, row);
          if (view.ready || !(await q.markBroken(db, id, now.toISO()!))) return;
          await notify(db, row, view, 'readiness_broken', `readiness_broken:${id}:${now.toISO()}`, now);
          result.broken.push(id);
        });
      }
      return result;
    },
  };

  /** One email per organizer of the school and of each receiving unit; true when any was queued. */
  async function notify(db: Queryable, row: q.ReadinessActivityRow, view: ReadinessView, kind: 'readiness_missing' | 'readiness_broken', key: string, now: DateTime): Promise<boolean> {
    const units = [row.organizerUnitId, ...(await q.selectHostUnits(db, row.id))];
    const message = renderReadinessEmail({
      kind, title: view.title, startsAt: DateTime.fromISO(row.startsAt, { zone: 'utc' }), timeZone: row.timeZone, readiness: view,
      deskUrl: `${deps.publicBaseUrl}/organizer#readiness/${row.id}`,
    });
    let queued = false;
    for (const o of await q.selectOrganizers(db, units)) {
      queued = await insertPreparedStaffDelivery(db, {
        dedupeKey: `${key}:${o.userId}`, kind, userId: o.userId, activityId: row.id, recipient: o.email,
        subject: message.subject, text: message.text, html: message.html, contentLanguage: message.contentLanguage, availableAt: now.toISO()!,
      }) || queued;
    }
    return queued;
  }
}
export type ReadinessService = ReturnType<typeof readinessService>;
