import type { Pool, PoolClient } from '../db/pool.ts';
import type { Actor } from '../audit/audit.queries.ts';
import { audited, found } from '../audit/audited.ts';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import { toDateTime } from '../http/schemas.ts';
import { selectUnit } from '../units/units.queries.ts';
import * as q from './activities.queries.ts';
import { decodeCursor, encodeCursor, presentActivity } from './activities.present.ts';
import type { Activity, ActivityCreate, ActivityListQuery, ActivityUpdate, Claim, ClaimInput, ClaimUpdate } from './activities.schema.ts';
import { checkClaims } from './claims.rules.ts';
import { ActivityEvents } from './activities.events.ts';

const entity = 'activity';

/** Changes that matter to an attendee raise the iCalendar SEQUENCE (shared by feeds and invitations). */
function attendeeRelevantChange(before: q.ActivityRow, after: q.ActivityValues): boolean {
  return (
    toDateTime(before.startsAt).toMillis() !== toDateTime(after.startsAt).toMillis() ||
    toDateTime(before.endsAt).toMillis() !== toDateTime(after.endsAt).toMillis() ||
    before.timeZone !== after.timeZone ||
    before.allDay !== after.allDay ||
    before.venueId !== after.venueId ||
    before.status !== after.status
  );
}

function merge(before: q.ActivityRow, patch: ActivityUpdate): q.ActivityValues {
  const values: q.ActivityValues = {
    kind: patch.kind ?? before.kind,
    titleZh: patch.title?.['zh-CN'] ?? before.title['zh-CN'],
    titleEn: patch.title?.en ?? before.title.en,
    descriptionZh: patch.description?.['zh-CN'] ?? before.description['zh-CN'],
    descriptionEn: patch.description?.en ?? before.description.en,
    organizerUnitId: before.organizerUnitId,
    venueId: patch.venueId === undefined ? before.venueId : patch.venueId,
    startsAt: patch.startsAt ?? before.startsAt,
    endsAt: patch.endsAt ?? before.endsAt,
    timeZone: patch.timeZone ?? before.timeZone,
    allDay: patch.allDay ?? before.allDay,
    status: patch.status ?? before.status,
    visibility: patch.visibility ?? before.visibility,
    capacity: patch.capacity === undefined ? before.capacity : patch.capacity,
    audienceGrades: patch.audienceGrades ?? before.audienceGrades,
    languages: patch.languages ?? before.languages,
    sequence: before.sequence,
  };
  if (toDateTime(values.endsAt) <= toDateTime(values.startsAt)) {
    throw new ValidationError('Invalid activity times', [{ path: 'body.endsAt', message: 'must be after startsAt' }]);
  }
  if (attendeeRelevantChange(before, values)) values.sequence += 1;
  return values;
}

/** The venue is a resource too: an activity at a venue claims it unless the caller already did. */
function withVenueClaim(claims: ClaimInput[], venueId: number | null | undefined): ClaimInput[] {
  if (!venueId || claims.some((c) => c.resourceId === venueId)) return claims;
  return [{ resourceId: venueId, quantity: 1, setupMinutes: 0, teardownMinutes: 0 }, ...claims];
}

