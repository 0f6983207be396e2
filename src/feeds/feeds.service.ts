import { requireAdmin, requireUnitRead, requireUnitWrite } from '../shared/policy.ts';
import { found } from '../shared/errors.ts';
import type { Actor } from '../shared/actor.ts';
import { createHmac } from 'node:crypto';
import { withTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import { audited } from '../audit/audited.ts';
import { page } from '../shared/paging.ts';
import { ConflictError, ValidationError } from '../shared/errors.ts';
import { selectUnit } from '../units/units.queries.ts';
import { selectResource } from '../resources/resources.queries.ts';
import * as q from './feeds.queries.ts';
import type { Feed, FeedCreate, FeedListQuery, FeedUpdate, FeedWithToken, ProgrammeFilters, PublicFeedRequest, PublicFeedResponse } from './feeds.schema.ts';
import { subscribeLinks } from './links.ts';
import { hashFeedToken, newFeedToken } from './tokens.ts';

const entity = 'feed';

/** Who owns a feed: a unit, or the participant (by email) for a personal feed. */
export interface FeedOwner {
  unitId: number | null;
  email: string | null;
}

/**
 * Every use case passes the acting party and the feed's owner through here before it reads or
 * changes anything. A unit's feeds belong to its organizers (viewers may read them); personal
 * feeds of participants and the shared public programme feeds are managed by admins through the
 * API (a participant reaches their own through the signed link in their emails).
 */
export function authorizeFeed(actor: Actor, owner: FeedOwner, action: 'read' | 'manage'): void {
  if (owner.unitId === null) {
    requireAdmin(actor);
    return;
  }
  if (action === 'read') requireUnitRead(actor, owner.unitId);
  else requireUnitWrite(actor, owner.unitId);
}

const ownerOf = (feed: Feed): FeedOwner => ({ unitId: feed.ownerUnitId, email: feed.ownerEmail });

function invalid(path: string, message: string): never {
  throw new ValidationError('Invalid feed', [{ path, message }]);
}

async function checkFilters(db: PoolClient, filters: ProgrammeFilters, path: string): Promise<void> {
  if (filters.unitIds && (await q.countExisting(db, 'units', filters.unitIds)) !== new Set(filters.unitIds).size) {
    invalid(`${path}.unitIds`, 'names a unit that does not exist');
  }
  if (filters.venueIds && (await q.countExisting(db, 'resources', filters.venueIds, true)) !== new Set(filters.venueIds).size) {
    invalid(`${path}.venueIds`, 'names a resource that does not exist or is not a venue');
  }
}

/** Checks every reference and works out the owner; 422 naming the field otherwise. */
async function valuesFor(db: PoolClient, input: FeedCreate): Promise<q.FeedValues> {
  const base = { type: input.type, name: input.name, description: input.description, language: input.language };
  const none = { ownerUnitId: null, ownerEmail: null, unitId: null, resourceId: null, filters: {} };
  const unit = async (unitId: number, path: string) => (await selectUnit(db, unitId)) ?? invalid(path, `unit ${unitId} does not exist`);
  switch (input.type) {
    case 'programme':
      await unit(input.ownerUnitId, 'body.ownerUnitId');
      await checkFilters(db, input.filters, 'body.filters');
      return { ...base, ...none, ownerUnitId: input.ownerUnitId, filters: input.filters };
    case 'unit':
      await unit(input.unitId, 'body.unitId');
      if (input.ownerUnitId !== undefined) await unit(input.ownerUnitId, 'body.ownerUnitId');
      return { ...base, ...none, ownerUnitId: input.ownerUnitId ?? input.unitId, unitId: input.unitId };
    case 'resource': {
      const resource = (await selectResource(db, input.resourceId)) ?? invalid('body.resourceId', `resource ${input.resourceId} does not exist`);
      if (input.ownerUnitId !== undefined) await unit(input.ownerUnitId, 'body.ownerUnitId');
      return { ...base, ...none, ownerUnitId: input.ownerUnitId ?? resource.unitId, resourceId: input.resourceId };
    }
    case 'participant':
      return { ...base, ...none, ownerEmail: input.ownerEmail };
  }
}

/** Filters in one spelling: sorted, without repeats, keys in a fixed order. */
function canonical(filters: ProgrammeFilters): ProgrammeFilters {
  const norm = <T extends string | number>(list: T[] | undefined) => (list ? [...new Set(list)].sort() : undefined);
  return JSON.parse(JSON.stringify({
    kinds: norm(filters.kinds), unitIds: norm(filters.unitIds), venueIds: norm(filters.venueIds),
    grades: norm(filters.grades), languages: norm(filters.languages),
  })) as ProgrammeFilters;
}

export const PUBLIC_FEED_NAME = '科学教育课程 Science programme';

export function feedsService(pool: Pool, options: { publicBaseUrl: string; secret: string; onChange?: (feedId: number) => void }) {
  const withToken = (feed: Feed, token: string): FeedWithToken => ({ ...feed, token, links: subscribeLinks(options.publicBaseUrl, token, feed.name) });
  const changed = (feedId: number) => options.onChange?.(feedId);

  /** Loads and locks a feed for a change by `actor`; revoked feeds cannot change any more. */
  async function lockLive(db: PoolClient, actor: Actor, id: number): Promise<Feed> {
    const feed = found(await q.selectFeed(db, id, true), entity, id);
    authorizeFeed(actor, ownerOf(feed), 'manage');
    if (feed.revokedAt) throw new ConflictError('feed_revoked', 'This feed was revoked; create a new one');
    return feed;
  }

  return {
    async list(actor: Actor, query: FeedListQuery) {
      authorizeFeed(actor, { unitId: query.ownerUnitId ?? null, email: null }, 'read');
      return page(await q.selectFeeds(pool, query), query.limit);
    },

    async get(actor: Actor, id: number): Promise<Feed> {
      const feed = found(await q.selectFeed(pool, id), entity, id);
      authorizeFeed(actor, ownerOf(feed), 'read');
      return feed;
    },

    /**
     * The public programme feed of these filters, for anyone (the programme page's Subscribe panel).
     * Its token is derived from the filters with the server secret, so the same filters always give
     * the same link and asking again creates nothing; it shows only what the public page shows.
     */
    async publicProgramme(actor: Actor, input: PublicFeedRequest): Promise<PublicFeedResponse> {
      const filters = canonical(input.filters);
      const token = createHmac('sha256', options.secret).update(`orrery public programme feed\n${JSON.stringify([filters, input.language])}`).digest('base64url');
      await withTransaction(pool, async (db) => {
        await checkFilters(db, filters, 'body.filters');
        const values = { type: 'programme' as const, name: PUBLIC_FEED_NAME, description: '', language: input.language, ownerUnitId: null, ownerEmail: null, unitId: null, resourceId: null, filters };
        const created = await q.insertFeedIfAbsent(db, values, hashFeedToken(token));
        if (created) await insertAudit(db, actor, { action: 'create', entity, entityId: created.id, after: created });
      });
      return { links: subscribeLinks(options.publicBaseUrl, token, PUBLIC_FEED_NAME), filters, language: input.language };
    },

    /** Creates a feed; the response is the only time its token is shown. */
    async create(actor: Actor, input: FeedCreate): Promise<FeedWithToken> {
      const token = newFeedToken();
      const feed = await audited(pool, actor, { entity, action: 'create' }, async (db) => {
        const values = await valuesFor(db, input);
        authorizeFeed(actor, { unitId: values.ownerUnitId, email: values.ownerEmail }, 'manage');
        const after = await q.insertFeed(db, values, hashFeedToken(token));
        return { after, entityId: after.id };
      });
      return withToken(feed!, token);
    },

    async update(actor: Actor, id: number, patch: FeedUpdate): Promise<Feed> {
      const feed = await audited(pool, actor, { entity, action: 'update' }, async (db) => {
        const before = await lockLive(db, actor, id);
        if (patch.filters && before.type !== 'programme') invalid('body.filters', 'only programme feeds have filters');
        if (patch.filters) await checkFilters(db, patch.filters, 'body.filters');
        const after = await q.updateFeed(db, id, {
          name: patch.name ?? before.name, description: patch.description ?? before.description,
          language: patch.language ?? before.language, filters: patch.filters ?? before.filters,
        });
        return { before, after, entityId: id };
      });
      changed(id);
      return feed!;
    },

    /** A new token; the old one stops working at once (404). */
    async rotate(actor: Actor, id: number): Promise<FeedWithToken> {
      const token = newFeedToken();
      const feed = await audited(pool, actor, { entity, action: 'rotate' }, async (db) => {
        const before = await lockLive(db, actor, id);
        return { before, after: await q.rotateFeedToken(db, id, hashFeedToken(token)), entityId: id };
      });
      changed(id);
      return withToken(feed!, token);
    },

    /** The token stops working for good (404, as if it never existed). Revoking twice is a no-op. */
    async revoke(actor: Actor, id: number): Promise<void> {
      await audited(pool, actor, { entity, action: 'revoke' }, async (db) => {
        const before = found(await q.selectFeed(db, id, true), entity, id);
        authorizeFeed(actor, ownerOf(before), 'manage');
        if (before.revokedAt) return { before, after: before, entityId: id, reason: 'already revoked' };
        return { before, after: await q.revokeFeed(db, id), entityId: id };
      });
      changed(id);
    },
  };
}
export type FeedsService = ReturnType<typeof feedsService>;
