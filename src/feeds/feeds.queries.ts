import type { Queryable } from '../db/pool.ts';
import { CALENDAR_ACTIVITY_COLUMNS, CALENDAR_ACTIVITY_JOINS } from '../activities/ical-events.queries.ts';
import { publishedSql, visibleToViewer } from '../activities/activities.queries.ts';
import { feedViewer } from '../shared/policy.ts';
import type { Feed, FeedListQuery, FeedType, ProgrammeFilters } from './feeds.schema.ts';
import type { FeedActivity } from './ical.ts';
import type { FeedWindow } from './window.ts';
import { activityStatusSql as st } from '../booking/status.queries.ts';

const iso = (column: string) => `to_json(${column})#>>'{}'`;

const COLUMNS = `f.id, f.type, f.name, f.description, f.language, f.owner_unit_id AS "ownerUnitId",
  f.owner_email AS "ownerEmail", f.unit_id AS "unitId", f.resource_id AS "resourceId", f.filters, f.version,
  ${iso('f.rotated_at')} AS "rotatedAt", ${iso('f.revoked_at')} AS "revokedAt",
  ${iso('f.created_at')} AS "createdAt", ${iso('f.updated_at')} AS "updatedAt"`;

export interface FeedValues {
  type: FeedType;
  name: string;
  description: string;
  language: string;
  ownerUnitId: number | null;
  ownerEmail: string | null;
  unitId: number | null;
  resourceId: number | null;
  filters: ProgrammeFilters;
}

export async function insertFeed(db: Queryable, v: FeedValues, tokenHash: Buffer): Promise<Feed> {
  const { rows } = await db.query<Feed>(
    `INSERT INTO feeds AS f (type, name, description, language, owner_unit_id, owner_email, unit_id, resource_id, filters, token_hash)
     VALUES ($1::text, $2::text, $3::text, $4::text, $5::bigint, $6::text, $7::bigint, $8::bigint, $9::jsonb, $10::bytea)
     RETURNING ${COLUMNS}`,
    [v.type, v.name, v.description, v.language, v.ownerUnitId, v.ownerEmail, v.unitId, v.resourceId, JSON.stringify(v.filters), tokenHash],
  );
  return rows[0]!;
}

/** Inserts the feed unless a feed with this token exists; returns the new row only. */
export async function insertFeedIfAbsent(db: Queryable, v: FeedValues, tokenHash: Buffer): Promise<Feed | undefined> {
  const { rows } = await db.query<Feed>(
    `INSERT INTO feeds AS f (type, name, description, language, owner_unit_id, owner_email, unit_id, resource_id, filters, token_hash)
     VALUES ($1::text, $2::text, $3::text, $4::text, $5::bigint, $6::text, $7::bigint, $8::bigint, $9::jsonb, $10::bytea)
     ON CONFLICT (token_hash) DO NOTHING
     RETURNING ${COLUMNS}`,
    [v.type, v.name, v.description, v.language, v.ownerUnitId, v.ownerEmail, v.unitId, v.resourceId, JSON.stringify(v.filters), tokenHash],
  );
  return rows[0];
}

export async function selectFeed(db: Queryable, feedId: number, forUpdate = false): Promise<Feed | undefined> {
  const { rows } = await db.query<Feed>(`SELECT ${COLUMNS} FROM feeds f WHERE f.id = $1::bigint ${forUpdate ? 'FOR UPDATE' : ''}`, [feedId]);
  return rows[0];
}

/** The live feed a token opens; revoked feeds are not found. */
export async function selectFeedByTokenHash(db: Queryable, tokenHash: Buffer): Promise<Feed | undefined> {
  const { rows } = await db.query<Feed>(
    `SELECT ${COLUMNS} FROM feeds f WHERE f.token_hash = $1::bytea AND f.revoked_at IS NULL`,
    [tokenHash],
  );
  return rows[0];
}

