import { createHash } from 'node:crypto';
import { withTransaction, type Pool, type Queryable } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import { encode, type Coding } from '../http/content-coding.ts';
import { FeedLookupCache, RenderedFeedCache } from './cache.ts';
import type { FeedChanges } from './changes.ts';
import type { Feed } from './feeds.schema.ts';
import * as q from './feeds.queries.ts';
import { RENDER_VERSION, renderFeed, type FeedActivity } from './ical.ts';
import { feedWindow, windowDay, type FeedWindow, type FeedWindowOptions } from './window.ts';

/**
 * Serving feeds to calendar apps: find the feed by its token, work out a fingerprint of what it
 * would show (one aggregate query), and only render when the client does not already hold that
 * version. ETag and Last-Modified come from the fingerprint, so a 304 never renders.
 *
 * With change notifications (changes.ts) the feed and its fingerprint are remembered until a change
 * is heard or the window moves at local midnight, so a revalidation usually needs no query at all;
 * without them (or while the listener is down) every poll asks the database.
 */
export interface FeedPublisherOptions {
  publicBaseUrl: string;
  window: FeedWindowOptions;
  cacheBytes: number;
  /** The renderer; tests pass a counting wrapper to prove a 304 never renders. */
  render?: typeof renderFeed;
  /** Change notifications that let memory answer revalidations; without them the database does. */
  changes?: FeedChanges;
  /** Most tokens and versions remembered (a feed is ~200 bytes here). */
  lookupLimit?: number;
}

/** A live feed found by its token, with the window it is shown for and its version in that window. */
export interface FeedRevalidation {
  feed: Feed;
  window: FeedWindow;
  version: FeedVersion;
}

export interface FeedVersion {
  /** Hash of everything the bytes depend on; equal keys give identical bytes. */
  key: string;
  etag: string;
  lastModified: Date;
}

/** The later of the newest row update and now, in whole seconds (HTTP dates have no fractions). */
function candidateStamp(isoTimes: (string | null)[], nowMs: number): Date {
  const times = isoTimes.filter((t): t is string => t !== null).map((t) => Date.parse(t));
  return new Date(Math.floor(Math.max(0, nowMs, ...times) / 1000) * 1000);
}

function claimNote(row: q.FeedActivityRow): FeedActivity['note'] {
  const c = row.claim;
  if (!c) return null;
  const amount = c.resourceKind === 'equipment' ? { zh: `占用 ${c.quantity}/${c.poolQuantity}`, en: `Claims ${c.quantity} of ${c.poolQuantity}` } : { zh: '占用', en: 'Claimed' };
  const buffers = c.setupMinutes || c.teardownMinutes
    ? { zh: `（准备 ${c.setupMinutes} 分钟，收尾 ${c.teardownMinutes} 分钟）`, en: ` (set-up ${c.setupMinutes} min, tear-down ${c.teardownMinutes} min)` }
    : { zh: '', en: '' };
  return { 'zh-CN': amount.zh + buffers.zh, en: amount.en + buffers.en };
}

const BUSY = { title: { 'zh-CN': '占用', en: 'Busy' }, nothing: { 'zh-CN': '', en: '' } };

/**
 * A row as the feed shows it. An activity the feed's owner may not see (another unit's internal or
 * not yet approved one holding a resource) keeps only its times, status and claim: "Busy".
 */
export function toFeedActivity(row: q.FeedActivityRow): FeedActivity {
  const { claim: _claim, visible, ...rest } = row;
  if (visible) return { ...rest, note: claimNote(row) };
  return { ...rest, title: BUSY.title, description: BUSY.nothing, organizer: BUSY.nothing, venue: null, venueLocation: { 'zh-CN': '', en: '' }, note: claimNote(row) };
}