export function activitiesService(pool: Pool, events: ActivityEvents = new ActivityEvents()) {
  async function load(db: Pool | PoolClient, id: number): Promise<Activity> {
    const row = found(await q.selectActivity(db, id), entity, id);
    return presentActivity(row, await q.selectClaims(db, [id]));
  }

  return {
    async list(query: ActivityListQuery) {
      const after = decodeCursor(query.cursor);
      if (query.cursor && !after) throw new ValidationError('Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor from this API' }]);
      const rows = await q.selectActivities(pool, query, after);
      const shown = rows.slice(0, query.limit);
      const claims = await q.selectClaims(pool, shown.map((r) => r.id));
      const last = shown[shown.length - 1];
      return {
        items: shown.map((row) => presentActivity(row, claims)),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
      };
    },

    get: (id: number) => load(pool, id),

    async create(actor: Actor, input: ActivityCreate): Promise<Activity> {
      const created = await audited(pool, actor, { entity, action: 'create' }, async (db) => {
        if (!(await selectUnit(db, input.organizerUnitId))) {
          throw new ValidationError('Unknown organizer unit', [{ path: 'body.organizerUnitId', message: `unit ${input.organizerUnitId} does not exist` }]);
        }
        const claims = withVenueClaim(input.claims, input.venueId);
        await checkClaims(db, claims, input.venueId ?? null);
        const id = await q.insertActivity(db, {
          kind: input.kind, titleZh: input.title['zh-CN'], titleEn: input.title.en,
          descriptionZh: input.description?.['zh-CN'] ?? '', descriptionEn: input.description?.en ?? '',
          organizerUnitId: input.organizerUnitId, venueId: input.venueId ?? null,
          startsAt: input.startsAt, endsAt: input.endsAt, timeZone: input.timeZone, allDay: input.allDay,
          status: input.status, visibility: input.visibility, capacity: input.capacity ?? null,
          audienceGrades: input.audienceGrades, languages: input.languages, sequence: 0,
        });
        await q.upsertSingleOccurrence(db, id, input.startsAt, input.endsAt, false);
        for (const claim of claims) await q.insertClaim(db, id, claim);
        await events.emit(db, { type: 'created', activityId: id });
        const after = await load(db, id);
        return { after, entityId: id };
      });
      return created!;
    },

    async update(actor: Actor, id: number, patch: ActivityUpdate): Promise<Activity> {
      const updated = await audited(pool, actor, { entity, action: 'update' }, async (db) => {
        const row = found(await q.selectActivity(db, id, true), entity, id);
        const before = presentActivity(row, await q.selectClaims(db, [id]));
        const values = merge(row, patch);
        if (values.venueId !== row.venueId && values.venueId !== null) {
          const claims = withVenueClaim([], values.venueId);
          await checkClaims(db, claims, values.venueId);
          for (const claim of claims) await q.insertClaim(db, id, claim);
        }
        await q.updateActivity(db, id, values);
        await q.upsertSingleOccurrence(db, id, values.startsAt, values.endsAt, values.status === 'cancelled');
        await events.emit(db, {
          type: 'updated', activityId: id, attendeeRelevant: values.sequence !== row.sequence,
          statusBefore: row.status, statusAfter: values.status,
        });
        return { before, after: await load(db, id), entityId: id };
      });
      return updated!;
    },

    async remove(actor: Actor, id: number): Promise<void> {
      await audited(pool, actor, { entity, action: 'delete' }, async (db) => {
        const before = await load(db, id);
        if (before.status !== 'draft') {
          throw new ConflictError('not_draft', 'Only draft activities can be deleted; cancel it instead so subscribers see the cancellation');
        }
        await q.deleteActivity(db, id);
        return { before, entityId: id };
      });
    },

    async addClaim(actor: Actor, activityId: number, input: ClaimInput): Promise<Claim> {
      const created = await audited(pool, actor, { entity: 'claim', action: 'create' }, async (db) => {
        found(await q.selectActivity(db, activityId, true), entity, activityId);
        await checkClaims(db, [input], null);
        const after = await q.insertClaim(db, activityId, input);
        return { after, entityId: after.id };
      });
      return created!;
    },

    async updateClaim(actor: Actor, activityId: number, claimId: number, input: ClaimUpdate): Promise<Claim> {
      const updated = await audited(pool, actor, { entity: 'claim', action: 'update' }, async (db) => {
        found(await q.selectActivity(db, activityId, true), entity, activityId);
        const before = found(await q.selectClaim(db, activityId, claimId), 'claim', claimId);
        await checkClaims(db, [{ ...before, ...input }], null);
        return { before, after: await q.updateClaim(db, claimId, input), entityId: claimId };
      });
      return updated!;
    },

    async removeClaim(actor: Actor, activityId: number, claimId: number): Promise<void> {
      await audited(pool, actor, { entity: 'claim', action: 'delete' }, async (db) => {
        found(await q.selectActivity(db, activityId, true), entity, activityId);
        const before = found(await q.selectClaim(db, activityId, claimId), 'claim', claimId);
        await q.deleteClaim(db, claimId);
        return { before, entityId: claimId };
      });
    },
  };
}
export type ActivitiesService = ReturnType<typeof activitiesService>;
