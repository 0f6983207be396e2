import { DateTime } from 'luxon';
import type { Pool, PoolClient } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { found } from '../shared/errors.ts';
import { canSeeActivity, requireUnitWrite } from '../shared/policy.ts';
import { IMPORT_FILE_MAX_BYTES, uploadedText } from '../shared/uploads.ts';
import { page } from '../shared/paging.ts';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { selectUnit } from '../units/units.queries.ts';
import * as q from './classes.queries.ts';
import { readClassesCsv } from './classes.csv.ts';
import type { ClassCalendarCreate, ClassCalendarEntry, ClassCreate, ClassImport, ClassListQuery, ClassUpdate, SchoolClass } from './classes.schema.ts';

const entity = 'class';

async function requireUnit(db: Pool, unitId: number, path = 'body.unitId'): Promise<void> {
  if (!(await selectUnit(db, unitId))) throw new ValidationError('Unknown unit', [{ path, message: `unit ${unitId} does not exist` }]);
}

/** The deferred class_bookings_overlap constraint (0013) as the API's own conflict. */
export function asClassConflict(error: unknown): never {
  if (error instanceof ConflictError && error.details?.constraint === 'class_bookings_overlap') {
    throw new ConflictError('class_conflict', 'A class of this activity is already in another activity at that time');
  }
  throw error;
}

export function classesService(pool: Pool) {
  return {
    async list(query: ClassListQuery) {
      return page(await q.selectClasses(pool, query), query.limit);
    },
    async get(classId: number): Promise<SchoolClass> {
      return found(await q.selectClass(pool, classId), entity, classId);
    },
    async create(actor: Actor, input: ClassCreate): Promise<SchoolClass> {
      requireUnitWrite(actor, input.unitId);
      await requireUnit(pool, input.unitId);
      const created = await audited(pool, actor, { entity, action: 'create' }, async (db) => {
        const after = await q.insertClass(db, { ...input, grade: input.grade ?? null, number: input.number ?? null });
        return { after, entityId: after.id };
      });
      return created!;
    },
    async update(actor: Actor, classId: number, patch: ClassUpdate): Promise<SchoolClass> {
      const before = await this.get(classId);
      requireUnitWrite(actor, before.unitId);
      const updated = await audited(pool, actor, { entity, action: 'update' }, async (db) => ({ before, after: await q.updateClass(db, classId, patch), entityId: classId }));
      return updated!;
    },
    async remove(actor: Actor, classId: number): Promise<void> {
      const before = await this.get(classId);
      requireUnitWrite(actor, before.unitId);
      await audited(pool, actor, { entity, action: 'delete' }, async (db) => {
        await q.deleteClass(db, classId);
        return { before, entityId: classId };
      });
    },

    /** A dry run reports every bad row; `apply` writes all rows in one transaction, or none. */
    async importCsv(actor: Actor, input: ClassImport) {
      requireUnitWrite(actor, input.unitId);
      await requireUnit(pool, input.unitId);
      const { rows, issues } = readClassesCsv(uploadedText(input.csv, IMPORT_FILE_MAX_BYTES));
      const report = { applied: false, rows: rows.length, created: 0, updated: 0, errors: issues };
      if (issues.length > 0 || !input.apply) return report;
      await audited(pool, actor, { entity, action: 'import' }, async (db) => {
        for (const row of rows) {
          const saved = await q.upsertClass(db, { ...row, unitId: input.unitId });
          if (saved.inserted) report.created++;
          else report.updated++;
        }
        return { entityId: input.unitId, after: { rows: rows.length } };
      });
      return { ...report, applied: true };
    },

    async listEntries(unitId: number | undefined): Promise<ClassCalendarEntry[]> {
      return q.selectClassEntries(pool, unitId === undefined ? null : [unitId]);
    },
    async createEntry(actor: Actor, input: ClassCalendarCreate): Promise<ClassCalendarEntry> {
      requireUnitWrite(actor, input.unitId);
      await requireUnit(pool, input.unitId);
      if (input.classId != null) {
        const cls = await q.selectClass(pool, input.classId);
        if (!cls || cls.unitId !== input.unitId) throw new ValidationError('Unknown class', [{ path: 'body.classId', message: `class ${input.classId} is not a class of unit ${input.unitId}` }]);
      }
      const days = input.startsOn && input.endsOn
        ? { startsAt: DateTime.fromISO(input.startsOn, { zone: input.timeZone }).toUTC().toISO()!, endsAt: DateTime.fromISO(input.endsOn, { zone: input.timeZone }).plus({ days: 1 }).toUTC().toISO()! }
        : { startsAt: null, endsAt: null };
      const created = await audited(pool, actor, { entity: 'class_calendar_entry', action: 'create' }, async (db) => {
        const after = await q.insertClassEntry(db, {
          unitId: input.unitId, kind: input.kind, classId: input.classId ?? null, grade: input.grade ?? null, name: input.name,
          ...days, weekday: input.weekday ?? null, from: input.from ?? null, to: input.to ?? null, timeZone: input.timeZone,
        });
        return { after, entityId: after.id };
      });
      return created!;
    },
    async removeEntry(actor: Actor, entryId: number): Promise<void> {
      const entry = (await q.selectClassEntries(pool, null)).find((e) => e.id === entryId);
      if (!entry) throw new NotFoundError('class calendar entry', entryId);
      requireUnitWrite(actor, entry.unitId);
      await audited(pool, actor, { entity: 'class_calendar_entry', action: 'delete' }, async (db) => {
        await q.deleteClassEntry(db, entryId);
        return { before: entry, entityId: entryId };
      });
    },

    /** An activity the caller may not see answers 404, as GET /activities/{id} does. */
    async activityClasses(actor: Actor, activityId: number) {
      const access = await q.selectActivityAccess(pool, activityId);
      if (!access || !canSeeActivity(actor, access)) throw new NotFoundError('activity', activityId);
      return { activityId, classIds: await q.selectActivityClassIds(pool, activityId) };
    },
    /** Names the classes an activity is for; an active activity is refused when a class is elsewhere then. */
    /** In its own transaction, or given `tx` in the caller's (audited.ts): a plan item sets the classes of the activity it just created. */
    async setActivityClasses(actor: Actor, activityId: number, classIds: number[], tx?: PoolClient) {
      const db = tx ?? pool;
      const access = await q.selectActivityAccess(db, activityId);
      if (!access) throw new NotFoundError('activity', activityId);
      requireUnitWrite(actor, access.organizerUnitId);
      const ids = [...new Set(classIds)].sort((a, b) => a - b);
      const known = new Set((await q.selectClassesByIds(db, ids)).map((c) => c.id));
      const issues = ids.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id)).map(({ id, i }) => ({ path: `body.classIds.${i}`, message: `class ${id} does not exist` }));
      if (issues.length > 0) throw new ValidationError('Unknown classes', issues);
      await audited(pool, actor, { entity: 'activity_classes', action: 'update' }, async (db) => {
        const before = { classIds: await q.selectActivityClassIds(db, activityId) };
        await q.replaceActivityClasses(db, activityId, ids);
        return { before, after: { classIds: ids }, entityId: activityId };
      }, tx).catch(asClassConflict);
      return { activityId, classIds: ids };
    },
  };
}
export type ClassesService = ReturnType<typeof classesService>;