export function feedPublisher(pool: Pool, clock: Clock, options: FeedPublisherOptions) {
  const cache = new RenderedFeedCache(options.cacheBytes);
  const lookups = new FeedLookupCache<Feed, { window: FeedWindow; version: FeedVersion }>(options.lookupLimit ?? 100_000);
  const { changes } = options;
  changes?.subscribe((table) => lookups.forget(table === null || table === 'feeds' ? 'everything' : 'versions'));
  /** Queries run on behalf of polls, for tests and diagnostics. */
  const stats = { feedQueries: 0, fingerprintQueries: 0, renders: 0, encodings: 0 };
  // Fifty clients polling right after a change share one render (and one compression per coding) instead of starting fifty.
  const inFlight = new Map<string, Promise<{ version: FeedVersion; body: Buffer }>>();
  // The window only moves at local midnight; one object per day also marks remembered versions as
  // belonging to that day, so they expire at midnight without a timer.
  let day: { since: number; until: number; window: FeedWindow } | undefined;

  function currentWindow(): FeedWindow {
    const now = clock.now();
    const ms = now.toMillis();
    if (!day || ms < day.since || ms >= day.until) day = { ...windowDay(now, options.window.timeZone), window: feedWindow(now, options.window) };
    return day.window;
  }

  /** The fingerprint of what the feed shows now: the key of its bytes and a candidate Last-Modified. */
  async function fingerprintOf(db: Queryable, feed: Feed, window: FeedWindow): Promise<{ key: string; candidate: Date }> {
    stats.fingerprintQueries++;
    const f = await q.selectFeedFingerprint(db, feed, window);
    const key = createHash('sha256')
      .update(JSON.stringify([RENDER_VERSION, options.publicBaseUrl, feed.id, feed.version, window.to, f]))
      .digest('base64url');
    return { key, candidate: candidateStamp([f.activitiesUpdatedAt, f.occurrencesUpdatedAt, f.namesUpdatedAt, f.extrasUpdatedAt, feed.updatedAt], clock.now().toMillis()) };
  }

  /**
   * Last-Modified is the feed's stored "last content change" (migration 0011), moved strictly
   * forward whenever the key differs from the one it was stamped for: edits within one second and
   * events leaving the feed move it too, so If-Modified-Since is as exact as If-None-Match.
   */
  async function stamped({ key, candidate }: { key: string; candidate: Date }, feedId: number): Promise<FeedVersion> {
    const lastModified = await q.stampFeedVersion(pool, feedId, key, candidate);
    return { key, etag: `"${key.slice(0, 32)}"`, lastModified };
  }

  async function versionOf(feed: Feed, window: FeedWindow): Promise<FeedVersion> {
    return stamped(await fingerprintOf(pool, feed, window), feed.id);
  }

  async function render(feed: Feed, window: FeedWindow): Promise<{ version: FeedVersion; body: Buffer }> {
    stats.renders++;
    // One snapshot for the fingerprint and the rows, so the ETag names exactly these bytes.
    const { fingerprint, rows } = await withTransaction(pool, async (db) => {
      await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return { fingerprint: await fingerprintOf(db, feed, window), rows: await q.selectFeedActivities(db, feed, window) };
    });
    const version = await stamped(fingerprint, feed.id);
    const text = (options.render ?? renderFeed)(
      { name: feed.name, description: feed.description, language: feed.language, publicBaseUrl: options.publicBaseUrl },
      rows.map(toFeedActivity),
    );
    const body = Buffer.from(text, 'utf8');
    cache.set(feed.id, version.key, body);
    return { version, body };
  }

  /** The rendered bytes: from the cache when the version still describes the data, else rendered. */
  function identityBody({ feed, window, version: seen }: FeedRevalidation): Promise<{ version: FeedVersion; body: Buffer }> {
    const cached = cache.get(feed.id, seen.key);
    if (cached) return Promise.resolve({ version: seen, body: cached });
    const flightKey = `${feed.id}:${seen.key}`;
    let flight = inFlight.get(flightKey);
    if (!flight) {
      flight = render(feed, window).finally(() => inFlight.delete(flightKey));
      inFlight.set(flightKey, flight);
    }
    return flight;
  }

  async function openFeed(tokenHash: Buffer): Promise<Feed | undefined> {
    stats.feedQueries++;
    return q.selectFeedByTokenHash(pool, tokenHash);
  }

  return {
    stats,

    /**
     * The live feed behind a token (by the token's SHA-256) and its current version, or undefined
     * (unknown and revoked look the same). Answered from memory when the listener vouches that
     * nothing changed since it was computed; a change committed before this call is always seen.
     */
    async revalidate(tokenHash: Buffer): Promise<FeedRevalidation | undefined> {
      const generation = await changes?.fence();
      const window = currentWindow();
      const key = tokenHash.toString('base64url');
      const known = generation === undefined ? undefined : lookups.feed(key);
      const feed = known ?? (await openFeed(tokenHash));
      if (!feed) return undefined;
      const remembered = known && lookups.version(feed.id);
      if (remembered && remembered.window === window) return { feed, window, version: remembered.version };
      const version = await versionOf(feed, window);
      // Kept only if no change was heard while asking: a change committed after the queries' snapshot
      // is heard later, and its notification empties the memory again.
      if (generation !== undefined && changes!.generation === generation) lookups.remember(key, feed, feed.id, { window, version });
      return { feed, window, version };
    },

    /**
     * The bytes of the feed in a content coding: from the cache when the version still describes the
     * data, else rendered (and compressed once per version and coding, shared by concurrent polls).
     */
    async body(found: FeedRevalidation, coding: Coding = 'identity'): Promise<{ version: FeedVersion; body: Buffer }> {
      const rendered = await identityBody(found);
      if (coding === 'identity') return rendered;
      const { feed } = found;
      const { version } = rendered;
      const cached = cache.get(feed.id, version.key, coding);
      if (cached) return { version, body: cached };
      const flightKey = `${feed.id}:${version.key}:${coding}`;
      let flight = inFlight.get(flightKey);
      if (!flight) {
        flight = encode(rendered.body, coding).then((body) => {
          stats.encodings++;
          cache.setCoded(feed.id, version.key, coding, body);
          return { version, body };
        }).finally(() => inFlight.delete(flightKey));
        inFlight.set(flightKey, flight);
      }
      return flight;
    },

    /** A feed changed through this process: drop its bytes and what tokens open (notifications follow). */
    forget(feedId: number): void {
      cache.delete(feedId);
      lookups.forget('everything');
    },
  };
}
export type FeedPublisher = ReturnType<typeof feedPublisher>;
