import { DateTime } from 'luxon';
import { found } from '../shared/errors.ts';
import type { Pool, Queryable } from '../db/pool.ts';
import { requireAdmin, requireUnitWrite } from '../shared/policy.ts';
import type { Actor } from '../shared/actor.ts';
import { audited } from '../audit/audited.ts';
import { page } from '../shared/paging.ts';
import { ValidationError } from '../shared/errors.ts';
import { selectUnit } from '../units/units.queries.ts';
import { selectResource } from '../resources/resources.queries.ts';
import { inZone } from '../shared/time.ts';
import * as q from './calendars.queries.ts';
import type { CalendarEntryCreate, CalendarEntryListQuery, CalendarEntryResponse } from './calendars.schema.ts';

const entity = 'calendar_entry';

function present(row: q.CalendarEntryRow): CalendarEntryResponse {
  return { ...row, startsAt: inZone(row.startsAt, row.timeZone), endsAt: inZone(row.endsAt, row.timeZone) };
}

/** Whole local days become [first midnight, midnight after the last day) in the entry's zone. */
function spanOf(input: CalendarEntryCreate): { startsAt: string; endsAt: string; allDay: boolean } {
  if (input.startsOn && input.endsOn) {
    const from = DateTime.fromISO(input.startsOn, { zone: input.timeZone });
    const to = DateTime.fromISO(input.endsOn, { zone: input.timeZone }).plus({ days: 1 });
    return { startsAt: from.toUTC().toISO()!, endsAt: to.toUTC().toISO()!, allDay: true };
  }
  return { startsAt: input.startsAt!, endsAt: input.endsAt!, allDay: false };
}

/**
 * Who may write an entry: its unit's organizers (unit calendars), the owning unit's organizers
 * (resource maintenance), admins (entries for everyone, such as public holidays).
 */
async function requireEntryWrite(db: Queryable, actor: Actor, scope: { unitId: number | null; resourceId: number | null }): Promise<void> {
  if (scope.resourceId) {
    const resource = await selectResource(db, scope.resourceId);
    if (!resource) throw new ValidationError('Unknown resource', [{ path: 'body.resourceId', message: `resource ${scope.resourceId} does not exist` }]);
    requireUnitWrite(actor, resource.unitId);
  } else if (scope.unitId) requireUnitWrite(actor, scope.unitId);
  else requireAdmin(actor);
}

export function calendarsService(pool: Pool) {
  return {
    async list(query: CalendarEntryListQuery) {
      return { ...page((await q.selectEntries(pool, query)).map(present), query.limit) };
    },
    async get(id: number) {
      return present(found(await q.selectEntry(pool, id), entity, id));
    },
    async create(actor: Actor, input: CalendarEntryCreate) {
      const created = await audited(pool, actor, { entity, action: 'create' }, async (db) => {
        if (input.unitId && !(await selectUnit(db, input.unitId))) throw new ValidationError('Unknown unit', [{ path: 'body.unitId', message: `unit ${input.unitId} does not exist` }]);
        await requireEntryWrite(db, actor, { unitId: input.unitId ?? null, resourceId: input.resourceId ?? null });
        const row = await q.insertEntry(db, {
          kind: input.kind, unitId: input.unitId ?? null, resourceId: input.resourceId ?? null,
          nameZh: input.name['zh-CN'], nameEn: input.name.en, ...spanOf(input), timeZone: input.timeZone, asWeekday: input.asWeekday ?? null,
        });
        return { after: present(row), entityId: row.id };
      });
      return created!;
    },
    async remove(actor: Actor, id: number) {
      await audited(pool, actor, { entity, action: 'delete' }, async (db) => {
        const before = found(await q.selectEntry(db, id), entity, id);
        await requireEntryWrite(db, actor, before);
        await q.deleteEntry(db, id);
        return { before: present(before), entityId: id };
      });
    },
  };
}
export type CalendarsService = ReturnType<typeof calendarsService>;
