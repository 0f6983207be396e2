import { jsonSchema } from '../http/openapi.ts';
import type { RouteRegistry } from '../http/route.ts';
import { feedFileParams } from './feeds.schema.ts';

/**
 * The OpenAPI entry of GET/HEAD /feeds/{token}.ics. It cannot go through `defineRoute` (a HEAD
 * twin, a bodiless 304, a 404 rather than a 422 for a malformed token), so it is written here, next
 * to the route, with the token's schema generated from `feedFileParams`, which the route matches with.
 */
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const versionHeaders = {
  ETag: { description: 'Strong validator of exactly these bytes; a compressed copy has its own (`"…-br"`, `"…-gzip"`)', schema: { type: 'string' } },
  Vary: { description: '`Accept-Encoding`: brotli or gzip when the client accepts them', schema: { type: 'string' } },
  'Last-Modified': { description: 'Newest change among the rows the feed shows (HTTP date)', schema: { type: 'string' } },
  'Cache-Control': { description: '`private, max-age=3600`: reuse for an hour, then revalidate', schema: { type: 'string' } },
};

export function documentFeedFile(registry: RouteRegistry): void {
  const params = jsonSchema(feedFileParams, 'input') as { properties: Record<string, Record<string, unknown>> };
  const parameters = [
    { name: 'token', in: 'path', required: true, schema: params.properties.token, description: params.properties.token!.description },
    { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'ETag of the copy the client holds' },
    { name: 'Accept-Encoding', in: 'header', required: false, schema: { type: 'string' }, description: '`br` or `gzip` for a compressed copy (Content-Encoding says which)' },
    { name: 'If-Modified-Since', in: 'header', required: false, schema: { type: 'string' }, description: 'Last-Modified of the copy the client holds' },
  ];
  const operation = (method: 'get' | 'head') => ({
    summary: method === 'get'
      ? 'The feed as an iCalendar file (RFC 5545), for calendar apps; the token is the only key'
      : 'The headers of GET (ETag, Last-Modified, Content-Length) without the body',
    tags: ['Feeds'],
    operationId: `${method}FeedFile`,
    parameters,
    security: [],
    responses: {
      200: {
        description: 'The calendar',
        headers: versionHeaders,
        ...(method === 'get' ? { content: { 'text/calendar': { schema: { type: 'string' } } } } : {}),
      },
      304: { description: 'Not modified: the client\'s ETag or date still matches (no body, nothing rendered)', headers: versionHeaders },
      404: problem('not_found: unknown, malformed, rotated or revoked token (never 401: a token\'s past existence is not confirmed)'),
      429: problem('rate_limited: this token is polled more often than FEED_RATE_LIMIT_PER_MINUTE'),
    },
  });
  registry.pathItems['/feeds/{token}.ics'] = { get: operation('get'), head: operation('head') };
}
