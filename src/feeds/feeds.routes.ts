import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { routeOn, type RouteRegistry } from '../http/route.ts';
import { idParams } from '../http/schemas.ts';
import { actorOf } from '../http/actor.ts';
import { AppError } from '../shared/errors.ts';
import { limiter as rateLimiter, type RateLimitStores } from '../http/rate-limit.ts';
import type { FeedsService } from './feeds.service.ts';
import type { FeedPublisher, FeedVersion } from './feeds.publish.ts';
import { feedCreate, feedListQuery, feedResponse, feedUpdate, feedWithToken, publicFeedRequest, publicFeedResponse } from './feeds.schema.ts';
import { hashFeedToken, looksLikeFeedToken } from './tokens.ts';
import { chooseCoding, codedEtag, type Coding } from '../http/content-coding.ts';

const tag = 'Feeds';
const list = z.object({ items: z.array(feedResponse), nextCursor: z.number().nullable() });

/** Managing feeds: JSON API under /api/v1. */
export function feedsRoutes(registry: RouteRegistry, mount: string, feeds: FeedsService): Router {
  const r = Router();
  const route = routeOn(r, registry, mount);
  route({ method: 'get', access: 'signed-in', path: '/feeds', tag, summary: 'List feeds (without their tokens)', query: feedListQuery, response: list },
    ({ query, req }) => feeds.list(actorOf(req), query));
  route({ method: 'get', access: 'signed-in', path: '/feeds/:id', tag, summary: 'Get a feed (without its token)', params: idParams, response: feedResponse },
    ({ params, req }) => feeds.get(actorOf(req), params.id));
  route({ method: 'post', path: '/feeds', tag, summary: 'Create a feed; the response shows its token and subscribe links once', body: feedCreate, status: 201, response: feedWithToken },
    ({ body, req }) => feeds.create(actorOf(req), body));
  route({ method: 'post', access: 'public', path: '/feeds/public', tag, summary: 'Subscribe links for the public programme with these filters (anyone; the same filters give the same link)', body: publicFeedRequest, response: publicFeedResponse },
    ({ body, req }) => feeds.publicProgramme(actorOf(req), body));
  route({ method: 'patch', path: '/feeds/:id', tag, summary: 'Rename a feed, change its language or filters', params: idParams, body: feedUpdate, response: feedResponse, errors: { 409: 'feed_revoked' } },
    ({ params, body, req }) => feeds.update(actorOf(req), params.id, body));
  route({ method: 'post', path: '/feeds/:id/rotate', tag, summary: 'Replace the token; the old link stops working', params: idParams, response: feedWithToken, errors: { 409: 'feed_revoked' } },
    ({ params, req }) => feeds.rotate(actorOf(req), params.id));
  route({ method: 'delete', path: '/feeds/:id', tag, summary: 'Revoke a feed; its link answers 404 from now on', params: idParams, status: 204 },
    ({ params, req }) => feeds.revoke(actorOf(req), params.id));
  return r;
}

/** Express path of a feed; the OpenAPI document spells it `/feeds/{token}.ics` (feeds.openapi.ts). */
export const FEED_FILE_PATH = '/feeds/:token.ics';

/**
 * The token's SHA-256 when the path names a feed file at all: the shape of `feedFileParams` (the
 * docs' schema), tested with its regular expression rather than a zod parse on every poll.
 */
function tokenHashOf(req: Request): Buffer | undefined {
  const token = req.params.token;
  return typeof token === 'string' && looksLikeFeedToken(token) ? hashFeedToken(token) : undefined;
}

// Dates as HTTP spells them, per version (a version's Last-Modified never changes); weakly held.
const httpDates = new WeakMap<Date, string>();
function httpDate(date: Date): string {
  let text = httpDates.get(date);
  if (text === undefined) httpDates.set(date, (text = date.toUTCString()));
  return text;
}

/** setHeader, not res.set: Express's res.set walks the object and looks at each value (every poll, 304s included). */
function setVersionHeaders(res: Response, version: FeedVersion, coding: Coding): void {
  // Each coding its own strong tag, so If-None-Match names the bytes the client holds (304s too).
  res.setHeader('ETag', codedEtag(version.etag, coding));
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Last-Modified', httpDate(version.lastModified));
  // Clients may reuse it for an hour (as REFRESH-INTERVAL says), then revalidate for a cheap 304.
  // `private`: a personal schedule must not sit in a shared cache.
  res.setHeader('Cache-Control', 'private, max-age=3600');
}

/**
 * The feed itself: GET/HEAD /feeds/{token}.ics for calendar apps. Unknown, malformed and revoked
 * tokens all get the same 404, so a response never confirms a token existed. Tokens never reach
 * the logs (http/middleware.ts redacts /feeds/… in URLs). Compressed here (brotli or gzip, as the
 * client asks), from copies made once per version, not by the app's compression middleware, which
 * would compress the same bytes again for every poll. Documented in feeds.openapi.ts.
 */
export function feedFileRoutes(publisher: FeedPublisher, options: { perMinute: number; rateLimits?: RateLimitStores }): Router {
  const r = Router();
  const notFound = (): never => {
    throw new AppError(404, 'not_found', 'No such feed');
  };
  const limiter = rateLimiter({
    name: 'feed',
    stores: options.rateLimits,
    windowMs: 60_000,
    limit: options.perMinute,
    // Per token (by its hash, so the limiter's memory holds no secrets), not per IP: calendar
    // services poll from shared addresses.
    keyGenerator: (_req, res) => (res.locals.feedTokenHash as Buffer).toString('base64url'),
    message: 'This feed is polled too often; once an hour is plenty',
    // draft-7's RateLimit headers: draft-8's partition key is a SHA-256 of the key on every poll
    // (a twentieth of a feed 304's CPU, bench/feeds.bench.ts); calendar apps read neither.
    headers: 'draft-7',
  });
  const token = (req: Request, res: Response, next: () => void) => {
    res.locals.feedTokenHash = tokenHashOf(req);
    return res.locals.feedTokenHash ? next() : notFound();
  };

  r.get(FEED_FILE_PATH, token, limiter, async (req, res) => {
    const found = await publisher.revalidate(res.locals.feedTokenHash as Buffer);
    if (!found) return notFound();
    const coding = chooseCoding(req.headers['accept-encoding']);
    setVersionHeaders(res, found.version, coding);
    if (req.fresh) return void res.status(304).end();
    const { version, body } = await publisher.body(found, coding);
    setVersionHeaders(res, version, coding);
    res.set({ 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': 'inline; filename="orrery.ics"' });
    if (coding !== 'identity') res.set('Content-Encoding', coding);
    res.send(body);
  });
  return r;
}
