import type { Queryable } from '../db/pool.ts';
import type { ICalActivity } from '../shared/ical/events.ts';
import type { ExportTable } from './imports.schema.ts';
import { CALENDAR_ACTIVITY_COLUMNS, CALENDAR_ACTIVITY_JOINS } from '../activities/ical-events.queries.ts';
import { activityStatusSql as st } from '../booking/status.queries.ts';

/**
 * What a unit owns, one statement per table, as header + rows of text cells (instants in ISO 8601
 * UTC). Owned: its resources, classes, the activities it organizes with their occurrences and
 * claims, and calendar entries of the unit or of its resources.
 */

const iso = (column: string) => `to_json(${column})#>>'{}'`;
const MINE = 'SELECT id FROM activities WHERE organizer_unit_id = $1::bigint';

const STATEMENTS: Record<ExportTable, string> = {
  resources: `SELECT id, kind, category, name_zh, name_en, quantity, location_zh, location_en, description, opening_hours::text AS opening_hours
                FROM resources WHERE unit_id = $1::bigint ORDER BY id`,
  classes: `SELECT id, code, kind, grade, number, size, name_zh, name_en FROM classes WHERE unit_id = $1::bigint ORDER BY id`,
  activities: `SELECT id, kind, title_zh, title_en, status, visibility, ${iso('starts_at')} AS starts_at, ${iso('ends_at')} AS ends_at, time_zone,
                      all_day, (SELECT av.venue_id FROM activity_venues av WHERE av.activity_id = activities.id) AS venue_id, capacity, array_to_string(audience_grades, ';') AS audience_grades,
                      array_to_string(languages, ';') AS languages, recurrence_rule, sequence
                 FROM activities WHERE organizer_unit_id = $1::bigint ORDER BY id`,
  occurrences: `SELECT id, activity_id, ${iso('original_starts_at')} AS original_starts_at, ${iso('starts_at')} AS starts_at,
                       ${iso('ends_at')} AS ends_at, status
                  FROM occurrences WHERE activity_id IN (${MINE}) ORDER BY activity_id, starts_at`,
  claims: `SELECT id, activity_id, resource_id, quantity, setup_minutes, teardown_minutes, approval
             FROM claims WHERE activity_id IN (${MINE}) ORDER BY activity_id, id`,
  'calendar-entries': `SELECT id, kind, unit_id, resource_id, name_zh, name_en, ${iso('lower(period)')} AS starts_at, ${iso('upper(period)')} AS ends_at,
                              all_day, time_zone, as_weekday
                         FROM calendar_entries
                        WHERE unit_id = $1::bigint OR resource_id IN (SELECT id FROM resources WHERE unit_id = $1::bigint) ORDER BY id`,
};

export async function selectExportTable(db: Queryable, table: ExportTable, unitId: number): Promise<{ header: string[]; rows: unknown[][] }> {
  const result = await db.query<unknown[]>({ text: STATEMENTS[table], values: [unitId], rowMode: 'array' });
  return { header: result.fields.map((f) => f.name), rows: result.rows };
}

/** The unit's activities as calendar data (drafts are not events), in start order. */
export async function selectUnitCalendarActivities(db: Queryable, unitId: number): Promise<ICalActivity[]> {
  const { rows } = await db.query<ICalActivity>(
    `SELECT ${CALENDAR_ACTIVITY_COLUMNS}, NULL::json AS note
       FROM activities a ${CALENDAR_ACTIVITY_JOINS}
      WHERE a.organizer_unit_id = $1::bigint AND ${st.notDraft('a')}
      ORDER BY a.starts_at, a.id`,
    [unitId],
  );
  return rows;
}
