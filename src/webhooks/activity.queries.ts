import type { Queryable } from '../db/pool.ts';

/**
 * What an activity event tells (read-only: booking/ owns the activity). The units involved are the
 * organizing unit and the units owning its claimed resources; the classes are those it is for.
 */
export interface ActivityFacts {
  activityId: number;
  status: string;
  kind: string;
  titleZh: string;
  titleEn: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  sequence: number;
  venueZh: string | null;
  organizerUnitId: number;
  unitIds: number[];
  classIds: number[];
}

const iso = (column: string) => `to_json(${column})#>>'{}'`;

export async function selectActivityFacts(db: Queryable, activityId: number): Promise<ActivityFacts | undefined> {
  const { rows } = await db.query<ActivityFacts>(
    `SELECT a.id AS "activityId", a.status, a.kind, a.title_zh AS "titleZh", a.title_en AS "titleEn",
            ${iso('a.starts_at')} AS "startsAt", ${iso('a.ends_at')} AS "endsAt", a.time_zone AS "timeZone", a.sequence,
            (SELECT r.name_zh FROM claims c JOIN resources r ON r.id = c.resource_id WHERE c.activity_id = a.id AND c.is_venue ORDER BY c.id LIMIT 1) AS "venueZh",
            a.organizer_unit_id AS "organizerUnitId",
            array(SELECT DISTINCT u FROM unnest(array[a.organizer_unit_id] || array(SELECT r.unit_id FROM claims c JOIN resources r ON r.id = c.resource_id WHERE c.activity_id = a.id)) u ORDER BY u)::int8[] AS "unitIds",
            array(SELECT ac.class_id FROM activity_classes ac WHERE ac.activity_id = a.id ORDER BY ac.class_id)::int8[] AS "classIds"
       FROM activities a WHERE a.id = $1::bigint`,
    [activityId],
  );
  return rows[0] && { ...rows[0], unitIds: rows[0].unitIds.map(Number), classIds: rows[0].classIds.map(Number) };
}

export interface OccurrenceFacts {
  occurrenceId: number;
  startsAt: string;
  endsAt: string;
  originalStartsAt: string;
  status: string;
}

export async function selectOccurrenceFacts(db: Queryable, ids: number[]): Promise<OccurrenceFacts[]> {
  const { rows } = await db.query<OccurrenceFacts>(
    `SELECT o.id AS "occurrenceId", ${iso('o.starts_at')} AS "startsAt", ${iso('o.ends_at')} AS "endsAt", ${iso('o.original_starts_at')} AS "originalStartsAt", o.status
       FROM occurrences o WHERE o.id = ANY ($1::bigint[]) ORDER BY o.starts_at, o.id`,
    [ids],
  );
  return rows;
}

/** The running transaction's id: the same for every statement of one change. */
export async function currentTransaction(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ txid: string }>(`SELECT txid_current()::text AS txid`);
  return rows[0]!.txid;
}