export async function selectFeeds(db: Queryable, q: FeedListQuery): Promise<Feed[]> {
  const { rows } = await db.query<Feed>(
    `SELECT ${COLUMNS} FROM feeds f
      WHERE ($1::bigint IS NULL OR f.owner_unit_id = $1::bigint)
        AND ($2::text IS NULL OR f.type = $2::text)
        AND (f.revoked_at IS NOT NULL) = $3::boolean
        AND ($4::bigint IS NULL OR f.id > $4::bigint)
      ORDER BY f.id LIMIT $5::int`,
    [q.ownerUnitId ?? null, q.type ?? null, q.revoked, q.cursor ?? null, q.limit + 1],
  );
  return rows;
}

export async function updateFeed(
  db: Queryable,
  feedId: number,
  v: { name: string; description: string; language: string; filters: ProgrammeFilters },
): Promise<Feed> {
  const { rows } = await db.query<Feed>(
    `UPDATE feeds f SET name = $2::text, description = $3::text, language = $4::text, filters = $5::jsonb,
            version = version + 1, updated_at = now()
      WHERE f.id = $1::bigint RETURNING ${COLUMNS}`,
    [feedId, v.name, v.description, v.language, JSON.stringify(v.filters)],
  );
  return rows[0]!;
}

export async function rotateFeedToken(db: Queryable, feedId: number, tokenHash: Buffer): Promise<Feed> {
  const { rows } = await db.query<Feed>(
    `UPDATE feeds f SET token_hash = $2::bytea, version = version + 1, rotated_at = now(), updated_at = now()
      WHERE f.id = $1::bigint RETURNING ${COLUMNS}`,
    [feedId, tokenHash],
  );
  return rows[0]!;
}

export async function revokeFeed(db: Queryable, feedId: number): Promise<Feed> {
  const { rows } = await db.query<Feed>(
    `UPDATE feeds f SET revoked_at = now(), version = version + 1, updated_at = now()
      WHERE f.id = $1::bigint RETURNING ${COLUMNS}`,
    [feedId],
  );
  return rows[0]!;
}

