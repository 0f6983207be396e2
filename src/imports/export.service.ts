import type { Pool } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import { found } from '../shared/errors.ts';
import { requireUnitRead } from '../shared/policy.ts';
import { selectUnit } from '../units/units.queries.ts';
import { renderFeed } from '../feeds/ical.ts';
import { writeCsv } from './csv.ts';
import { selectExportTable, selectUnitCalendarActivities } from './export.queries.ts';
import type { ExportTable } from './imports.schema.ts';

/**
 * Everything a unit owns, for its own users and admins: one CSV per table, and its activities as
 * one iCalendar file rendered by the feeds' renderer (src/shared/ical/, so a series carries its rule
 * and every moved or cancelled occurrence, with VTIMEZONEs).
 */
export function exportService(pool: Pool, publicBaseUrl: string) {
  async function unitFor(actor: Actor, unitId: number) {
    requireUnitRead(actor, unitId);
    return found(await selectUnit(pool, unitId), 'unit', unitId);
  }
  return {
    async tableCsv(actor: Actor, unitId: number, table: ExportTable): Promise<string> {
      await unitFor(actor, unitId);
      const { header, rows } = await selectExportTable(pool, table, unitId);
      return writeCsv(header, rows);
    },

    async activitiesIcs(actor: Actor, unitId: number): Promise<string> {
      const unit = await unitFor(actor, unitId);
      const activities = await selectUnitCalendarActivities(pool, unitId);
      return renderFeed({ name: `${unit.name['zh-CN']} / ${unit.name.en}`, description: '', language: 'both', publicBaseUrl }, activities);
    },
  };
}

export type ExportService = ReturnType<typeof exportService>;
