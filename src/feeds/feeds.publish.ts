import { createHash } from 'node:crypto';
import { withTransaction, type Pool, type Queryable } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import { RenderedFeedCache } from './cache.ts';
import type { Feed } from './feeds.schema.ts';
import * as q from './feeds.queries.ts';
import { RENDER_VERSION, renderFeed, type FeedActivity } from './ical.ts';
import { hashFeedToken } from './tokens.ts';
import { feedWindow, type FeedWindow, type FeedWindowOptions } from './window.ts';

/**
 * Serving feeds to calendar apps: find the feed by its token, work out a fingerprint of what it
 * would show (one cheap aggregate query), and only render when the client does not already hold
 * that version. ETag and Last-Modified come from the fingerprint, so a 304 never renders.
 */
export interface FeedPublisherOptions {
  publicBaseUrl: string;
  window: FeedWindowOptions;
  cacheBytes: number;
  /** The renderer; tests pass a counting wrapper to prove a 304 never renders. */
  render?: typeof renderFeed;
}

export interface FeedVersion {
  /** Hash of everything the bytes depend on; equal keys give identical bytes. */
  key: string;
  etag: string;
  lastModified: Date;
}

function newest(isoTimes: (string | null)[]): Date {
  const times = isoTimes.filter((t): t is string => t !== null).map((t) => Date.parse(t));
  // HTTP dates have whole seconds; rounding down keeps If-Modified-Since comparisons exact.
  return new Date(Math.floor(Math.max(0, ...times) / 1000) * 1000);
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

export function toFeedActivity(row: q.FeedActivityRow): FeedActivity {
  const { claim: _claim, ...rest } = row;
  return { ...rest, note: claimNote(row) };
}

export function feedPublisher(pool: Pool, clock: Clock, options: FeedPublisherOptions) {
  const cache = new RenderedFeedCache(options.cacheBytes);
  // Fifty clients polling right after a change share one render instead of starting fifty.
  const inFlight = new Map<string, Promise<{ version: FeedVersion; body: Buffer }>>();

  async function versionOf(db: Queryable, feed: Feed, window: FeedWindow): Promise<FeedVersion> {
    const f = await q.selectFeedFingerprint(db, feed, window);
    const key = createHash('sha256')
      .update(JSON.stringify([RENDER_VERSION, options.publicBaseUrl, feed.id, feed.version, window.to, f]))
      .digest('base64url');
    const lastModified = newest([f.activitiesUpdatedAt, f.occurrencesUpdatedAt, f.namesUpdatedAt, f.extrasUpdatedAt, feed.updatedAt]);
    return { key, etag: `"${key.slice(0, 32)}"`, lastModified };
  }

  async function render(feed: Feed, window: FeedWindow): Promise<{ version: FeedVersion; body: Buffer }> {
    // One snapshot for the fingerprint and the rows, so the ETag names exactly these bytes.
    const { version, rows } = await withTransaction(pool, async (db) => {
      await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return { version: await versionOf(db, feed, window), rows: await q.selectFeedActivities(db, feed, window) };
    });
    const text = (options.render ?? renderFeed)(
      { name: feed.name, description: feed.description, language: feed.language, publicBaseUrl: options.publicBaseUrl },
      rows.map(toFeedActivity),
    );
    const body = Buffer.from(text, 'utf8');
    cache.set(feed.id, version.key, body);
    return { version, body };
  }

  return {
    /** The live feed behind a token, or undefined (unknown and revoked look the same). */
    open: (token: string) => q.selectFeedByTokenHash(pool, hashFeedToken(token)),

    window: (): FeedWindow => feedWindow(clock.now(), options.window),

    version: (feed: Feed, window: FeedWindow) => versionOf(pool, feed, window),

    /** The bytes of the feed: from the cache when `seen` still describes the data, else rendered. */
    async body(feed: Feed, window: FeedWindow, seen: FeedVersion): Promise<{ version: FeedVersion; body: Buffer }> {
      const cached = cache.get(feed.id, seen.key);
      if (cached) return { version: seen, body: cached };
      const flightKey = `${feed.id}:${seen.key}`;
      let flight = inFlight.get(flightKey);
      if (!flight) {
        flight = render(feed, window).finally(() => inFlight.delete(flightKey));
        inFlight.set(flightKey, flight);
      }
      return flight;
    },

    forget: (feedId: number) => cache.delete(feedId),
  };
}
export type FeedPublisher = ReturnType<typeof feedPublisher>;