export async function countExisting(db: Queryable, table: 'units' | 'resources', ids: number[], venuesOnly = false): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE id = ANY ($1::bigint[]) ${venuesOnly ? "AND kind = 'venue'" : ''}`,
    [ids],
  );
  return rows[0]!.n;
}

// ---- What a feed shows ----------------------------------------------------------------------

/**
 * The activities of one feed, as a WHERE clause on `activities a` and its parameters ($1–$3 are
 * the window: a series by its occurrences, not its first one's booked time), and `visible`: the SQL of "the feed's owner may see `a`" (auth/policy.ts feedViewer,
 * the same predicate as activity lists and the programme), evaluated at every read. Drafts are in
 * no feed; cancelled ones stay for a while so calendars remove them. Unit and programme feeds show
 * only what their owner may see; a resource feed shows the rest as "Busy" (feeds.publish.ts).
 */
function selection(feed: Feed, w: FeedWindow): { where: string; params: unknown[]; visible: string } {
  const window = `a.starts_at < $2::timestamptz
    AND (${st.notCancelled('a')} OR a.cancelled_at >= $3::timestamptz)
    AND ((a.recurrence_rule IS NULL AND a.ends_at > $1::timestamptz) OR (a.recurrence_rule IS NOT NULL
         AND EXISTS (SELECT 1 FROM occurrences o WHERE o.activity_id = a.id AND o.ends_at > $1::timestamptz)))`;
  const viewer = feedViewer(feed);
  const params: unknown[] = [w.from, w.to, w.cancelledSince, viewer.all, viewer.unitId];
  const visible = visibleToViewer(4, 5);
  switch (feed.type) {
    case 'programme': {
      const f = feed.filters;
      params.push(f.kinds ?? null, f.unitIds ?? null, f.venueIds ?? null, f.grades ?? null, f.languages ?? null);
      return {
        where: `${publishedSql} AND ${window} AND ${visible}
          AND ($6::text[] IS NULL OR a.kind = ANY ($6::text[]))
          AND ($7::bigint[] IS NULL OR a.organizer_unit_id = ANY ($7::bigint[]))
          AND ($8::bigint[] IS NULL OR EXISTS (SELECT 1 FROM activity_venues av WHERE av.activity_id = a.id AND av.venue_id = ANY ($8::bigint[])))
          AND ($9::smallint[] IS NULL OR a.audience_grades && $9::smallint[])
          AND ($10::text[] IS NULL OR a.languages && $10::text[])`,
        params, visible,
      };
    }
    case 'unit':
      params.push(feed.unitId);
      return { where: `a.organizer_unit_id = $6::bigint AND ${st.notDraft('a')} AND ${window} AND ${visible}`, params, visible };
    case 'resource':
      params.push(feed.resourceId);
      return {
        where: `${st.notDraft('a')} AND ${window}
          AND EXISTS (SELECT 1 FROM claims c WHERE c.activity_id = a.id AND c.resource_id = $6::bigint AND c.approval <> 'declined')`,
        params, visible,
      };
    case 'participant':
      params.push(feed.ownerEmail);
      // A participant sees what they are registered for, and keeps seeing an activity that was
      // cancelled under their confirmed place.
      return {
        where: `${st.confirmedOrCancelled('a')} AND ${window}
          AND EXISTS (SELECT 1 FROM registrations r WHERE r.activity_id = a.id AND r.email = $6::text
                        AND (r.status = 'confirmed' OR (${st.cancelled('a')} AND r.confirmed_at IS NOT NULL
                             AND (r.cancelled_at IS NULL OR r.cancelled_at >= a.cancelled_at))))`,
        // (The owner parameters are named so every feed's statement has the same parameter types.)
        params, visible: '($4::boolean OR $5::bigint IS NULL OR true)',
      };
  }
}

/** Everything a feed's bytes depend on, cheaply: counts and newest update times. */
export interface FeedFingerprintRow {
  activities: number;
  /** Of those, the ones the owner may see (the others are "Busy"). */
  shown: number;
  activitiesUpdatedAt: string | null;
  occurrences: number;
  occurrencesUpdatedAt: string | null;
  namesUpdatedAt: string | null;
  extras: number;
  extrasUpdatedAt: string | null;
}

/** Rows the feed type adds to what it shows: the resource's claims, the participant's registrations. */
function extras(feed: Feed): string {
  if (feed.type === 'resource') return 'SELECT count(*)::int AS n, max(c.updated_at) AS at FROM claims c WHERE c.resource_id = $6::bigint';
  if (feed.type === 'participant') return 'SELECT count(*)::int AS n, max(r.updated_at) AS at FROM registrations r WHERE r.email = $6::text';
  return 'SELECT 0 AS n, NULL::timestamptz AS at';
}

export async function selectFeedFingerprint(db: Queryable, feed: Feed, w: FeedWindow): Promise<FeedFingerprintRow> {
  const { where, params, visible } = selection(feed, w);
  const { rows } = await db.query<FeedFingerprintRow>(
    `WITH chosen AS (SELECT a.id, ${visible} AS visible, a.updated_at, a.recurrence_rule IS NOT NULL AS recurring, a.organizer_unit_id
                       FROM activities a WHERE ${where}),
          acts AS (SELECT count(*)::int AS n, count(*) FILTER (WHERE visible)::int AS shown, max(updated_at) AS at FROM chosen),
          occ AS (SELECT count(*)::int AS n, max(o.updated_at) AS at
                    FROM chosen JOIN occurrences o ON o.activity_id = chosen.id WHERE chosen.recurring),
          names AS (SELECT max(t.updated_at) AS at FROM (
                      SELECT r.updated_at FROM resources r WHERE r.id IN (SELECT av.venue_id FROM activity_venues av JOIN chosen ON chosen.id = av.activity_id)
                      UNION ALL SELECT u.updated_at FROM units u WHERE u.id IN (SELECT organizer_unit_id FROM chosen)) t),
          extra AS (${extras(feed)})
     SELECT acts.n AS activities, acts.shown AS shown, ${iso('acts.at')} AS "activitiesUpdatedAt",
            occ.n AS occurrences, ${iso('occ.at')} AS "occurrencesUpdatedAt", ${iso('names.at')} AS "namesUpdatedAt",
            extra.n AS extras, ${iso('extra.at')} AS "extrasUpdatedAt"
       FROM acts, occ, names, extra`,
    params,
  );
  return rows[0]!;
}

/** An activity of a feed, as the renderer needs it (plus a resource feed's claim instead of a note). */
export type FeedActivityRow = Omit<FeedActivity, 'note'> & {
  /** Whether the feed's owner may see the activity; a resource feed shows the others as "Busy". */
  visible: boolean;
  claim: { quantity: number; setupMinutes: number; teardownMinutes: number; poolQuantity: number; resourceKind: string } | null;
};

export async function selectFeedActivities(db: Queryable, feed: Feed, w: FeedWindow): Promise<FeedActivityRow[]> {
  const { where, params, visible } = selection(feed, w);
  const claim = feed.type === 'resource'
    ? `(SELECT json_build_object('quantity', c.quantity, 'setupMinutes', c.setup_minutes, 'teardownMinutes', c.teardown_minutes,
                                 'poolQuantity', p.quantity, 'resourceKind', p.kind)
          FROM claims c JOIN resources p ON p.id = c.resource_id WHERE c.activity_id = a.id AND c.resource_id = $6::bigint)`
    : 'NULL::json';
  const { rows } = await db.query<FeedActivityRow>(
    `SELECT ${CALENDAR_ACTIVITY_COLUMNS},
            ${claim} AS claim, ${visible} AS visible
       FROM activities a ${CALENDAR_ACTIVITY_JOINS}
      WHERE ${where}
      ORDER BY a.starts_at, a.id`,
    params,
  );
  return rows;
}

/**
 * The Last-Modified of a feed whose content has fingerprint `key` (migration 0011): unchanged while
 * the key is, else moved to `candidate` (a whole second) or one second past the previous stamp,
 * whichever is later. One statement, so instances racing on the same change agree.
 */
export async function stampFeedVersion(db: Queryable, feedId: number, key: string, candidate: Date): Promise<Date> {
  for (let attempt = 0; ; attempt++) {
    const { rows } = await db.query<{ at: Date }>(
      // Reads first: an unchanged key (every poll of an unchanged feed) writes and locks nothing.
      `WITH cur AS (SELECT key, last_modified FROM feed_versions WHERE feed_id = $1::bigint),
       up AS (
         INSERT INTO feed_versions AS v (feed_id, key, last_modified)
         SELECT $1::bigint, $2::text, $3::timestamptz WHERE NOT EXISTS (SELECT 1 FROM cur WHERE cur.key = $2::text)
         ON CONFLICT (feed_id) DO UPDATE
           SET key = EXCLUDED.key, last_modified = greatest(EXCLUDED.last_modified, v.last_modified + interval '1 second')
         WHERE v.key <> EXCLUDED.key
         RETURNING v.last_modified)
       SELECT last_modified AS at FROM up
       UNION ALL
       SELECT last_modified FROM cur WHERE key = $2::text AND NOT EXISTS (SELECT 1 FROM up)`,
      [feedId, key, candidate.toISOString()],
    );
    // Empty only when another instance stamped this key after this statement's snapshot: ask again.
    if (rows[0] || attempt > 2) return rows[0]?.at ?? candidate;
  }
}

/** Whether a feed with this token exists, and whether it was revoked. */
export async function selectFeedState(db: Queryable, tokenHash: Buffer): Promise<'none' | 'revoked' | 'live'> {
  const { rows } = await db.query<{ revoked: boolean }>('SELECT revoked_at IS NOT NULL AS revoked FROM feeds WHERE token_hash = $1::bytea', [tokenHash]);
  return rows.length === 0 ? 'none' : rows[0]!.revoked ? 'revoked' : 'live';
}
