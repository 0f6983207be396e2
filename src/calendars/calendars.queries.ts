import { DateTime } from 'luxon';
import type { Queryable } from '../db/pool.ts';
import type { CalendarEntry, CalendarKind } from './blocking.ts';
import type { Weekday } from '../shared/types.ts';

/** A calendar entry as the API shows it; instants are UTC ISO strings. */
export interface CalendarEntryRow {
  id: number;
  kind: CalendarKind;
  unitId: number | null;
  resourceId: number | null;
  name: { 'zh-CN': string; en: string };
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timeZone: string;
  asWeekday: Weekday | null;
  createdAt: string;
}

const COLUMNS = `id, kind, unit_id AS "unitId", resource_id AS "resourceId",
  json_build_object('zh-CN', name_zh, 'en', name_en) AS name,
  to_json(lower(period))#>>'{}' AS "startsAt", to_json(upper(period))#>>'{}' AS "endsAt",
  all_day AS "allDay", time_zone AS "timeZone", as_weekday AS "asWeekday", to_json(created_at)#>>'{}' AS "createdAt"`;

export interface EntryValues {
  kind: CalendarKind;
  unitId: number | null;
  resourceId: number | null;
  nameZh: string;
  nameEn: string;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timeZone: string;
  asWeekday: Weekday | null;
}

export async function insertEntry(db: Queryable, v: EntryValues): Promise<CalendarEntryRow> {
  const { rows } = await db.query<CalendarEntryRow>(
    `INSERT INTO calendar_entries (kind, unit_id, resource_id, name_zh, name_en, period, all_day, time_zone, as_weekday)
     VALUES ($1::text, $2::bigint, $3::bigint, $4::text, $5::text, tstzrange($6::timestamptz, $7::timestamptz, '[)'),
             $8::boolean, $9::text, $10::text)
     RETURNING ${COLUMNS}`,
    [v.kind, v.unitId, v.resourceId, v.nameZh, v.nameEn, v.startsAt, v.endsAt, v.allDay, v.timeZone, v.asWeekday],
  );
  return rows[0]!;
}

export async function selectEntry(db: Queryable, entryId: number): Promise<CalendarEntryRow | undefined> {
  const { rows } = await db.query<CalendarEntryRow>(`SELECT ${COLUMNS} FROM calendar_entries WHERE id = $1::bigint`, [entryId]);
  return rows[0];
}

export async function deleteEntry(db: Queryable, entryId: number): Promise<void> {
  await db.query('DELETE FROM calendar_entries WHERE id = $1::bigint', [entryId]);
}

export interface EntryFilter {
  kind?: CalendarKind | undefined;
  unitId?: number | undefined;
  resourceId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: number | undefined;
  limit: number;
}

export async function selectEntries(db: Queryable, f: EntryFilter): Promise<CalendarEntryRow[]> {
  const { rows } = await db.query<CalendarEntryRow>(
    `SELECT ${COLUMNS} FROM calendar_entries
      WHERE ($1::text IS NULL OR kind = $1::text)
        AND ($2::bigint IS NULL OR unit_id = $2::bigint)
        AND ($3::bigint IS NULL OR resource_id = $3::bigint)
        AND period && tstzrange($4::timestamptz, $5::timestamptz)
        AND ($6::bigint IS NULL OR id > $6::bigint)
      ORDER BY id LIMIT $7::int`,
    [f.kind ?? null, f.unitId ?? null, f.resourceId ?? null, f.from ?? null, f.to ?? null, f.cursor ?? null, f.limit + 1],
  );
  return rows;
}

/**
 * Entries over [from, to) that can matter to these units and resources: their own, their units',
 * and everyone's. Uses the period index; the pure code decides what blocks.
 */
const RELEVANT_ENTRIES = `SELECT ${COLUMNS} FROM calendar_entries
      WHERE period && tstzrange($3::timestamptz, $4::timestamptz)
        AND kind <> 'term'
        AND ((unit_id IS NULL AND resource_id IS NULL)
             OR unit_id = ANY ($1::bigint[])
             OR unit_id IN (SELECT unit_id FROM resources WHERE id = ANY ($2::bigint[]))
             OR resource_id = ANY ($2::bigint[]))`;

export async function selectRelevantEntries(db: Queryable, unitIds: number[], resourceIds: number[], from: string, to: string): Promise<CalendarEntry[]> {
  const { rows } = await db.query<CalendarEntryRow>(RELEVANT_ENTRIES, [unitIds, resourceIds, from, to]);
  return rows.map(toEntry);
}

const RESOURCE_HOURS = `SELECT r.id, r.unit_id AS "unitId", u.time_zone AS zone, r.opening_hours AS "openingHours"
       FROM resources r JOIN units u ON u.id = r.unit_id
      WHERE r.id = ANY ($1::bigint[]) ORDER BY r.id`;

/**
 * The two columns of selectBlockingFacts for a statement whose parameters are numbered otherwise:
 * `at` names the placeholders of the unit ids, resource ids, from and to (e.g. ['$4', '$2', '$5', '$6']).
 */
export function blockingFactsColumns(at: [units: string, resources: string, from: string, to: string]): string {
  const renumber = (sql: string) => sql.replace(/\$([1-4])\b/g, (_m, n: string) => at[Number(n) - 1]!);
  return `(SELECT coalesce(json_agg(h ORDER BY h.id), '[]') FROM (${renumber(RESOURCE_HOURS.replaceAll('$1', '$2'))}) h) AS hours,
            (SELECT coalesce(json_agg(e), '[]') FROM (${renumber(RELEVANT_ENTRIES)}) e) AS entries`;
}

/**
 * selectResourceHours and selectRelevantEntries in one round trip: a booking checks both under its
 * resource locks, and a checked booking's cost is its round trips (issue 23).
 */
export async function selectBlockingFacts(db: Queryable, unitIds: number[], resourceIds: number[], from: string, to: string): Promise<{ hours: ResourceHoursRow[]; entries: CalendarEntry[] }> {
  const { rows } = await db.query<{ hours: ResourceHoursRow[]; entries: CalendarEntryRow[] }>(
    `SELECT ${blockingFactsColumns(['$1', '$2', '$3', '$4'])}`,
    [unitIds, resourceIds, from, to],
  );
  return { hours: rows[0]!.hours, entries: rows[0]!.entries.map(toEntry) };
}

export function toEntry(row: CalendarEntryRow): CalendarEntry {
  return {
    id: row.id, kind: row.kind, unitId: row.unitId, resourceId: row.resourceId, name: row.name, asWeekday: row.asWeekday,
    startsAt: DateTime.fromISO(row.startsAt, { zone: row.timeZone }), endsAt: DateTime.fromISO(row.endsAt, { zone: row.timeZone }),
  };
}

/** What the opening-hours check needs of each resource: owning unit, its zone, weekly hours. */
export interface ResourceHoursRow {
  id: number;
  unitId: number;
  zone: string;
  openingHours: Record<string, [string, string][]> | null;
}

export async function selectResourceHours(db: Queryable, resourceIds: number[]): Promise<ResourceHoursRow[]> {
  const { rows } = await db.query<ResourceHoursRow>(RESOURCE_HOURS, [resourceIds]);
  return rows;
}
